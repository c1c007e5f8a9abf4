//! What every component below the root receives: the state and the way to act on it.

use yew::prelude::*;

use crate::state::{Action, AppState};

/// The state (a cheap handle) and the way to act on it.
#[derive(Clone)]
pub struct Ctx {
    /// The current state.
    pub state: UseReducerHandle<AppState>,
    /// Sends an action to the root.
    pub dispatch: Callback<Action>,
}

impl PartialEq for Ctx {
    /// Every reduce bumps the revision, so equal revisions mean the same state.
    fn eq(&self, other: &Self) -> bool {
        self.state.revision == other.state.revision
    }
}

impl Ctx {
    /// A click handler that sends `action`. Every such button shares this one handler type: a
    /// closure of its own per button costs its call shim, drop and vtable in the download.
    #[inline(never)]
    pub fn on_click(&self, action: Action) -> Callback<MouseEvent> {
        let dispatch = self.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    }
}

/// The context, for components below the root.
#[hook]
pub fn use_ctx() -> Ctx {
    // PANIC SAFETY: every component using this is rendered inside App's ContextProvider.
    #[allow(clippy::expect_used)]
    use_context::<Ctx>().expect("rendered inside App")
}
