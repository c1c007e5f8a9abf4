//! Share links and saved sessions: a history (steps, or indices of the scenario's own steps) is
//! refused with `invalid-input` or a mismatch, or resumes a session that writes the same history back.
#![no_main]
use std::rc::Rc;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mua_core::scenario::Scenario;
use mua_core::scenario_file::{history_compact, resume};

fn scenario() -> Rc<Scenario> {
    static TEXT: OnceLock<String> = OnceLock::new();
    let text = TEXT.get_or_init(|| include_str!("../../web/scenarios/pim-jit-approve.json").to_owned());
    Rc::new(Scenario::load(text).expect("the gallery scenario loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(serde_json::Value::Array(history)) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let scenario = scenario();
    let Ok(session) = resume(Rc::clone(&scenario), &history) else { return };
    let again = resume(scenario, &history_compact(&session)).expect("a resumed session's history resumes");
    assert_eq!(again.world(), session.world());
});
