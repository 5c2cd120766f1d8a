//! Criterion benchmarks of the engine (`cargo bench`; numbers in README).
//!
//! - `run/enforce_mfa`: one complete run of the enforce-MFA sample (pristine runtime: the thread's
//!   sandbox heap restored from its snapshot; event in, report out), at user risk 95 so that both
//!   calls and the metadata diff happen.
//! - `run/enforce_mfa_new_thread`: the same run on a new thread, which first sets up its sandbox
//!   (reserve the arena, create the context, load the studio's JavaScript, take the snapshot).
//! - `sweep/enforce_mfa_101x101`: the decision map of that sample over the full grid (10,201 cells
//!   plus the missing-signal strips) on every core, reusing results where the action never looked
//!   at a score (the studio's default).
//! - `sweep/enforce_mfa_101x101_every_cell`: the same map running the action in every cell.
#![allow(missing_docs)] // criterion's macros generate undocumented functions.

use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use action_studio::engine::sweep::{self, SweepRequest};
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
    c.bench_function("run/enforce_mfa_new_thread", |b| {
        b.iter(|| {
            std::thread::scope(|scope| {
                scope
                    .spawn(|| {
                        let report = engine::run(black_box(&request));
                        black_box(report.map(|r| r.calls.len()).unwrap_or(0))
                    })
                    .join()
                    .unwrap_or(0)
            })
        });
    });
}

fn full_map(c: &mut Criterion) {
    let request = SweepRequest::new(
        Trigger::PostLogin,
        Trigger::PostLogin.default_event(),
        sample("akamai-enforce-mfa.js"),
    );
    let cancel = AtomicBool::new(false);
    let mut group = c.benchmark_group("sweep");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("enforce_mfa_101x101", |b| {
        b.iter(|| {
            black_box(
                sweep::sweep(&request, &|_, _| {}, &cancel)
                    .map(|m| m.cells.len())
                    .unwrap_or(0),
            )
        });
    });
    let every = SweepRequest {
        reuse: false,
        ..request.clone()
    };
    group.bench_function("enforce_mfa_101x101_every_cell", |b| {
        b.iter(|| {
            black_box(
                sweep::sweep(&every, &|_, _| {}, &cancel)
                    .map(|m| m.cells.len())
                    .unwrap_or(0),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, single_run, full_map);
criterion_main!(benches);
