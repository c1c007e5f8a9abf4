//! Cloud Shell's code: the console (`mua-console`), which the site loads as a module of its own when it is
//! first needed — Cloud Shell opened, or a scenario, share link or saved session with console steps —
//! as the Azure portal requests its Cloud Shell when it is opened. The site is built with the
//! `split` feature (`index.html`) and `scripts/split.sh` splits the wasm; other builds have the
//! console compiled in (`console`) or leave it out.

#[cfg(feature = "console")]
use crate::shell_view::{self, Pane};

/// The Cloud Shell pane's view.
#[cfg(feature = "console")]
type View = fn(&Pane) -> yew::Html;

/// Cloud Shell's code: the console's engine table and the pane's view.
#[cfg(feature = "console")]
type Code = (&'static mua_core::engine::Engine, View);

/// Cloud Shell's code, from the module it is split into.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(cloud_shell, fallible)]
fn split_code() -> Result<Code, wasm_split_helpers::SplitLoaderError> {
    Ok((&mua_console::ENGINE, shell_view::view))
}

#[cfg(feature = "console")]
thread_local! {
    /// The pane's view, once Cloud Shell's code is loaded.
    static VIEW: std::cell::Cell<Option<View>> = const { std::cell::Cell::new(None) };
}

/// The Cloud Shell pane's view, once its code is loaded.
#[cfg(feature = "console")]
pub fn view() -> Option<View> {
    VIEW.with(std::cell::Cell::get)
}

/// Loads Cloud Shell's code (once; later calls return at once): the console goes to the core, the
/// view to the pane. A failed load says so, and a later call tries again.
pub async fn load() -> Result<(), String> {
    #[cfg(feature = "console")]
    {
        #[cfg(feature = "split")]
        let (engine, view) = split_code().await.map_err(|_| LOAD_FAILED.to_owned())?;
        #[cfg(not(feature = "split"))]
        let (engine, view): Code = (&mua_console::ENGINE, shell_view::view);
        mua_core::engine::install(engine);
        VIEW.with(|v| v.set(Some(view)));
    }
    Ok(())
}

/// Loads the console's code if `text` (a scenario file, a share link's or a saved session's
/// snapshot) has console steps.
pub async fn load_for(text: &str) -> Result<(), String> {
    if uses_console(text) {
        load().await
    } else {
        Ok(())
    }
}

/// Whether JSON text has console steps: an `"az"` or `"pwsh"` key (inside a JSON string its quotes
/// would be escaped, so only a key reads this way).
pub fn uses_console(text: &str) -> bool {
    ["\"az\"", "\"pwsh\""]
        .iter()
        .any(|key| text.match_indices(key).any(|(i, _)| text[i + key.len()..].trim_start().starts_with(':')))
}

/// Why Cloud Shell did not load.
pub const LOAD_FAILED: &str = "Cloud Shell could not be loaded: check the connection and try again.";

#[cfg(test)]
mod tests {
    use super::uses_console;

    #[test]
    fn console_steps_are_found_by_their_keys_only() {
        assert!(uses_console(r#"{"steps":[{"as":"bob","az":"az login"}]}"#));
        assert!(uses_console("{\"steps\": [{\"as\": \"bob\", \"pwsh\" : \"Get-AzContext\"}]}"));
        assert!(!uses_console(r#"{"steps":[{"as":"bob","do":"enable_mua","note":"see \"az\": here"}]}"#));
        assert!(!uses_console(r#"{"title":"az and pwsh"}"#));
    }
}
