//! Share links and saved sessions: a history (steps, or indices of the scenario's own steps) is
//! refused with `invalid-input` or a mismatch, or resumes a session that writes the same history back.
#![no_main]
use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use mua_core::scenario::Scenario;
use mua_core::scenario_file::{history_compact, resume};

thread_local! {
    static SCENARIO: Rc<Scenario> =
        Rc::new(Scenario::load(include_str!("../../web/scenarios/pim-jit-approve.json")).expect("the gallery scenario loads"));
}

fn scenario() -> Rc<Scenario> {
    SCENARIO.with(Rc::clone)
}

fuzz_target!(|data: &[u8]| {
    mua_console::install();
    let Ok(serde_json::Value::Array(history)) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let scenario = scenario();
    let Ok(session) = resume(Rc::clone(&scenario), &history) else { return };
    let again = resume(scenario, &history_compact(&session)).expect("a resumed session's history resumes");
    assert_eq!(again.world(), session.world());
});
