//! Console lines (az, then PowerShell: the first byte chooses) typed by a principal into a session
//! of the cross-tenant scenario: no text crashes; the same text typed twice into the same session
//! gives the same output and world (deterministic); a refused single command changes nothing.
#![no_main]
use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use mua_core::scenario::{Scenario, Shell, StepResult};
use mua_core::Session;

thread_local! {
    /// The session after the scenario's first six steps, made once per thread.
    static START: Session = {
        let text = include_str!("../../web/scenarios/console-az-cross-tenant.json");
        let mut session = Session::new(Rc::new(Scenario::load(text).expect("the gallery scenario loads")));
        for _ in 0..6 {
            session.play_next();
        }
        session
    };
}

fn session() -> Session {
    START.with(Session::clone)
}

fuzz_target!(|data: &[u8]| {
    mua_console::install();
    let Some((&first, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let shell = if first % 2 == 0 { Shell::Az } else { Shell::Pwsh };
    let actor = ["bob", "sara", "olga"][usize::from(first / 2) % 3];
    let mut a = session();
    let before = a.world().clone();
    let mut b = a.clone();
    let ra = a.type_in(actor, shell, text).clone();
    let rb = b.type_in(actor, shell, text).clone();
    assert_eq!(ra, rb, "the same text gives the same outcome");
    assert_eq!(a.world(), b.world());
    // One az command (a PowerShell statement may run cmdlets inside its arguments).
    let single = shell == Shell::Az && !text.contains(['\n', ';']);
    if single && matches!(ra.result, StepResult::Refused(_)) {
        assert_eq!(a.world(), &before, "a refused command changes nothing: {text}");
    }
});
