//! Criterion benchmarks of the engine.
//!
//! - `run/enforce_mfa`: one complete run of the enforce-MFA sample (fresh QuickJS runtime and
//!   context, event in, report out), at user risk 95 so that both calls and the diff happen.

use std::hint::black_box;

use action_studio::engine::{self, RunOptions, RunRequest, Trigger, event};
use criterion::{Criterion, criterion_group, criterion_main};

fn sample(name: &str) -> String {
    let path = format!("{}/samples/actions/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn single_run(c: &mut Criterion) {
    let code = sample("akamai-enforce-mfa.js");
    let mut ev = Trigger::PostLogin.default_event();
    event::set_score(&mut ev, event::Signal::UserRisk, 95.0);
    let mut request = RunRequest::new(Trigger::PostLogin, ev, code);
    request.options = RunOptions::reproducible();
    c.bench_function("run/enforce_mfa", |b| {
        b.iter(|| {
            let report = engine::run(black_box(&request));
            black_box(report.map(|r| r.calls.len()).unwrap_or(0))
        });
    });
}

criterion_group!(benches, single_run);
criterion_main!(benches);
