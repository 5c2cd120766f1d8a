//! The scenario file format and its loading (errors name the file and the field).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::expect::{CallMatch, Expectation, OneOrMany};
use crate::engine::event;
use crate::engine::flow::FlowAction;
use crate::engine::report::{CacheEntry, RunReport};
use crate::engine::request::{FetchMock, REFERENCE_CLOCK_MS};
use crate::engine::trigger::Trigger;

/// A scenario file problem: which file, which field, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}{message}", file.display(), if field.is_empty() { String::new() } else { format!("{field}: ") })]
pub struct ScenarioError {
    /// The scenario file.
    pub file: PathBuf,
    /// The field (`steps[1].expect.outcome`), empty for the whole file.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl ScenarioError {
    /// A new error.
    pub fn new(file: &Path, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An action of the flow: a file (relative to the scenario) or inline code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ActionRef {
    /// `{"path": "../actions/x.js"}`.
    Path {
        /// Path relative to the scenario file.
        path: String,
        /// Display name (default: the file name).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// `{"name": "inline", "code": "exports.onExecutePostLogin = …"}`.
    Inline {
        /// Display name.
        name: String,
        /// The JavaScript source.
        code: String,
    },
}

/// A cache entry to seed: `expires_at` (ms since epoch) or `ttl_ms` from the scenario clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSeed {
    /// Key.
    pub key: String,
    /// Value (a string).
    pub value: String,
    /// Absolute expiry, ms since epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Time to live from the scenario clock, in ms (default 15 minutes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_ms: Option<i64>,
}

/// What a sequence step does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Run the flow with the simulated user's stored metadata; persist what it changes
    /// (`run` is accepted too, for triggers that are not logins).
    #[serde(alias = "run")]
    Login,
    /// Resume a suspended flow (`onContinue…` on the action that suspended it).
    Continue,
    /// Add an `mfa` method to the session's `authentication.methods` (no run).
    CompleteMfa,
    /// Start a new session: new session id, methods back to a password login (no run).
    NewSession,
    /// Change the Akamai scores (`bot`, `risk`; `null` makes that signal absent) (no run).
    SetScores,
    /// Set one event value by JSON pointer (`pointer`, `value`; `null` removes it) (no run).
    Set,
}

impl StepKind {
    /// The name used in scenario files (`complete_mfa`).
    pub fn id(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::Continue => "continue",
            Self::CompleteMfa => "complete_mfa",
            Self::NewSession => "new_session",
            Self::SetScores => "set_scores",
            Self::Set => "set",
        }
    }
}

/// Deserializes a field that is present as `Some`, even when it is `null`.
fn given<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// One step of a sequence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What the step does.
    #[serde(rename = "do")]
    pub kind: StepKind,
    /// A label for reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `set_scores`: the bot score (`null`: bot signal absent).
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub bot: Option<Value>,
    /// `set_scores`: the user-risk score (`null`: user-risk signal absent).
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub risk: Option<Value>,
    /// `set`: JSON pointer into the event (`/user/email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// `set`: the value (`null` removes it).
    #[serde(
        default,
        deserialize_with = "given",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<Value>,
    /// `continue`: query parameters of the request that resumes the flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Map<String, Value>>,
    /// What must hold after the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expectation>,
}

/// A scenario file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Name shown in reports (default: the file name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the scenario checks, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The trigger.
    pub trigger: Trigger,
    /// A full event file (relative to the scenario); default: the trigger's default event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_file: Option<String>,
    /// Overrides deep-merged onto the event (objects merge, other values replace, `null` removes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<Value>,
    /// Starting scores: `{"bot": 10, "risk": null}` (`null`: that signal absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<Map<String, Value>>,
    /// The flow's actions, in binding order.
    pub actions: Vec<ActionRef>,
    /// `event.secrets`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub secrets: Map<String, Value>,
    /// `api.cache` contents at the start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cache: Vec<CacheSeed>,
    /// Canned answers for `fetch`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fetch_mocks: Vec<FetchMock>,
    /// Time limit of each flow run, in ms (default 20000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    /// Seed for randomness (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The clock, ms since epoch (default 2025-03-01T10:00:00Z).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_ms: Option<i64>,
    /// Sequence steps; when absent, one `login` step checked against `expect`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Expectations of the single login step (when there are no `steps`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expectation>,
}

/// A scenario ready to run: the file, its actions' code and the starting event.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// Where it came from (for messages).
    pub path: PathBuf,
    /// The parsed file.
    pub scenario: Scenario,
    /// The actions with their code.
    pub actions: Vec<FlowAction>,
    /// The starting event (overrides, scores and secrets applied).
    pub event: Value,
    /// Cache entries at the start.
    pub cache: Vec<CacheEntry>,
}

impl Loaded {
    /// The name to show.
    pub fn name(&self) -> String {
        self.scenario.name.clone().unwrap_or_else(|| {
            self.path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
    }

    /// The clock of every run.
    pub fn clock_ms(&self) -> i64 {
        self.scenario.clock_ms.unwrap_or(REFERENCE_CLOCK_MS)
    }
}

/// Deep-merges `patch` onto `base`: objects merge, `null` removes, other values replace.
pub fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    b.shift_remove(k);
                } else if let Some(existing) = b.get_mut(k) {
                    merge(existing, v);
                } else {
                    b.insert(k.clone(), v.clone());
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

/// Applies `{"bot": …, "risk": …}` to the event (number: set; `null`: that signal absent).
pub fn apply_scores(
    event: &mut Value,
    scores: &Map<String, Value>,
    file: &Path,
    field: &str,
) -> Result<(), ScenarioError> {
    for (key, value) in scores {
        let signal = match key.as_str() {
            "bot" => event::Signal::Bot,
            "risk" => event::Signal::UserRisk,
            other => {
                return Err(ScenarioError::new(
                    file,
                    format!("{field}.{other}"),
                    "unknown score: use \"bot\" or \"risk\"",
                ));
            }
        };
        match value {
            Value::Null => event::set_signal_present(event, signal, false),
            Value::Number(n) => event::set_score(event, signal, n.as_f64().unwrap_or(0.0)),
            other => {
                return Err(ScenarioError::new(
                    file,
                    format!("{field}.{key}"),
                    format!(
                        "expected a number or null, found {}",
                        event::type_name(other)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Loads a scenario file.
pub fn load(path: &Path) -> Result<Loaded, ScenarioError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ScenarioError::new(path, "", format!("cannot read the file: {e}")))?;
    load_str(path, &text)
}

/// Parses scenario text as if it were the file at `path` (relative paths resolve from there).
pub fn load_str(path: &Path, text: &str) -> Result<Loaded, ScenarioError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        let message = if inner.is_syntax() || inner.is_eof() {
            format!(
                "line {}, column {}: not valid JSON ({inner})",
                inner.line(),
                inner.column()
            )
        } else {
            inner.to_string()
        };
        ScenarioError::new(
            path,
            if field == "." || field == "?" {
                String::new()
            } else {
                field
            },
            message,
        )
    })?;
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    if scenario.actions.is_empty() {
        return Err(ScenarioError::new(
            path,
            "actions",
            "at least one action is required",
        ));
    }
    let mut actions = Vec::new();
    for (i, a) in scenario.actions.iter().enumerate() {
        actions.push(match a {
            ActionRef::Path { path: rel, name } => {
                let full = dir.join(rel);
                let code = crate::engine::input::read_action(&full).map_err(|e| {
                    ScenarioError::new(path, format!("actions[{i}].path"), e.to_string())
                })?;
                let name = name.clone().unwrap_or_else(|| {
                    full.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| rel.clone())
                });
                FlowAction { name, code }
            }
            ActionRef::Inline { name, code } => FlowAction {
                name: name.clone(),
                code: code.clone(),
            },
        });
    }
    let mut event = match &scenario.event_file {
        Some(rel) => crate::engine::input::read_event(&dir.join(rel))
            .map_err(|e| ScenarioError::new(path, "event_file", e.to_string()))?,
        None => scenario.trigger.default_event(),
    };
    if let Some(patch) = &scenario.event {
        if !patch.is_object() {
            return Err(ScenarioError::new(
                path,
                "event",
                format!(
                    "expected an object of overrides, found {}",
                    event::type_name(patch)
                ),
            ));
        }
        merge(&mut event, patch);
    }
    if let Some(scores) = &scenario.scores {
        if !scenario.trigger.has_akamai() {
            return Err(ScenarioError::new(
                path,
                "scores",
                format!("{} carries no Akamai signals", scenario.trigger.id()),
            ));
        }
        apply_scores(&mut event, scores, path, "scores")?;
    }
    if !scenario.secrets.is_empty() {
        let secrets = scenario.secrets.clone();
        if let Some(obj) = event.as_object_mut() {
            let entry = obj
                .entry("secrets")
                .or_insert_with(|| Value::Object(Map::new()));
            merge(entry, &Value::Object(secrets));
        }
    }
    for (i, step) in scenario.steps.iter().enumerate() {
        let needs = |what: &str, present: bool| {
            if present {
                Ok(())
            } else {
                Err(ScenarioError::new(
                    path,
                    format!("steps[{i}]"),
                    format!("a {} step needs \"{what}\"", step.kind.id()),
                ))
            }
        };
        match step.kind {
            StepKind::Set => {
                needs("pointer", step.pointer.is_some())?;
                needs("value", step.value.is_some())?;
            }
            StepKind::SetScores => {
                needs("bot\" or \"risk", step.bot.is_some() || step.risk.is_some())?
            }
            _ => {}
        }
    }
    if !scenario.steps.is_empty() && scenario.expect.is_some() {
        return Err(ScenarioError::new(
            path,
            "expect",
            "use \"expect\" inside each step when the scenario has \"steps\"",
        ));
    }
    let clock = scenario.clock_ms.unwrap_or(REFERENCE_CLOCK_MS);
    let cache = scenario
        .cache
        .iter()
        .map(|c| CacheEntry {
            key: c.key.clone(),
            value: c.value.clone(),
            expires_at: c
                .expires_at
                .unwrap_or(clock + c.ttl_ms.unwrap_or(crate::engine::cache::DEFAULT_TTL_MS)),
        })
        .collect();
    Ok(Loaded {
        path: path.to_owned(),
        scenario,
        actions,
        event,
        cache,
    })
}

/// A scenario that pins what `report` shows for this trigger, event and action ("Save as scenario").
pub fn capture(trigger: Trigger, event: &Value, action: ActionRef, report: &RunReport) -> Scenario {
    let calls = report
        .calls
        .iter()
        .filter(|c| c.accepted())
        .map(|c| CallMatch {
            api: c.api.clone(),
            args: Some(c.args.clone()),
        })
        .collect();
    let expect = Expectation {
        outcome: Some(OneOrMany::One(report.outcome.kind)),
        calls,
        app_metadata: Some(report.app_metadata.after.clone()),
        user_metadata: Some(report.user_metadata.after.clone()),
        no_error: Some(report.error.is_none()),
        ..Expectation::default()
    };
    let overrides = overrides(event, &trigger.default_event());
    Scenario {
        name: None,
        description: Some(format!(
            "Captured from the studio: {}",
            report.outcome.summary
        )),
        trigger,
        event_file: None,
        event: overrides,
        scores: None,
        actions: vec![action],
        secrets: Map::new(),
        cache: Vec::new(),
        fetch_mocks: Vec::new(),
        timeout_ms: None,
        seed: None,
        clock_ms: None,
        steps: Vec::new(),
        expect: Some(expect),
    }
}

/// The overrides that turn `default` into `event` (keys the event lacks become `null`).
fn overrides(event: &Value, default: &Value) -> Option<Value> {
    match (event, default) {
        (Value::Object(e), Value::Object(d)) => {
            let mut out = Map::new();
            for (k, v) in e {
                match d.get(k) {
                    Some(dv) if dv == v => {}
                    Some(dv) => {
                        if let Some(sub) = overrides(v, dv) {
                            out.insert(k.clone(), sub);
                        }
                    }
                    None => {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            for k in d.keys() {
                if !e.contains_key(k) {
                    out.insert(k.clone(), Value::Null);
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        (e, d) if e == d => None,
        (e, _) => Some(e.clone()),
    }
}
