//! The core engine: runs Auth0 Actions for all seven triggers in an embedded JavaScript engine
//! (QuickJS through rquickjs) and reports what Auth0 would do.
//!
//! It never imports egui, eframe or rfd: the GUI (`crate::app`) and the CLI (`crate::cli`) call
//! the same functions. The entry point is [`run`]: a [`RunRequest`] in, a [`RunReport`] out.

mod arena;
mod bytecode;
pub mod cache;
pub mod claims;
pub mod diff;
pub mod error;
pub mod event;
pub mod flow;
mod host;
pub mod input;
pub mod metadata;
pub mod outcome;
pub mod report;
pub mod request;
pub mod runtime;
mod sandbox;
pub mod scenario;
pub mod sweep;
pub mod text;
pub mod trigger;
pub mod worker;

pub use error::EngineError;
pub use report::{
    ActionError, ApiCall, LogLevel, LogLine, Note, NoteKind, Outcome, OutcomeKind, RunReport,
};
pub use request::{FetchMock, HandlerKind, RunOptions, RunRequest};
pub use trigger::Trigger;

use runtime::Ending;

/// Runs one action once and reports what Auth0 would do.
///
/// User-code failures (exceptions, timeouts, bad exports) are part of the report; an `Err` means
/// the engine itself could not run (the event is not an object, or QuickJS could not start).
pub fn run(request: &RunRequest) -> Result<RunReport, EngineError> {
    if !request.event.is_object() {
        return Err(EngineError::EventNotObject(event::type_name(
            &request.event,
        )));
    }
    let exec = runtime::execute(request)?;
    let trigger = request.trigger;
    let calls = exec.state.calls;
    let mut notes = event::check(trigger, &request.event);
    let (outcome, outcome_notes) = outcome::decide(trigger, &request.event, &calls, &exec.ending);
    notes.extend(outcome_notes);
    let (app_metadata, n) = metadata::report(&request.event, &calls, metadata::Field::App);
    notes.extend(n);
    let (user_metadata, n) = metadata::report(&request.event, &calls, metadata::Field::User);
    notes.extend(n);
    let (claims, n) = claims::claims(trigger, &request.event, &calls);
    notes.extend(n);
    let (scopes, n) = claims::scopes(trigger, &request.event, &calls);
    notes.extend(n);
    let transaction_metadata = claims::transaction_metadata(trigger, &request.event, &calls);
    for n in exec.state.notes {
        if !notes.contains(&n) {
            notes.push(n);
        }
    }
    if exec.pending_timers > 0 && matches!(exec.ending, Ending::Completed) {
        notes.push(Note::fidelity(format!(
            "{} timer(s) were still pending when the handler finished; Auth0 does not wait for them, so they never ran.",
            exec.pending_timers
        )));
    }
    if exec.virtual_ms > 0.0 {
        notes.push(Note::fidelity(format!(
            "Timers ran on virtual time: {:.0} ms of waiting were skipped instantly (Date.now() moved forward by that much).",
            exec.virtual_ms
        )));
    }
    let error = match &exec.ending {
        Ending::Failed(e) => Some(e.clone()),
        Ending::TimedOut(text) => Some(ActionError {
            name: "Timeout".to_owned(),
            message: text.clone(),
            line: None,
            column: None,
            stack: None,
        }),
        Ending::Completed => None,
    };
    if let Some(e) = &error {
        match e.name.as_str() {
            "OutOfMemory" => notes.push(Note::limit(format!(
                "Memory limit reached ({} MiB). Auth0 documents no memory limit; the studio stops runaway allocations here.",
                request.options.memory_limit_bytes / (1024 * 1024)
            ))),
            "RangeError" | "InternalError" if e.message.contains("stack") => notes.push(Note::limit(format!(
                "Stack limit reached ({} KiB of JavaScript stack): the recursion is too deep.",
                request.options.stack_limit_bytes / 1024
            ))),
            "Timeout" => notes.push(Note::limit(format!("Time limit: {} ms (Auth0 allows 20 s per trigger execution).", request.options.timeout_ms))),
            _ => {}
        }
    }
    let cache = exec
        .state
        .cache
        .live_entries(exec.clock_ms + exec.virtual_ms as i64);
    Ok(RunReport {
        trigger,
        handler: request.handler_name().to_owned(),
        outcome,
        calls,
        logs: exec.state.logs,
        error,
        app_metadata,
        user_metadata,
        claims,
        scopes,
        transaction_metadata,
        cache,
        network: exec.state.network,
        notes,
        duration_ms: exec.duration.as_secs_f64() * 1000.0,
        virtual_ms: exec.virtual_ms,
        signal_reads: exec.signal_reads,
    })
}
