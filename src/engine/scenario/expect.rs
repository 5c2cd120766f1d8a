//! Expectations of a scenario step and how a flow report is checked against them.
//!
//! Argument matching: each expected argument is compared with the actual one at the same index
//! (extra actual arguments are ignored); the string `"$any"` matches anything; an expected object
//! matches when each of its keys matches (other keys are ignored); arrays and scalars must be equal.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::engine::flow::FlowReport;
use crate::engine::report::{ApiCall, OutcomeKind, TokenKind};

/// One value or a list of accepted values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// Any of these values.
    Many(Vec<T>),
}

impl<T: PartialEq> OneOrMany<T> {
    /// Whether `v` is accepted.
    pub fn accepts(&self, v: &T) -> bool {
        match self {
            Self::One(x) => x == v,
            Self::Many(xs) => xs.contains(v),
        }
    }
}

/// A call to look for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallMatch {
    /// `namespace.method`, without `api.`.
    pub api: String,
    /// The leading arguments to match (see the module doc); any arguments when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<Value>>,
}

impl CallMatch {
    fn matches(&self, call: &ApiCall) -> bool {
        call.accepted()
            && call.api == self.api
            && self.args.as_ref().is_none_or(|want| {
                want.iter()
                    .enumerate()
                    .all(|(i, w)| value_matches(w, call.args.get(i).unwrap_or(&Value::Null)))
            })
    }

    fn describe(&self) -> String {
        match &self.args {
            Some(a) => format!(
                "api.{}({})",
                self.api,
                a.iter()
                    .map(Value::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!("api.{}(…)", self.api),
        }
    }
}

/// Whether `actual` matches the pattern `want`.
pub fn value_matches(want: &Value, actual: &Value) -> bool {
    match (want, actual) {
        (Value::String(s), _) if s == "$any" => true,
        (Value::Object(w), Value::Object(a)) => w
            .iter()
            .all(|(k, wv)| a.get(k).is_some_and(|av| value_matches(wv, av))),
        (Value::Array(w), Value::Array(a)) => {
            w.len() == a.len() && w.iter().zip(a).all(|(x, y)| value_matches(x, y))
        }
        (w, a) => w == a,
    }
}

/// What must hold after a step. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The outcome kind (or any of several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<OneOrMany<OutcomeKind>>,
    /// Text the outcome's reason must contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_contains: Option<String>,
    /// Calls that must happen, in this order (others may come between).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<CallMatch>,
    /// Calls that must not happen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_calls: Vec<CallMatch>,
    /// The stored app_metadata after the step, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_metadata: Option<Value>,
    /// Keys the stored app_metadata must have with these values (`null`: the key must be absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_metadata_contains: Option<Map<String, Value>>,
    /// The stored user_metadata after the step, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<Value>,
    /// Keys the stored user_metadata must have with these values (`null`: the key must be absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata_contains: Option<Map<String, Value>>,
    /// Claims that must be set (on either token) with these values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Map<String, Value>>,
    /// `true`: no action may fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_error: Option<bool>,
    /// Text the first error's message must contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_contains: Option<String>,
    /// Texts that must each appear in some console line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logs_contain: Vec<String>,
    /// Texts that must not appear in any console line (secrets, one-time codes, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_logs_contain: Vec<String>,
    /// Claims that must be on the ID token with these values (`null`: must not be set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_claims: Option<Map<String, Value>>,
    /// Claims that must be on the access token with these values (`null`: must not be set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_claims: Option<Map<String, Value>>,
    /// fetch requests that must have been made, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network: Vec<NetworkMatch>,
    /// Cache keys that must hold these values after the step (`null`: must be absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_contains: Option<Map<String, Value>>,
}

/// A fetch request to look for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkMatch {
    /// HTTP method (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The URL, or a prefix ending in `*`.
    pub url: String,
    /// Text the request body must contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_contains: Option<String>,
    /// Headers the request must carry (lower-case names; `"$any"` matches any value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Map<String, Value>>,
}

impl NetworkMatch {
    fn matches(&self, r: &crate::engine::report::NetworkRequest) -> bool {
        let url_ok = match self.url.strip_suffix('*') {
            Some(prefix) => r.url.starts_with(prefix),
            None => r.url == self.url,
        };
        url_ok
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(&r.method))
            && self
                .body_contains
                .as_deref()
                .is_none_or(|t| r.body.as_deref().is_some_and(|b| b.contains(t)))
            && self.headers.as_ref().is_none_or(|h| {
                value_matches(&Value::Object(h.clone()), &Value::Object(r.headers.clone()))
            })
    }
}

/// One expectation that did not hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// Which expectation (`outcome`, `calls[1]`, `app_metadata.mfa_flag`, …).
    pub what: String,
    /// What was expected.
    pub expected: String,
    /// What happened.
    pub actual: String,
}

fn fail(
    out: &mut Vec<Failure>,
    what: impl Into<String>,
    expected: impl Into<String>,
    actual: impl Into<String>,
) {
    out.push(Failure {
        what: what.into(),
        expected: expected.into(),
        actual: actual.into(),
    });
}

fn contains_check(out: &mut Vec<Failure>, name: &str, want: &Map<String, Value>, actual: &Value) {
    for (k, v) in want {
        let got = actual.get(k);
        let ok = match (v, got) {
            (Value::Null, None) => true,
            (Value::Null, Some(_)) | (_, None) => false,
            (w, Some(a)) => value_matches(w, a),
        };
        if !ok {
            let expected = if v.is_null() {
                "absent".to_owned()
            } else {
                v.to_string()
            };
            fail(
                out,
                format!("{name}.{k}"),
                expected,
                got.map_or_else(|| "absent".to_owned(), Value::to_string),
            );
        }
    }
}

impl Expectation {
    /// Checks a flow report and the stored metadata after the step; returns what failed.
    pub fn check(
        &self,
        report: Option<&FlowReport>,
        stored_app: &Value,
        stored_user: &Value,
    ) -> Vec<Failure> {
        let mut out = Vec::new();
        if let Some(want) = &self.app_metadata
            && want != stored_app
        {
            fail(
                &mut out,
                "app_metadata",
                want.to_string(),
                stored_app.to_string(),
            );
        }
        if let Some(want) = &self.app_metadata_contains {
            contains_check(&mut out, "app_metadata", want, stored_app);
        }
        if let Some(want) = &self.user_metadata
            && want != stored_user
        {
            fail(
                &mut out,
                "user_metadata",
                want.to_string(),
                stored_user.to_string(),
            );
        }
        if let Some(want) = &self.user_metadata_contains {
            contains_check(&mut out, "user_metadata", want, stored_user);
        }
        let needs_run = self.outcome.is_some()
            || self.reason_contains.is_some()
            || !self.calls.is_empty()
            || !self.no_calls.is_empty()
            || self.claims.is_some()
            || self.no_error.is_some()
            || self.error_contains.is_some()
            || !self.logs_contain.is_empty()
            || !self.no_logs_contain.is_empty()
            || self.id_token_claims.is_some()
            || self.access_token_claims.is_some()
            || !self.network.is_empty();
        let Some(report) = report else {
            if needs_run {
                fail(
                    &mut out,
                    "step",
                    "a step that runs the flow (login or continue)",
                    "this step does not run the flow",
                );
            }
            return out;
        };
        if let Some(want) = &self.outcome
            && !want.accepts(&report.outcome.kind)
        {
            let expected = match want {
                OneOrMany::One(k) => k.id().to_owned(),
                OneOrMany::Many(ks) => ks.iter().map(|k| k.id()).collect::<Vec<_>>().join(" or "),
            };
            fail(
                &mut out,
                "outcome",
                expected,
                format!("{} ({})", report.outcome.kind.id(), report.outcome.summary),
            );
        }
        if let Some(text) = &self.reason_contains {
            let reason = report.outcome.reason.clone().unwrap_or_default();
            if !reason.contains(text.as_str()) {
                fail(
                    &mut out,
                    "reason_contains",
                    format!("a reason containing {text:?}"),
                    format!("{reason:?}"),
                );
            }
        }
        let calls: Vec<&ApiCall> = report.all_calls().collect();
        let mut from = 0;
        for (i, want) in self.calls.iter().enumerate() {
            match calls.iter().skip(from).position(|c| want.matches(c)) {
                Some(p) => from += p + 1,
                None => {
                    let actual = if calls.is_empty() {
                        "no calls".to_owned()
                    } else {
                        calls
                            .iter()
                            .map(|c| c.display.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    };
                    fail(&mut out, format!("calls[{i}]"), want.describe(), actual);
                }
            }
        }
        for (i, banned) in self.no_calls.iter().enumerate() {
            if let Some(c) = calls.iter().find(|c| banned.matches(c)) {
                fail(
                    &mut out,
                    format!("no_calls[{i}]"),
                    format!("no {}", banned.describe()),
                    format!("line {}: {}", c.line, c.display),
                );
            }
        }
        if let Some(want) = &self.claims {
            for (name, value) in want {
                match report.claims.iter().find(|c| &c.name == name) {
                    Some(c) if value_matches(value, &c.value) => {}
                    Some(c) => fail(
                        &mut out,
                        format!("claims.{name}"),
                        value.to_string(),
                        c.value.to_string(),
                    ),
                    None => fail(
                        &mut out,
                        format!("claims.{name}"),
                        value.to_string(),
                        "not set",
                    ),
                }
            }
        }
        let error = report.error();
        if self.no_error == Some(true)
            && let Some(e) = error
        {
            fail(
                &mut out,
                "no_error",
                "no error",
                format!("{}: {}", e.name, e.message),
            );
        }
        if let Some(text) = &self.error_contains {
            match error {
                Some(e) if e.message.contains(text.as_str()) => {}
                Some(e) => fail(
                    &mut out,
                    "error_contains",
                    format!("an error containing {text:?}"),
                    format!("{}: {}", e.name, e.message),
                ),
                None => fail(
                    &mut out,
                    "error_contains",
                    format!("an error containing {text:?}"),
                    "no error",
                ),
            }
        }
        for text in &self.logs_contain {
            if !report.all_logs().any(|l| l.text.contains(text.as_str())) {
                let lines: Vec<String> = report
                    .all_logs()
                    .take(5)
                    .map(|l| format!("{:?}", l.text))
                    .collect();
                let actual = if lines.is_empty() {
                    "no console output".to_owned()
                } else {
                    lines.join(", ")
                };
                fail(
                    &mut out,
                    "logs_contain",
                    format!("a console line containing {text:?}"),
                    actual,
                );
            }
        }
        for text in &self.no_logs_contain {
            if let Some(l) = report.all_logs().find(|l| l.text.contains(text.as_str())) {
                fail(
                    &mut out,
                    "no_logs_contain",
                    format!("no console line containing {text:?}"),
                    format!("{:?}", l.text),
                );
            }
        }
        for (what, token, want) in [
            ("id_token_claims", TokenKind::IdToken, &self.id_token_claims),
            (
                "access_token_claims",
                TokenKind::AccessToken,
                &self.access_token_claims,
            ),
        ] {
            let Some(want) = want else { continue };
            for (name, value) in want {
                let got = report
                    .claims
                    .iter()
                    .find(|c| c.token == token && &c.name == name);
                match (value, got) {
                    (Value::Null, None) => {}
                    (Value::Null, Some(c)) => fail(
                        &mut out,
                        format!("{what}.{name}"),
                        "not set",
                        c.value.to_string(),
                    ),
                    (v, Some(c)) if value_matches(v, &c.value) => {}
                    (v, Some(c)) => fail(
                        &mut out,
                        format!("{what}.{name}"),
                        v.to_string(),
                        c.value.to_string(),
                    ),
                    (v, None) => fail(&mut out, format!("{what}.{name}"), v.to_string(), "not set"),
                }
            }
        }
        let requests: Vec<&crate::engine::report::NetworkRequest> = report
            .runs
            .iter()
            .flat_map(|r| r.report.network.iter())
            .collect();
        let mut from = 0;
        for (i, want) in self.network.iter().enumerate() {
            match requests.iter().skip(from).position(|r| want.matches(r)) {
                Some(p) => from += p + 1,
                None => {
                    let actual = if requests.is_empty() {
                        "no requests".to_owned()
                    } else {
                        requests
                            .iter()
                            .map(|r| format!("{} {}", r.method, r.url))
                            .collect::<Vec<_>>()
                            .join("; ")
                    };
                    fail(
                        &mut out,
                        format!("network[{i}]"),
                        format!("{} {}", want.method.as_deref().unwrap_or("any"), want.url),
                        actual,
                    );
                }
            }
        }
        out
    }

    /// Checks `cache_contains` against the cache after the step.
    pub fn check_cache(&self, cache: &[crate::engine::report::CacheEntry]) -> Vec<Failure> {
        let mut out = Vec::new();
        if let Some(want) = &self.cache_contains {
            for (key, value) in want {
                let got = cache.iter().find(|e| &e.key == key);
                match (value, got) {
                    (Value::Null, None) => {}
                    (Value::Null, Some(e)) => fail(
                        &mut out,
                        format!("cache_contains.{key}"),
                        "absent",
                        format!("{:?}", e.value),
                    ),
                    (Value::String(v), Some(e)) if *v == e.value || v == "$any" => {}
                    (v, Some(e)) => fail(
                        &mut out,
                        format!("cache_contains.{key}"),
                        v.to_string(),
                        format!("{:?}", e.value),
                    ),
                    (v, None) => fail(
                        &mut out,
                        format!("cache_contains.{key}"),
                        v.to_string(),
                        "absent",
                    ),
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patterns() {
        assert!(value_matches(
            &json!({"a": "$any"}),
            &json!({"a": [1], "b": 2})
        ));
        assert!(!value_matches(&json!({"a": 1}), &json!({"b": 1})));
        assert!(value_matches(&json!([1, "$any"]), &json!([1, {"x": 1}])));
        assert!(!value_matches(&json!([1]), &json!([1, 2])));
    }
}
