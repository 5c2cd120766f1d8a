//! Running a scenario: a simulated user and session whose stored metadata persists from one step
//! to the next. `login` and `continue` run the flow; the other steps change the state.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::expect::Failure;
use super::file::{Loaded, Step, StepKind, apply_scores};
use crate::engine::flow::{self, FlowReport, FlowRequest, Suspension};
use crate::engine::metadata::{self, Field};
use crate::engine::request::RunOptions;

/// The result of one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepResult {
    /// Label (`1. login`).
    pub label: String,
    /// What the step did, in one line.
    pub summary: String,
    /// The flow's report, for steps that run it.
    pub report: Option<FlowReport>,
    /// Stored app_metadata after the step.
    pub app_metadata: Value,
    /// Stored user_metadata after the step.
    pub user_metadata: Value,
    /// Expectations that failed (empty: passed).
    pub failures: Vec<Failure>,
}

impl StepResult {
    /// Whether every expectation of the step held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The result of a whole scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// The scenario's name.
    pub name: String,
    /// Its file.
    pub path: String,
    /// Every step, in order.
    pub steps: Vec<StepResult>,
    /// Wall-clock time, in milliseconds.
    pub duration_ms: f64,
}

impl ScenarioResult {
    /// Whether every step passed.
    pub fn passed(&self) -> bool {
        self.steps.iter().all(StepResult::passed)
    }
}

struct State {
    event: Value,
    cache: Vec<crate::engine::report::CacheEntry>,
    suspended: Option<Suspension>,
    sessions: u32,
    clock_ms: i64,
}

fn iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        ms.rem_euclid(1000)
    )
}

fn methods(event: &mut Value) -> Option<&mut Vec<Value>> {
    let obj = event.as_object_mut()?;
    let auth = obj.entry("authentication").or_insert_with(|| json!({}));
    let auth = auth.as_object_mut()?;
    let methods = auth.entry("methods").or_insert_with(|| json!([]));
    methods.as_array_mut()
}

fn run_flow(
    loaded: &Loaded,
    state: &mut State,
    resume: Option<Suspension>,
) -> Result<FlowReport, String> {
    let request = FlowRequest {
        trigger: loaded.scenario.trigger,
        event: state.event.clone(),
        actions: loaded.actions.clone(),
        options: RunOptions {
            timeout_ms: loaded
                .scenario
                .timeout_ms
                .unwrap_or(crate::engine::request::DEFAULT_TIMEOUT_MS),
            seed: loaded.scenario.seed.unwrap_or(0),
            clock_ms: Some(state.clock_ms),
            cache: state.cache.clone(),
            fetch_mocks: loaded.scenario.fetch_mocks.clone(),
            ..RunOptions::default()
        },
        resume,
    };
    let report = flow::run(&request).map_err(|e| e.to_string())?;
    // The cache lives up to 24 h; the simulated tenant keeps it between steps.
    state.cache.clone_from(&report.cache);
    // Auth0 writes the batched metadata at the end of the execution (or before a redirect).
    if let Some(Value::Object(user)) = state.event.get_mut("user") {
        user.insert(
            Field::App.name().to_owned(),
            report.app_metadata.after.clone(),
        );
        user.insert(
            Field::User.name().to_owned(),
            report.user_metadata.after.clone(),
        );
    }
    state.suspended = report.suspended.clone();
    Ok(report)
}

fn do_step(
    loaded: &Loaded,
    state: &mut State,
    step: &Step,
) -> Result<(String, Option<FlowReport>), String> {
    match step.kind {
        StepKind::Login => {
            state.suspended = None;
            let report = run_flow(loaded, state, None)?;
            let verb = if loaded.scenario.trigger == crate::engine::Trigger::PostLogin {
                "login"
            } else {
                "run"
            };
            Ok((format!("{verb}: {}", report.outcome.summary), Some(report)))
        }
        StepKind::Continue => {
            let Some(suspension) = state.suspended.clone() else {
                return Err("continue: the flow is not suspended (no redirect, form or challenge to come back from)".to_owned());
            };
            if let Some(query) = &step.query
                && let Some(Value::Object(req)) = state.event.get_mut("request")
            {
                req.insert("query".to_owned(), Value::Object(query.clone()));
            }
            let report = run_flow(loaded, state, Some(suspension))?;
            Ok((
                format!("continue: {}", report.outcome.summary),
                Some(report),
            ))
        }
        StepKind::CompleteMfa => {
            let stamp = iso(state.clock_ms);
            if let Some(m) = methods(&mut state.event) {
                m.push(json!({"name": "mfa", "timestamp": stamp, "type": "otp"}));
            }
            Ok((
                "MFA completed: an mfa method was added to the session".to_owned(),
                None,
            ))
        }
        StepKind::NewSession => {
            state.sessions += 1;
            state.clock_ms += 60 * 60 * 1000;
            let id = format!("sess_new{}", state.sessions);
            let stamp = iso(state.clock_ms);
            if let Some(obj) = state.event.as_object_mut()
                && let Some(Value::Object(session)) = obj.get_mut("session")
            {
                session.insert("id".to_owned(), json!(id));
            }
            if let Some(m) = methods(&mut state.event) {
                *m = vec![json!({"name": "pwd", "timestamp": stamp})];
            }
            state.suspended = None;
            Ok((format!("new session {id}"), None))
        }
        StepKind::SetScores => {
            let mut scores = serde_json::Map::new();
            if let Some(b) = &step.bot {
                scores.insert("bot".to_owned(), b.clone());
            }
            if let Some(r) = &step.risk {
                scores.insert("risk".to_owned(), r.clone());
            }
            apply_scores(&mut state.event, &scores, &loaded.path, "set_scores")
                .map_err(|e| e.message)?;
            let show = |v: &Option<Value>| {
                v.as_ref().map_or_else(
                    || "unchanged".to_owned(),
                    |v| {
                        if v.is_null() {
                            "absent".to_owned()
                        } else {
                            v.to_string()
                        }
                    },
                )
            };
            Ok((
                format!(
                    "scores: bot {}, user risk {}",
                    show(&step.bot),
                    show(&step.risk)
                ),
                None,
            ))
        }
        StepKind::Set => {
            let pointer = step.pointer.clone().unwrap_or_default();
            let value = step.value.clone().unwrap_or(Value::Null);
            let shown = if value.is_null() {
                "removed".to_owned()
            } else {
                format!("= {value}")
            };
            set_pointer(&mut state.event, &pointer, value)?;
            Ok((format!("set {pointer} {shown}"), None))
        }
    }
}

fn set_pointer(root: &mut Value, pointer: &str, value: Value) -> Result<(), String> {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return Err(format!(
            "set: {pointer:?} is not a JSON pointer (it must start with /)"
        ));
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    let target = if parent.is_empty() {
        Some(root)
    } else {
        root.pointer_mut(parent)
    };
    match target {
        Some(Value::Object(map)) => {
            if value.is_null() {
                map.shift_remove(&last);
            } else {
                map.insert(last, value);
            }
            Ok(())
        }
        _ => Err(format!(
            "set: {parent:?} does not exist in the event or is not an object"
        )),
    }
}

/// Runs every step of a loaded scenario.
pub fn run(loaded: &Loaded) -> super::ScenarioResult {
    let started = std::time::Instant::now();
    let mut state = State {
        event: loaded.event.clone(),
        cache: loaded.cache.clone(),
        suspended: None,
        sessions: 0,
        clock_ms: loaded.clock_ms(),
    };
    let single;
    let steps: &[Step] = if loaded.scenario.steps.is_empty() {
        single = [Step {
            kind: StepKind::Login,
            name: None,
            bot: None,
            risk: None,
            pointer: None,
            value: None,
            query: None,
            expect: loaded.scenario.expect.clone(),
        }];
        &single
    } else {
        &loaded.scenario.steps
    };
    let mut results = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let label = format!(
            "{}. {}",
            i + 1,
            step.name
                .clone()
                .unwrap_or_else(|| step.kind.id().to_owned())
        );
        let (summary, report, mut failures) = match do_step(loaded, &mut state, step) {
            Ok((summary, report)) => (summary, report, Vec::new()),
            Err(e) => (
                e.clone(),
                None,
                vec![Failure {
                    what: "step".to_owned(),
                    expected: "the step runs".to_owned(),
                    actual: e,
                }],
            ),
        };
        let app = metadata::before(&state.event, Field::App);
        let user = metadata::before(&state.event, Field::User);
        if let Some(expect) = &step.expect {
            failures.extend(expect.check(report.as_ref(), &app, &user));
            failures.extend(expect.check_cache(&state.cache));
        }
        results.push(StepResult {
            label,
            summary,
            report,
            app_metadata: app,
            user_metadata: user,
            failures,
        });
    }
    super::ScenarioResult {
        name: loaded.name(),
        path: loaded.path.display().to_string(),
        steps: results,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            iso(crate::engine::request::REFERENCE_CLOCK_MS),
            "2025-03-01T10:00:00.000Z"
        );
        assert_eq!(iso(951_782_400_123), "2000-02-29T00:00:00.123Z");
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn pointers() {
        let mut v = json!({"a": {"b": 1}});
        set_pointer(&mut v, "/a/c", json!(2)).unwrap();
        set_pointer(&mut v, "/a/b", Value::Null).unwrap();
        assert_eq!(v, json!({"a": {"c": 2}}));
        assert!(set_pointer(&mut v, "/x/y", json!(1)).is_err());
    }
}
