//! Hooks for the pattern every form repeats: a control's value kept in state, with the handler that
//! keeps it.

use yew::prelude::*;

use crate::context::use_ctx;
use crate::util::{checked_of, value_of};

/// A text input's value and its `oninput` handler.
#[hook]
pub fn use_text(initial: impl FnOnce() -> String) -> (UseStateHandle<String>, Callback<InputEvent>) {
    let value = use_state(initial);
    let on_input = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| value.set(value_of(&e)))
    };
    (value, on_input)
}

/// A select's value and its `onchange` handler.
#[hook]
pub fn use_choice(initial: impl FnOnce() -> String) -> (UseStateHandle<String>, Callback<Event>) {
    let value = use_state(initial);
    let on_change = {
        let value = value.clone();
        Callback::from(move |e: Event| value.set(value_of(&e)))
    };
    (value, on_change)
}

/// A checkbox's state and its `onchange` handler.
#[hook]
pub fn use_check(initial: bool) -> (UseStateHandle<bool>, Callback<Event>) {
    let value = use_state(move || initial);
    let on_change = {
        let value = value.clone();
        Callback::from(move |e: Event| value.set(checked_of(&e)))
    };
    (value, on_change)
}

/// The directory a blade shows (Activity log, Audit history): the persona's home at first.
#[hook]
pub fn use_directory() -> (UseStateHandle<String>, Callback<Event>) {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let home = w.principals().get(&ctx.state.actor).map(|p| p.tenant.clone()).unwrap_or_default();
    let (tenant, on_change) = use_choice(move || home);
    (tenant, on_change)
}
