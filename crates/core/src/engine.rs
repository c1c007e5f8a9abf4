//! The console's port: the session and the scenario reader reach the az / PowerShell console
//! (the `mua-console` crate, above the core) only through the [`Engine`] table a front end installs
//! — `mua` and the tests at start, the portal's Cloud Shell once its code has loaded. Until then a
//! console step is refused (`invalid-input`, [`CONSOLE_NOT_LOADED`](crate::scenario::CONSOLE_NOT_LOADED)).
//! The core never names the console, so the compiler keeps the layers apart.

use std::any::Any;
use std::rc::Rc;
use std::sync::OnceLock;

use crate::error::Refusal;
use crate::scenario::{AzPowerShell, Shell};
use crate::sim::{Outcome, Simulator};

/// The console's entry points.
pub struct Engine {
    /// Runs console text (a line or a block) as a principal, in that principal's console.
    pub run: fn(&mut Simulator, &mut Consoles, &str, Shell, &str) -> Ran,
    /// The handles console text creates (what later steps of a scenario may name).
    pub creates: fn(Shell, &str) -> Vec<String>,
}

/// What console text gave: what the tool printed, and the outcome — the events of every line
/// that changed something with their checks, or the first refused line's refusal (the lines
/// before it did what they did, as in a shell; the lines after it do not run).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    /// The tool's output, lines joined by `\n`.
    pub output: String,
    /// The outcome.
    pub result: Result<Outcome, Refusal>,
}

/// Every principal's console in a session (az and PowerShell contexts, PowerShell variables), kept
/// by the session and read and changed only by the console, whose type it is. Cloning a session
/// shares it until the console next changes it.
#[derive(Clone, Default)]
pub struct Consoles {
    state: Option<Rc<dyn Any>>,
    /// The Az PowerShell a console loads until its person imports another (the scenario's).
    pub az_powershell: AzPowerShell,
    /// Whether console text comes from a script with no terminal to answer a prompt on (`mua
    /// shell`), rather than typed into Cloud Shell: a tool that would ask for confirmation refuses
    /// instead, as az does with no tty.
    pub no_terminal: bool,
}

impl Consoles {
    /// Consoles that load this Az PowerShell, typed into as Cloud Shell is (a terminal).
    pub fn new(az_powershell: AzPowerShell) -> Consoles {
        Consoles { state: None, az_powershell, no_terminal: false }
    }

    /// The console's own state, if it has made it.
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.state.as_deref().and_then(<dyn Any>::downcast_ref)
    }

    /// The console's own state to change: made on first use, and copied first when a clone of the
    /// session shares it.
    pub fn get_mut<T: Any + Clone + Default>(&mut self) -> &mut T {
        let rc = self.state.get_or_insert_with(|| Rc::new(T::default()));
        if Rc::get_mut(rc).is_none() || !rc.is::<T>() {
            let copy: T = rc.downcast_ref::<T>().cloned().unwrap_or_default();
            *rc = Rc::new(copy);
        }
        // Unique and of type T now.
        Rc::get_mut(rc).and_then(<dyn Any>::downcast_mut).unwrap_or_else(|| unreachable!())
    }
}

impl std::fmt::Debug for Consoles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.state.is_some() { "Consoles(..)" } else { "Consoles(none)" })
    }
}

static INSTALLED: OnceLock<&'static Engine> = OnceLock::new();

/// Makes the console available (once; later calls change nothing).
pub fn install(engine: &'static Engine) {
    let _ = INSTALLED.set(engine);
}

/// The console, once a front end has installed it.
pub fn engine() -> Option<&'static Engine> {
    INSTALLED.get().copied()
}
