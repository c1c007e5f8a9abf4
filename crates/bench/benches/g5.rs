//! The G5 decision (SPEC §4) with 10,000 role assignments, beside casbin-rs enforcing the equivalent
//! RBAC checks on the same data in the same run.
//!
//! Both answer the same question for `bob` disabling soft delete on `vault1`: (a) does a role grant
//! `Microsoft.RecoveryServices/vaults/backupconfig/write` at the vault, and (c) does a role grant the
//! guard's `disableSoftDeleteRequests/action` at the guard. The core also checks the guard mapping,
//! the exclusion list and the cross-tenant token, which casbin's version leaves out.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;

use casbin::prelude::*;
use criterion::{criterion_group, criterion_main, Criterion};
use mua_bench::{casbin_rules, scenario, CASBIN_MODEL};
use std::rc::Rc;

use mua_core::critical_operations::{critical_operation, VaultKind};
use mua_core::decide::CriticalVerdict;
use mua_core::scenario::Scenario;
use mua_core::Simulator;

const ASSIGNMENTS: usize = 10_000;

fn world() -> Simulator {
    let s = Rc::new(Scenario::load(&scenario(ASSIGNMENTS)).unwrap());
    s.run().expect("every step of the fixture succeeds").simulator().clone()
}

fn g5(c: &mut Criterion) {
    let sim = world();
    let w = sim.world();
    assert_eq!(mua_bench::assignment_count(w), ASSIGNMENTS, "the fixture holds exactly the advertised assignments");
    let vault = &w.vaults()["vault1"];
    let op = critical_operation(VaultKind::RecoveryServices, "disable-soft-delete").unwrap();
    assert!(matches!(w.check_critical_operation("bob", vault, op), CriticalVerdict::Allowed { .. }));
    assert!(matches!(w.check_critical_operation("u7", vault, op), CriticalVerdict::VaultPermissionMissing));

    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let (policies, groupings) = casbin_rules(w);
    let enforcer = rt.block_on(async {
        let model = DefaultModel::from_str(CASBIN_MODEL).await.unwrap();
        let mut e = Enforcer::new(model, MemoryAdapter::default()).await.unwrap();
        e.add_policies(policies).await.unwrap();
        e.add_grouping_policies(groupings).await.unwrap();
        e
    });
    let vault_id = w.arm_id("vault1").unwrap().to_lowercase();
    let guard_id = w.arm_id("guard1").unwrap().to_lowercase();
    let vault_action = op.vault_action.as_str().to_lowercase();
    let guard_action = op.guard_action.as_str().to_lowercase();
    let casbin_g5 = |who: &str| {
        enforcer.enforce((who, vault_id.as_str(), vault_action.as_str())).unwrap()
            && enforcer.enforce((who, guard_id.as_str(), guard_action.as_str())).unwrap()
    };
    // Same answers on the same data.
    assert!(casbin_g5("bob"));
    assert!(!casbin_g5("u7"));

    let mut group = c.benchmark_group("g5_10k_assignments");
    group.bench_function("mua_core_allowed", |b| {
        b.iter(|| black_box(w.check_critical_operation(black_box("bob"), vault, op)))
    });
    group.bench_function("mua_core_refused", |b| {
        b.iter(|| black_box(w.check_critical_operation(black_box("u7"), vault, op)))
    });
    group.bench_function("casbin_allowed", |b| b.iter(|| black_box(casbin_g5(black_box("bob")))));
    group.finish();
}

criterion_group!(benches, g5);
criterion_main!(benches);
