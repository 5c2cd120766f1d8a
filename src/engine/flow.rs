//! Flows: several actions bound to one trigger, run with Auth0's semantics (fact sheet §1.3–§1.5).
//!
//! - Each action gets a fresh copy of the event; metadata set by earlier actions is visible to
//!   later ones through `event.user` (Auth0's optimistic update), and so is transaction metadata.
//! - Deny, session revoke, validation error, refresh-token revoke, an error or a timeout stop the
//!   flow after the current action; challenge, enrollment, redirect and prompt suspend it (a
//!   resume calls `onContinue…` on the same action, then the rest run); `multifactor.enable`
//!   does not stop it.
//! - The cache carries across actions; claims: the last writer wins; one time limit covers the
//!   whole execution.

use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::diff::diff;
use super::error::EngineError;
use super::metadata::{self, Field};
use super::report::{ApiCall, Claim, MetadataReport, Note, Outcome, OutcomeKind, RunReport};
use super::request::{HandlerKind, RunOptions, RunRequest};
use super::trigger::Trigger;

/// One action of a flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowAction {
    /// A name to show (usually the file name).
    pub name: String,
    /// The JavaScript source.
    pub code: String,
}

/// Where a suspended flow waits, so that it can be resumed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// Index of the action that suspended the flow.
    pub action: usize,
    /// What suspended it.
    pub kind: OutcomeKind,
}

/// A flow run: the actions, the event and the options.
#[derive(Clone, Debug)]
pub struct FlowRequest {
    /// The trigger.
    pub trigger: Trigger,
    /// The event before the first action.
    pub event: Value,
    /// The actions, in binding order.
    pub actions: Vec<FlowAction>,
    /// Options shared by every action (the timeout covers the whole flow).
    pub options: RunOptions,
    /// Resume a suspended flow: call `onContinue…` on that action, then run the rest.
    pub resume: Option<Suspension>,
}

/// What one action did inside the flow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionRun {
    /// The action's name.
    pub name: String,
    /// Its report (the event it saw included the earlier actions' metadata).
    pub report: RunReport,
}

/// The flow's combined result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowReport {
    /// The trigger.
    pub trigger: Trigger,
    /// The actions that ran, in order.
    pub runs: Vec<ActionRun>,
    /// Names of the actions that did not run (stopped or suspended before them).
    pub skipped: Vec<String>,
    /// The combined outcome.
    pub outcome: Outcome,
    /// Where the flow is suspended, if it is.
    pub suspended: Option<Suspension>,
    /// app_metadata across the whole flow.
    pub app_metadata: MetadataReport,
    /// user_metadata across the whole flow.
    pub user_metadata: MetadataReport,
    /// Claims after every action (last writer wins).
    pub claims: Vec<Claim>,
    /// Transaction metadata at the end.
    pub transaction_metadata: Value,
    /// Cache at the end.
    pub cache: Vec<super::report::CacheEntry>,
    /// Notes from every action, deduplicated, plus the flow's own.
    pub notes: Vec<Note>,
    /// Total wall-clock time, in milliseconds.
    pub duration_ms: f64,
}

impl FlowReport {
    /// Every accepted call of every action, in order.
    pub fn all_calls(&self) -> impl Iterator<Item = &ApiCall> {
        self.runs.iter().flat_map(|r| r.report.calls.iter())
    }

    /// Console lines of every action, in order.
    pub fn all_logs(&self) -> impl Iterator<Item = &super::report::LogLine> {
        self.runs.iter().flat_map(|r| r.report.logs.iter())
    }

    /// The first error of the flow, if any.
    pub fn error(&self) -> Option<&super::report::ActionError> {
        self.runs.iter().find_map(|r| r.report.error.as_ref())
    }
}

fn set_user_metadata(event: &mut Value, field: Field, value: &Value) {
    if let Some(Value::Object(user)) = event.get_mut("user") {
        user.insert(field.name().to_owned(), value.clone());
    }
}

/// Runs a flow.
pub fn run(request: &FlowRequest) -> Result<FlowReport, EngineError> {
    let started = Instant::now();
    let trigger = request.trigger;
    let mut event = request.event.clone();
    let app_before = metadata::before(&event, Field::App);
    let user_before = metadata::before(&event, Field::User);
    let has_user_md = |e: &Value| e.get("user").is_some_and(Value::is_object);
    let mut app = app_before.clone();
    let mut user = user_before.clone();
    let mut cache = request.options.cache.clone();
    let mut claims_out: Vec<Claim> = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    let mut runs = Vec::new();
    let mut skipped = Vec::new();
    let mut stop: Option<(usize, OutcomeKind)> = None;
    let mut mfa: Option<Outcome> = None;
    let first = request.resume.as_ref().map_or(0, |s| s.action);
    for (i, action) in request.actions.iter().enumerate() {
        if i < first {
            continue;
        }
        if stop.is_some() {
            skipped.push(action.name.clone());
            continue;
        }
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let mut options = request.options.clone();
        options.cache = cache.clone();
        options.timeout_ms = request.options.timeout_ms.saturating_sub(elapsed_ms).max(1);
        let handler = if request.resume.as_ref().is_some_and(|s| s.action == i) {
            HandlerKind::Continue
        } else {
            HandlerKind::Execute
        };
        let run_request = RunRequest {
            trigger,
            handler,
            event: event.clone(),
            code: action.code.clone(),
            file_name: action.name.clone(),
            options,
        };
        let report = super::run(&run_request)?;
        if handler == HandlerKind::Continue
            && request
                .resume
                .as_ref()
                .is_some_and(|s| matches!(s.kind, OutcomeKind::Challenge | OutcomeKind::Enrollment))
            && report.error.as_ref().is_some_and(|e| {
                e.message
                    .starts_with("Invalid function signature for the \"onContinue")
            })
        {
            // After a challenge or enrollment Auth0 goes on with the next action; onContinue… is
            // only required after a redirect or a form.
            notes.push(Note::fidelity(format!(
                "{} has no {}; after the MFA challenge the flow went on with the next action.",
                action.name,
                trigger.continue_handler().unwrap_or("onContinue handler")
            )));
            continue;
        }
        // Optimistic update: later actions see this action's metadata through event.user.
        app = metadata::apply_calls(&app, &report.calls, Field::App);
        user = metadata::apply_calls(&user, &report.calls, Field::User);
        if has_user_md(&event) {
            set_user_metadata(&mut event, Field::App, &app);
            set_user_metadata(&mut event, Field::User, &user);
        }
        if !report.transaction_metadata.is_null()
            && let Some(Value::Object(tx)) = event.get_mut("transaction")
        {
            tx.insert("metadata".to_owned(), report.transaction_metadata.clone());
        }
        cache.clone_from(&report.cache);
        for c in &report.claims {
            match claims_out
                .iter_mut()
                .find(|x| x.token == c.token && x.name == c.name)
            {
                Some(existing) => *existing = c.clone(),
                None => claims_out.push(c.clone()),
            }
        }
        for n in &report.notes {
            if !notes.contains(n) {
                notes.push(n.clone());
            }
        }
        let kind = report.outcome.kind;
        if kind.stops_flow() || kind.suspends_flow() {
            stop = Some((i, kind));
        } else if kind == OutcomeKind::MfaRequired {
            mfa = Some(report.outcome.clone());
        } else if report
            .calls
            .iter()
            .any(|c| c.api == "multifactor.enable" && c.accepted() && c.str_arg(0) == Some("none"))
        {
            mfa = None;
        }
        runs.push(ActionRun {
            name: action.name.clone(),
            report,
        });
    }
    let (outcome, suspended) = match stop {
        Some((i, kind)) => {
            let mut o = runs
                .last()
                .map(|r: &ActionRun| r.report.outcome.clone())
                .unwrap_or_else(|| allowed_outcome(trigger));
            let name = request.actions.get(i).map_or("", |a| a.name.as_str());
            let what = if kind.suspends_flow() {
                "suspended the flow"
            } else {
                "stopped the flow"
            };
            let rest = if skipped.is_empty() {
                String::new()
            } else {
                format!("; not run: {}", skipped.join(", "))
            };
            o.why = Some(format!(
                "{name} {what}{rest}.{}",
                o.why
                    .as_deref()
                    .map(|w| format!(" {w}"))
                    .unwrap_or_default()
            ));
            (
                o,
                kind.suspends_flow()
                    .then_some(Suspension { action: i, kind }),
            )
        }
        None => (mfa.unwrap_or_else(|| allowed_outcome(trigger)), None),
    };
    if request.actions.len() > 1 {
        notes.push(Note::fidelity("Each action saw the metadata set by the earlier ones through event.user, as Auth0's optimistic update does; other changes to event do not carry over."));
    }
    let transaction_metadata = event
        .pointer("/transaction/metadata")
        .cloned()
        .unwrap_or(Value::Null);
    Ok(FlowReport {
        trigger,
        runs,
        skipped,
        outcome,
        suspended,
        app_metadata: MetadataReport {
            changes: diff(&app_before, &app),
            before: app_before,
            after: app,
        },
        user_metadata: MetadataReport {
            changes: diff(&user_before, &user),
            before: user_before,
            after: user,
        },
        claims: claims_out,
        transaction_metadata,
        cache,
        notes,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

fn allowed_outcome(trigger: Trigger) -> Outcome {
    let (o, _) = super::outcome::decide(
        trigger,
        &Value::Null,
        &[],
        &super::runtime::Ending::Completed,
    );
    o
}
