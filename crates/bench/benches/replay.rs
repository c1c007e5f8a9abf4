//! Replay of a 10,000-step generated scenario (issue target: ≤ 50 ms native): running every step
//! through the decision engine and checking each outcome, and re-applying the event log.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use std::rc::Rc;

use mua_core::scenario::{Scenario, StepResult};
use mua_core::Simulator;

fn replay(c: &mut Criterion) {
    let scenario = Rc::new(Scenario::load(&mua_bench::generated_scenario(10_000)).unwrap());
    assert_eq!(scenario.steps.len(), 10_000);
    let session = scenario.run().expect("the generated scenario holds");
    let history = session.history();
    let refused = history.iter().filter(|r| matches!(r.result, StepResult::Refused(_))).count();
    eprintln!("generated scenario: {} steps, {refused} refused", history.len());
    assert!(refused > 100 && refused < 9_000, "a mix of allowed and refused steps");
    let events = session.simulator().events().to_vec();

    let mut group = c.benchmark_group("replay_10k_steps");
    group.sample_size(20);
    group.bench_function("run_and_check_every_step", |b| b.iter(|| black_box(scenario.run().unwrap())));
    group.bench_function("apply_event_log", |b| b.iter(|| black_box(Simulator::replay(&scenario.world, &events))));
    group.finish();
}

/// What the portal does on every change: it copies its session (the state before the change stays
/// for yew and for Undo) and runs one step on the copy. With 1,000 vaults and 10,000 assignments
/// the copy shares the world's large tables until a step changes them (was: 2.3 ms native).
fn session_copy(c: &mut Criterion) {
    let scenario = Rc::new(Scenario::load(&mua_bench::scenario(10_000)).unwrap());
    let session = scenario.run().expect("the performance world loads");
    assert_eq!(mua_bench::assignment_count(session.world()), 10_000);
    let five_minutes = mua_core::duration::parse("PT5M").unwrap();
    let mut group = c.benchmark_group("session_copy_10k_assignments");
    group.bench_function("copy", |b| b.iter(|| black_box(session.clone())));
    group.bench_function("copy_and_advance_5_min", |b| {
        b.iter(|| {
            let mut copy = session.clone();
            black_box(copy.advance(five_minutes).is_ok())
        })
    });
    group.finish();
}

criterion_group!(benches, replay, session_copy);
criterion_main!(benches);
