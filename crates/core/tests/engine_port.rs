//! The console's port (`mua_core::engine`): until a front end installs the console (the site does
//! once Cloud Shell's code has loaded) a console step is refused with a clear `invalid-input` and a scenario with console
//! steps does not read, and nothing else changes; once installed both work.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::rc::Rc;

use mua_core::engine;
use mua_core::scenario::{Scenario, Shell, StepResult, CONSOLE_NOT_LOADED};
use mua_core::{ErrorCode, Session};

const SCENARIO: &str = r#"{
  "version": 1, "title": "The console port", "start": "2026-01-05T09:00:00Z",
  "world": {
    "tenants": [{"id": "contoso", "name": "Contoso", "domain": "contoso.com"}],
    "subscriptions": [{"id": "sub-vault", "tenant": "contoso", "name": "Production"}],
    "resource_groups": [{"id": "rg-vault", "subscription": "sub-vault", "location": "westeurope"}],
    "principals": [{"id": "olga", "kind": "user", "tenant": "contoso"}],
    "role_assignments": [{"principal": "olga", "role": "Owner", "scope": "sub-vault"}]
  },
  "steps": [{"as": "olga", "az": "az backup vault create --resource-group rg-vault --name vault1 --location westeurope"}]
}"#;

#[test]
fn console_steps_wait_for_the_console_and_run_once_it_is_installed() {
    // Not installed: the scenario with a console step does not read, naming the step and why.
    assert!(engine::engine().is_none(), "nothing in this test binary installs it first");
    let refused = Scenario::load(SCENARIO).unwrap_err().to_string();
    assert!(refused.contains("step 1 field `az`") && refused.contains(CONSOLE_NOT_LOADED), "{refused}");
    // A typed line is refused as invalid input, the world unchanged.
    let empty = SCENARIO.replace(r#"{"as": "olga", "az": "az backup vault create --resource-group rg-vault --name vault1 --location westeurope"}"#, "");
    let mut session = Session::new(Rc::new(Scenario::load(&empty).unwrap()));
    let line = "az backup vault create --resource-group rg-vault --name vault1 --location westeurope";
    let recorded = session.type_in("olga", Shell::Az, line);
    match &recorded.result {
        StepResult::Refused(r) => {
            assert_eq!(r.code, ErrorCode::InvalidInput);
            assert_eq!(r.message, CONSOLE_NOT_LOADED);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(session.world().vaults().is_empty());

    // Installed: both work.
    mua_console::install();
    assert!(engine::engine().is_some());
    let recorded = session.type_in("olga", Shell::Az, line);
    assert!(matches!(recorded.result, StepResult::Ok(_)), "{:?}", recorded.result);
    assert!(session.world().vaults().contains_key("vault1"));
    let scenario = Scenario::load(SCENARIO).unwrap();
    assert_eq!(scenario.steps.len(), 1);
}
