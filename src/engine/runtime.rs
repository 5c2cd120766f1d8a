//! Runs one action in a pristine QuickJS runtime: limits, CommonJS wrapper, promise driving.
//!
//! Every run starts from the sandbox's snapshot (`sandbox.rs`): the heap is copied back to its
//! state before any action ran, so nothing (globals, prototypes, timers, cache) leaks from one run
//! to the next. This is the only module that turns JavaScript exceptions into engine types.

use std::rc::Rc;
use std::time::{Duration, Instant};

use rquickjs::context::EvalOptions;
use rquickjs::promise::PromiseState;
use rquickjs::{
    CatchResultExt as _, CaughtError, Coerced, Ctx, Function, Object, Persistent, Promise, Value,
};

use super::cache::Cache;
use super::error::EngineError;
use super::host::HostState;
use super::report::ActionError;
use super::request::RunRequest;
use super::sandbox::{self, Sandbox};

/// The CommonJS wrapper put in front of the user's code (on the same line, as Node does).
pub const WRAP_PREFIX: &str = "(function (exports, require, module, __filename, __dirname) { ";

/// How the action's execution ended.
#[derive(Debug)]
pub enum Ending {
    /// The handler's promise resolved.
    Completed,
    /// The action threw, rejected, failed to compile or exported no valid handler.
    Failed(ActionError),
    /// The time limit passed, the run was cancelled, or the promise can never settle.
    TimedOut(String),
}

/// The raw result of an execution, before outcome and diff are derived.
pub struct Execution {
    /// How it ended.
    pub ending: Ending,
    /// What the natives recorded.
    pub state: HostState,
    /// Virtual milliseconds skipped by timers.
    pub virtual_ms: f64,
    /// Timers still pending when the handler settled.
    pub pending_timers: usize,
    /// Wall-clock duration.
    pub duration: Duration,
    /// The action's clock when the run started, in ms since the epoch.
    pub clock_ms: i64,
    /// Which signals the action looked at (only when `RunOptions::track_signals` is set).
    pub signal_reads: Option<SignalReads>,
}

/// Which Akamai signals a run observed: presence of the Akamai object and of each signal, and
/// the value of each score. A run that did not observe something gives the same result whatever
/// it is, since runs are deterministic; decision maps use this to reuse results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignalReads {
    /// Looked at whether `supplemental.akamai` exists.
    pub akamai: bool,
    /// Looked at whether `akamaiBot` exists.
    pub bot: bool,
    /// Read `akamaiBot.botScore`.
    pub bot_score: bool,
    /// Looked at whether `akamaiUserRisk` exists.
    pub risk: bool,
    /// Read `akamaiUserRisk.score`.
    pub risk_score: bool,
}

fn engine_err(what: &str, e: impl std::fmt::Display) -> EngineError {
    EngineError::Runtime(format!("{what}: {e}"))
}

/// Finds `file:line:column` in a stack trace and returns the position in the user's file.
fn position_in(stack: &str, file: &str) -> Option<(u32, u32)> {
    let needle = format!("{file}:");
    for line in stack.lines() {
        let Some(at) = line.rfind(&needle) else {
            continue;
        };
        let rest = &line[at + needle.len()..];
        let mut parts = rest.split(|c: char| !c.is_ascii_digit());
        let ln: u32 = parts.next().and_then(|p| p.parse().ok())?;
        let col: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
        let col = if ln == 1 {
            col.saturating_sub(WRAP_PREFIX.len() as u32).max(1)
        } else {
            col
        };
        return Some((ln, col));
    }
    None
}

fn string_prop(obj: &Object<'_>, key: &str) -> Option<String> {
    obj.get::<_, Option<Coerced<String>>>(key)
        .ok()
        .flatten()
        .map(|c| c.0)
}

/// Describes a thrown value as an [`ActionError`].
fn describe(value: &Value<'_>, file: &str) -> ActionError {
    if let Some(obj) = value.as_object() {
        let message = string_prop(obj, "message");
        let stack = string_prop(obj, "stack");
        if message.is_some() || stack.is_some() {
            let name = string_prop(obj, "name").unwrap_or_else(|| "Error".to_owned());
            let (line, column) = stack.as_deref().and_then(|s| position_in(s, file)).unzip();
            // Like Node's own printout, show the cause (fetch puts the real reason there).
            let cause = obj
                .get::<_, Option<Object>>("cause")
                .ok()
                .flatten()
                .and_then(|c| string_prop(&c, "message"))
                .filter(|c| !c.is_empty());
            let message = match (message.unwrap_or_default(), cause) {
                (m, Some(c)) => format!("{m} (cause: {c})"),
                (m, None) => m,
            };
            return ActionError {
                name,
                message,
                line,
                column,
                stack,
            };
        }
    }
    let text = value
        .get::<Coerced<String>>()
        .map(|c| c.0)
        .unwrap_or_else(|_| format!("a {} value", value.type_name()));
    ActionError {
        name: "Error".to_owned(),
        message: if value.is_null() {
            // QuickJS throws null when it runs out of memory and cannot build the error object.
            "null was thrown. If the action does not throw null itself, it ran out of memory: QuickJS throws null when it cannot even build the error object.".to_owned()
        } else {
            format!(
                "{text} (the action threw a {} value, not an Error)",
                value.type_name()
            )
        },
        line: None,
        column: None,
        stack: None,
    }
}

fn describe_caught(ctx: &Ctx<'_>, caught: CaughtError<'_>, file: &str) -> ActionError {
    match caught {
        CaughtError::Exception(ex) => describe(&ex.into_value(), file),
        CaughtError::Value(v) => describe(&v, file),
        CaughtError::Error(e) => {
            let _ = ctx;
            let text = e.to_string();
            if text.contains("memory") || matches!(e, rquickjs::Error::Allocation) {
                out_of_memory()
            } else {
                ActionError {
                    name: "InternalError".to_owned(),
                    message: text,
                    line: None,
                    column: None,
                    stack: None,
                }
            }
        }
    }
}

fn out_of_memory() -> ActionError {
    ActionError {
        name: "OutOfMemory".to_owned(),
        message: "The action ran out of memory (it used more than the studio's memory limit) and was stopped.".to_owned(),
        line: None,
        column: None,
        stack: None,
    }
}

/// Turns "out of memory" errors raised by QuickJS into the engine's OutOfMemory error.
fn classify(err: ActionError) -> ActionError {
    let lower = err.message.to_ascii_lowercase();
    if lower.starts_with("out of memory") || lower == "allocation failed" {
        ActionError {
            line: err.line,
            column: err.column,
            ..out_of_memory()
        }
    } else {
        err
    }
}

fn eval_options(file: &str) -> EvalOptions {
    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(file.to_owned());
    options
}

/// The handler's promise (`None` if it returned something else).
type Started = Option<Persistent<Promise<'static>>>;

/// Sets the run's settings, compiles the action and calls the handler; returns the handler's
/// promise, or how it ended.
fn start<'js>(
    ctx: &Ctx<'js>,
    sandbox: &Sandbox,
    request: &RunRequest,
    clock_ms: i64,
) -> Result<Result<Started, ActionError>, EngineError> {
    let file = request.file_name.as_str();
    let studio = sandbox
        .studio
        .clone()
        .restore(ctx)
        .map_err(|e| engine_err("studio", e))?;
    let begin: Function = studio.get("begin").map_err(|e| engine_err("begin", e))?;
    begin
        .call::<_, ()>((
            file,
            clock_ms as f64,
            request.options.clock_ms.is_none(),
            (request.options.seed & 0xffff_ffff) as f64,
            request.options.track_signals,
        ))
        .catch(ctx)
        .map_err(|e| engine_err("run settings", e))?;
    let build_api: Function = sandbox
        .builders
        .clone()
        .restore(ctx)
        .and_then(|b| b.get(request.trigger.id()))
        .map_err(|e| engine_err("api builder", e))?;

    let wrapped = format!("{WRAP_PREFIX}{}\n}})", request.code);
    let module_fn: Value = match ctx
        .eval_with_options(wrapped, eval_options(file))
        .catch(ctx)
    {
        Ok(v) => v,
        Err(caught) => return Ok(Err(classify(describe_caught(ctx, caught, file)))),
    };
    let invoke: Function = studio.get("invoke").map_err(|e| engine_err("invoke", e))?;
    let event_json = serde_json::to_string(&request.event).map_err(|e| engine_err("event", e))?;
    let result: Value = match invoke
        .call((module_fn, request.handler_name(), event_json, build_api))
        .catch(ctx)
    {
        Ok(v) => v,
        Err(caught) => return Ok(Err(classify(describe_caught(ctx, caught, file)))),
    };
    Ok(Ok(result.into_promise().map(|p| Persistent::save(ctx, p))))
}

enum Step {
    Settled(Ending),
    Fired(f64),
    Idle,
}

/// Runs the request in this thread's sandbox, reset to its pristine state, and returns what
/// happened.
pub fn execute(request: &RunRequest) -> Result<Execution, EngineError> {
    let options = &request.options;
    let started_at = Instant::now();
    let clock_ms = options.clock_ms.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    });
    sandbox::with_sandbox(options.memory_limit_bytes, |sandbox| {
        execute_in(sandbox, request, started_at, clock_ms)
    })?
}

fn execute_in(
    sandbox: &mut Sandbox,
    request: &RunRequest,
    started_at: Instant,
    clock_ms: i64,
) -> Result<Execution, EngineError> {
    let options = &request.options;
    *sandbox.state.borrow_mut() = HostState::new(
        Cache::new(options.cache.clone()),
        options.fetch_mocks.clone(),
        options.max_log_bytes,
        options.max_calls,
    );
    sandbox.limit_memory(options.memory_limit_bytes);
    let rt = &sandbox.runtime;
    rt.set_max_stack_size(options.stack_limit_bytes);
    let interrupt = Rc::clone(&sandbox.interrupt);
    interrupt.arm(
        started_at.checked_add(Duration::from_millis(options.timeout_ms)),
        options.cancel.clone(),
    );
    let context = &sandbox.context;
    let file = request.file_name.clone();
    let timeout_text = |cancelled: bool| {
        if cancelled {
            "The run was cancelled because a newer run replaced it.".to_owned()
        } else {
            format!(
                "The action did not finish within {} ms and was stopped.",
                options.timeout_ms
            )
        }
    };
    let timed_out = || interrupt.timed_out();

    // On an engine error the interrupt stays armed until the next run's reset disarms it.
    let started = context.with(|ctx| start(&ctx, sandbox, request, clock_ms))?;
    let mut virtual_ms = 0.0;
    let mut pending_timers = 0;
    let handler_ran = started.is_ok();
    let ending = match started {
        Err(error) if timed_out() => {
            let _ = error;
            Ending::TimedOut(timeout_text(interrupt.cancelled()))
        }
        Err(error) => Ending::Failed(error),
        Ok(None) => Ending::Completed,
        Ok(Some(promise)) => loop {
            // Run every queued job (promise reactions) outside of `with`, so job errors surface.
            let mut job_error = None;
            loop {
                match rt.execute_pending_job() {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(ex) => {
                        job_error = Some(ex.0.with(|ctx| classify(describe(&ctx.catch(), &file))));
                        break;
                    }
                }
            }
            if timed_out() {
                break Ending::TimedOut(timeout_text(interrupt.cancelled()));
            }
            if let Some(err) = job_error {
                break Ending::Failed(err);
            }
            let step = context.with(|ctx| -> Step {
                let Ok(p) = promise.clone().restore(&ctx) else {
                    return Step::Settled(Ending::Failed(ActionError {
                        name: "InternalError".to_owned(),
                        message: "the handler's promise was lost".to_owned(),
                        line: None,
                        column: None,
                        stack: None,
                    }));
                };
                match p.state() {
                    PromiseState::Resolved => Step::Settled(Ending::Completed),
                    PromiseState::Rejected => {
                        let reason = match p.result::<Value>() {
                            Some(Err(_)) => ctx.catch(),
                            Some(Ok(v)) => v,
                            None => Value::new_undefined(ctx.clone()),
                        };
                        Step::Settled(Ending::Failed(classify(describe(&reason, &file))))
                    }
                    PromiseState::Pending => {
                        let Ok(studio) = sandbox.studio.clone().restore(&ctx) else {
                            return Step::Idle;
                        };
                        let fire: rquickjs::Result<Function> = studio.get("fireNextTimer");
                        match fire.and_then(|f| f.call::<_, f64>(())).catch(&ctx) {
                            Ok(offset) if offset < 0.0 => Step::Idle,
                            Ok(offset) => Step::Fired(offset),
                            Err(caught) => Step::Settled(Ending::Failed(classify(
                                describe_caught(&ctx, caught, &file),
                            ))),
                        }
                    }
                }
            });
            if timed_out() {
                break Ending::TimedOut(timeout_text(interrupt.cancelled()));
            }
            match step {
                Step::Settled(ending) => {
                    pending_timers = context.with(|ctx| {
                        sandbox
                            .studio
                            .clone()
                            .restore(&ctx)
                            .ok()
                            .and_then(|s| s.get::<_, Function>("pendingTimers").ok())
                            .and_then(|f| f.call::<_, f64>(()).ok())
                            .unwrap_or(0.0) as usize
                    });
                    break ending;
                }
                Step::Fired(offset) => {
                    virtual_ms = offset;
                    if offset > options.timeout_ms as f64 {
                        break Ending::TimedOut(format!(
                            "The action waited on timers for {offset:.0} ms of (virtual) time, past the {} ms limit; Auth0 would stop it.",
                            options.timeout_ms
                        ));
                    }
                }
                Step::Idle => {
                    break Ending::TimedOut(format!(
                        "The handler's promise never settled: nothing was left to wait for (no timer, no pending fetch). Auth0 would stop the action at the {} ms limit.",
                        options.timeout_ms
                    ));
                }
            }
        },
    };
    interrupt.disarm();
    // When QuickJS runs out of memory it may not manage to create the error object and throws
    // null instead; tell that apart from a real `throw null` by whether the heap refused memory.
    let ending = match ending {
        Ending::Failed(e)
            if e.message.starts_with("null was thrown") && sandbox.ran_out_of_memory() =>
        {
            Ending::Failed(out_of_memory())
        }
        other => other,
    };
    let signal_reads = match (handler_ran, request.options.track_signals) {
        (true, true) => context.with(|ctx| {
            sandbox
                .studio
                .clone()
                .restore(&ctx)
                .ok()
                .and_then(|s| s.get::<_, Function>("signalReads").ok())
                .and_then(|f| f.call::<_, String>(()).ok())
                .and_then(|text| serde_json::from_str::<SignalReads>(&text).ok())
        }),
        _ => None,
    };
    let mut state = std::mem::replace(
        &mut *sandbox.state.borrow_mut(),
        HostState::new(Cache::default(), Vec::new(), 0, 0),
    );
    state.finish_notes();
    Ok(Execution {
        ending,
        state,
        virtual_ms,
        pending_timers,
        duration: started_at.elapsed(),
        clock_ms,
        signal_reads,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_found_and_line_one_is_unwrapped() {
        let stack = "    at f (studio:api.js:3:4)\n    at onExecutePostLogin (action.js:7:12)\n";
        assert_eq!(position_in(stack, "action.js"), Some((7, 12)));
        let col = WRAP_PREFIX.len() as u32 + 5;
        assert_eq!(
            position_in(&format!("    at action.js:1:{col}"), "action.js"),
            Some((1, 5))
        );
    }
}
