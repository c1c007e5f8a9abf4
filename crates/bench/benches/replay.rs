//! Replay of a 10,000-step generated scenario (issue target: ≤ 50 ms native): running every step
//! through the decision engine and checking each outcome, and re-applying the event log.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use mua_core::scenario::Scenario;
use mua_core::Simulator;

fn replay(c: &mut Criterion) {
    let scenario = Scenario::load(&mua_bench::generated_scenario(10_000)).unwrap();
    assert_eq!(scenario.steps.len(), 10_000);
    let results = scenario.run().expect("the generated scenario holds");
    let refused = results.iter().filter(|r| matches!(r, mua_core::scenario::StepResult::Refused(_))).count();
    eprintln!("generated scenario: {} steps, {refused} refused", results.len());
    assert!(refused > 100 && refused < 9_000, "a mix of allowed and refused steps");

    let mut sim = scenario.simulator();
    for step in &scenario.steps {
        mua_core::scenario::run_step(&mut sim, step);
    }
    let events = sim.events().to_vec();

    let mut group = c.benchmark_group("replay_10k_steps");
    group.sample_size(20);
    group.bench_function("run_and_check_every_step", |b| b.iter(|| black_box(scenario.run().unwrap())));
    group.bench_function("apply_event_log", |b| b.iter(|| black_box(Simulator::replay(&scenario.world, &events))));
    group.finish();
}

criterion_group!(benches, replay);
criterion_main!(benches);
