//! Scenario files: any text is either refused with `invalid-input` (naming where) or loads; a loaded
//! scenario either holds or reports the first step that differs, and a session that ran exports as
//! a scenario file that loads and replays to the same world.
#![no_main]
use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use mua_core::scenario::{Scenario, ScenarioError};

fuzz_target!(|data: &[u8]| {
    mua_console::install();
    let Ok(text) = std::str::from_utf8(data) else { return };
    let scenario = match Scenario::load(text) {
        Ok(s) => Rc::new(s),
        Err(e) => {
            assert!(matches!(e, ScenarioError::Invalid { .. }), "loading only fails as invalid-input: {e}");
            return;
        }
    };
    let mut session = mua_core::Session::new(Rc::clone(&scenario));
    session.play_plan();
    let exported = mua_core::scenario_file::export(&session).to_string();
    let again = Rc::new(Scenario::load(&exported).expect("an exported session loads"));
    // Each exported step expects what it gave, so only a state assertion the export keeps from the
    // plan can fail it — one that did not hold in the scenario either.
    let replayed = match again.run() {
        Ok(replayed) => replayed,
        Err(ScenarioError::Mismatch(m)) if m.action == "assert" => {
            assert!(scenario.run().is_err(), "the export's assertion held in its scenario: {m:?}");
            mua_core::Session::replay_noting(Rc::clone(&again), &again.steps).0
        }
        Err(e) => panic!("an exported session holds: {e:?}"),
    };
    assert_eq!(replayed.world(), session.world(), "an exported session replays to the same world");
});
