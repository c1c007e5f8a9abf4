//! The activity log: who, what, when and the outcome, in the tenant that holds the target.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::rc::Rc;

use mua_core::scenario::Scenario;
use mua_core::Session;
use mua_core::{ErrorCode, Status};

#[test]
fn activity_log_records_successes_and_refusals_per_tenant() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/scenarios/rsv-cross-tenant.json");
    let s = Scenario::load(&std::fs::read_to_string(path).unwrap()).unwrap();
    let s = Rc::new(s);
    let mut session = Session::new(Rc::clone(&s));
    session.play_plan();
    let log = session.simulator().activity();
    // Every command is logged (advances are not commands).
    let commands = s.steps.iter().filter(|st| matches!(st.action, mua_core::scenario::StepAction::Run { .. })).count();
    assert_eq!(log.len(), commands);
    // The first enable_mua attempt is a refusal in the vault's tenant, by bob, at the start time.
    let refused = log.iter().find(|e| e.operation == "Update Resource Guard proxy").unwrap();
    assert_eq!(
        (refused.tenant.as_str(), refused.caller.as_str(), refused.target.as_str()),
        ("contoso", "bob", "vault1")
    );
    assert_eq!(refused.status, Status::Failed(ErrorCode::CrossTenantAuthRequired));
    assert_eq!(refused.time, s.world.now());
    // Guard operations land in the guard's tenant.
    let guard = log.iter().find(|e| e.operation == "Create Resource Guard").unwrap();
    assert_eq!((guard.tenant.as_str(), &guard.status), ("fabrikam", &Status::Succeeded));
    // Time moves with the clock: the re-authentication after `advance PT61M` is logged 61 minutes later.
    let last_auth = log.iter().rev().find(|e| e.operation == "Sign in to directory").unwrap();
    assert_eq!(last_auth.time - s.world.now(), chrono::TimeDelta::minutes(61));
}
