use std::hint::black_box;
use criterion::{Criterion, criterion_group, criterion_main};
use rquickjs::{Context, Runtime, Function, context::EvalOptions};
const PRELUDE: &str = include_str!("../../src/engine/js/prelude.js");
const API: &str = include_str!("../../src/engine/js/api.js");
fn opts() -> EvalOptions { let mut o = EvalOptions::default(); o.global = true; o.strict = false; o }
fn phases(c: &mut Criterion) {
    c.bench_function("rt+ctx", |b| b.iter(|| { let rt = Runtime::new().unwrap(); let ctx = Context::full(&rt).unwrap(); black_box(ctx); }));
    c.bench_function("rt+ctx+parse prelude", |b| b.iter(|| { let rt = Runtime::new().unwrap(); let ctx = Context::full(&rt).unwrap(); ctx.with(|ctx| { let f: Function = ctx.eval_with_options(PRELUDE, opts()).unwrap(); black_box(f); }); }));
    c.bench_function("rt+ctx+parse both", |b| b.iter(|| { let rt = Runtime::new().unwrap(); let ctx = Context::full(&rt).unwrap(); ctx.with(|ctx| { let f: Function = ctx.eval_with_options(PRELUDE, opts()).unwrap(); let g: Function = ctx.eval_with_options(API, opts()).unwrap(); black_box((f,g)); }); }));
    let ev = action_studio::engine::Trigger::PostLogin.default_event();
    c.bench_function("event clone+json", |b| b.iter(|| { black_box(serde_json::to_string(&ev.clone()).unwrap()); }));
}
criterion_group!(benches, phases);
criterion_main!(benches);
