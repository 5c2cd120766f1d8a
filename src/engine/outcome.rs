//! Decides what Auth0 would do from the recorded calls and how the action ended.
//!
//! Precedence when several outcomes were requested (fact sheet §1.3): an error or timeout fails
//! the whole execution; then session revoke (a deny that also ends the session), refresh-token
//! revoke, deny, validation error (these stop the flow); then form, redirect, challenge and
//! enrollment (these suspend it); then `multifactor.enable` (deferred to the end of the flow).

use serde_json::{Value, json};

use super::report::{ActionError, ApiCall, Note, Outcome, OutcomeKind};
use super::runtime::Ending;
use super::trigger::Trigger;

/// Precedence, strongest first, of outcomes an action can request.
const PRECEDENCE: [OutcomeKind; 9] = [
    OutcomeKind::SessionRevoked,
    OutcomeKind::RefreshTokenRevoked,
    OutcomeKind::Denied,
    OutcomeKind::ValidationError,
    OutcomeKind::Prompt,
    OutcomeKind::Redirect,
    OutcomeKind::Challenge,
    OutcomeKind::Enrollment,
    OutcomeKind::MfaRequired,
];

/// What one call asks for, if it asks for an outcome.
fn requested(trigger: Trigger, call: &ApiCall) -> Option<OutcomeKind> {
    if !call.accepted() {
        return None;
    }
    let kind = match call.api.as_str() {
        "session.revoke" => OutcomeKind::SessionRevoked,
        "refreshToken.revoke" => OutcomeKind::RefreshTokenRevoked,
        "access.deny" => OutcomeKind::Denied,
        "validation.error" => OutcomeKind::ValidationError,
        "prompt.render" => OutcomeKind::Prompt,
        "redirect.sendUserTo" => OutcomeKind::Redirect,
        "authentication.challengeWith" | "authentication.challengeWithAny" => {
            OutcomeKind::Challenge
        }
        "authentication.enrollWith" | "authentication.enrollWithAny" => OutcomeKind::Enrollment,
        "multifactor.enable" if call.str_arg(0) != Some("none") => OutcomeKind::MfaRequired,
        _ => return None,
    };
    trigger.has_method(&call.api).then_some(kind)
}

fn why_wins(kind: OutcomeKind) -> &'static str {
    match kind {
        OutcomeKind::SessionRevoked => {
            "revoking the session denies the login and also ends the user's session, so it outranks a plain deny"
        }
        OutcomeKind::RefreshTokenRevoked => {
            "revoking the refresh token denies the exchange and stops the flow"
        }
        OutcomeKind::Denied => {
            "a deny stops the flow after this action, so nothing it suspended or deferred happens"
        }
        OutcomeKind::ValidationError => "a validation error stops the flow after this action",
        OutcomeKind::Prompt
        | OutcomeKind::Redirect
        | OutcomeKind::Challenge
        | OutcomeKind::Enrollment => {
            "the flow is suspended here; MFA enabled with multifactor.enable would only come at the end of the flow"
        }
        _ => "it is the only outcome requested",
    }
}

fn subject(trigger: Trigger) -> &'static str {
    match trigger {
        Trigger::PostLogin => "Login",
        Trigger::PreUserRegistration => "Signup",
        Trigger::PostChallenge => "Password reset",
        Trigger::CredentialsExchange => "Token request",
        Trigger::PostUserRegistration => "Post-registration action",
        Trigger::SendPhoneMessage => "Phone message action",
        Trigger::PostChangePassword => "Post-change-password action",
    }
}

fn redirect_target(call: &ApiCall) -> Value {
    let base = call.str_arg(0).unwrap_or_default();
    let Ok(mut url) = url::Url::parse(base) else {
        return Value::String(base.to_owned());
    };
    if let Some(query) = call.arg(1).get("query").and_then(Value::as_object) {
        let mut pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (k, v) in query {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            pairs.retain(|(pk, _)| pk != k);
            pairs.push((k.clone(), v));
        }
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    Value::String(url.to_string())
}

fn build(trigger: Trigger, kind: OutcomeKind, call: &ApiCall) -> Outcome {
    let s = subject(trigger);
    let (summary, reason, details) = match kind {
        OutcomeKind::SessionRevoked => {
            let reason = call.str_arg(0).map(str::to_owned);
            let preserve = call
                .arg(1)
                .get("preserveRefreshTokens")
                .cloned()
                .unwrap_or(Value::Bool(false));
            (
                format!(
                    "Session revoked: {}",
                    reason.as_deref().unwrap_or("(no reason)")
                ),
                reason,
                json!({"preserveRefreshTokens": preserve}),
            )
        }
        OutcomeKind::RefreshTokenRevoked => {
            let reason = call.str_arg(0).map(str::to_owned);
            (
                format!(
                    "Refresh token revoked: {}",
                    reason.as_deref().unwrap_or("(no reason)")
                ),
                reason,
                Value::Null,
            )
        }
        OutcomeKind::Denied if trigger == Trigger::CredentialsExchange => {
            let code = call.str_arg(0).unwrap_or("invalid_request").to_owned();
            let reason = call.str_arg(1).map(str::to_owned);
            (
                format!(
                    "{s} denied ({code}): {}",
                    reason.as_deref().unwrap_or("(no reason)")
                ),
                reason,
                json!({"code": code}),
            )
        }
        OutcomeKind::Denied if trigger == Trigger::PreUserRegistration => {
            let reason = call.str_arg(0).map(str::to_owned);
            let user_message = call.arg(1).clone();
            (
                format!("{s} denied: {}", reason.as_deref().unwrap_or("(no reason)")),
                reason,
                json!({"userMessage": user_message}),
            )
        }
        OutcomeKind::Denied => {
            let reason = call.str_arg(0).map(str::to_owned);
            (
                format!("{s} denied: {}", reason.as_deref().unwrap_or("(no reason)")),
                reason,
                Value::Null,
            )
        }
        OutcomeKind::ValidationError => {
            let code = call.arg(0).clone();
            let message = call.str_arg(1).map(str::to_owned);
            (
                format!("Validation error: {}", message.as_deref().unwrap_or("")),
                message,
                json!({"errorCode": code}),
            )
        }
        OutcomeKind::Prompt => {
            let id = call.arg(0).clone();
            (
                format!("Form {id} rendered; the flow waits for it"),
                None,
                json!({"promptId": id, "options": call.arg(1)}),
            )
        }
        OutcomeKind::Redirect => {
            let target = redirect_target(call);
            (
                format!("Redirect to {}", target.as_str().unwrap_or_default()),
                None,
                json!({"url": target}),
            )
        }
        OutcomeKind::Challenge | OutcomeKind::Enrollment => {
            let factors = if call.api.ends_with("Any") {
                call.arg(0).clone()
            } else {
                json!([call.arg(0)])
            };
            let types: Vec<String> = factors
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f.get("type").and_then(Value::as_str).map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let verb = if kind == OutcomeKind::Challenge {
                "MFA challenge"
            } else {
                "MFA enrollment"
            };
            (
                format!("{verb} with {}", types.join(" or ")),
                None,
                json!({"factors": factors, "options": call.arg(1)}),
            )
        }
        OutcomeKind::MfaRequired => {
            let provider = call.str_arg(0).unwrap_or("any").to_owned();
            (
                format!("MFA required (provider: {provider})"),
                None,
                json!({"provider": provider, "options": call.arg(1)}),
            )
        }
        _ => (String::new(), None, Value::Null),
    };
    Outcome {
        kind,
        summary,
        reason,
        details,
        why: None,
        also: Vec::new(),
    }
}

fn allowed(trigger: Trigger) -> Outcome {
    let summary = match trigger {
        Trigger::PostLogin => "Login allowed",
        Trigger::PreUserRegistration => "Signup allowed",
        Trigger::PostChallenge => "Password reset continues",
        Trigger::CredentialsExchange => "Access token issued",
        Trigger::SendPhoneMessage => "Action completed (it must send the message itself)",
        Trigger::PostUserRegistration | Trigger::PostChangePassword => {
            "Action completed (asynchronous trigger: it cannot change the outcome)"
        }
    };
    Outcome {
        kind: OutcomeKind::Allowed,
        summary: summary.to_owned(),
        reason: None,
        details: Value::Null,
        why: None,
        also: Vec::new(),
    }
}

fn s_lower(trigger: Trigger) -> String {
    subject(trigger).to_lowercase()
}

/// Why a challenge or enrollment cannot happen, judged from `event.user.enrolledFactors`
/// (an absent list means "unknown": everything is assumed usable).
fn unusable_factors(kind: OutcomeKind, event: &Value, details: &Value) -> Option<String> {
    if !matches!(kind, OutcomeKind::Challenge | OutcomeKind::Enrollment) {
        return None;
    }
    let enrolled: Vec<&str> = event
        .pointer("/user/enrolledFactors")?
        .as_array()?
        .iter()
        .filter_map(|f| f.get("type").and_then(Value::as_str))
        .collect();
    let email_ok = event
        .pointer("/user/email_verified")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut requested: Vec<&str> = Vec::new();
    for f in details
        .get("factors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(t) = f.get("type").and_then(Value::as_str) {
            requested.push(t);
        }
    }
    for f in details
        .pointer("/options/additionalFactors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(t) = f.get("type").and_then(Value::as_str) {
            requested.push(t);
        }
    }
    if requested.is_empty() {
        return None;
    }
    let same = |a: &str, b: &str| {
        a == b || (a.starts_with("push") && b.starts_with("push")) || (a == "phone" && b == "sms")
    };
    let usable = |t: &str| match kind {
        OutcomeKind::Challenge => enrolled.iter().any(|e| same(t, e)) || (t == "email" && email_ok),
        _ => !enrolled.iter().any(|e| same(t, e)),
    };
    if requested.iter().any(|t| usable(t)) {
        return None;
    }
    let list = requested.join(", ");
    Some(match kind {
        OutcomeKind::Challenge => format!(
            "No usable MFA factor: the user has none of {list} enrolled, so Auth0 fails the login"
        ),
        _ => format!(
            "Nothing to enroll: the user already has {list} enrolled, so Auth0 fails the login"
        ),
    })
}

/// The outcome of a run, plus notes about how it was decided.
pub fn decide(
    trigger: Trigger,
    event: &Value,
    calls: &[ApiCall],
    ending: &Ending,
) -> (Outcome, Vec<Note>) {
    let mut notes = Vec::new();
    let mut requested_kinds: Vec<OutcomeKind> = Vec::new();
    for call in calls {
        if let Some(k) = requested(trigger, call)
            && !requested_kinds.contains(&k)
        {
            requested_kinds.push(k);
        }
    }
    let failure = |kind: OutcomeKind, error: Option<&ActionError>, text: &str| {
        let summary = match error {
            Some(e) => format!("The action failed: {}: {}", e.name, e.message),
            None => text.to_owned(),
        };
        let mut why = if requested_kinds.is_empty() {
            None
        } else {
            Some("an uncaught error or timeout fails the whole execution, whatever the action requested before it".to_owned())
        };
        if !trigger.is_blocking() {
            why = Some("this trigger is asynchronous: the failure is logged, the signup or password change itself goes on".to_owned());
        }
        Outcome {
            kind,
            summary,
            reason: Some(error.map_or_else(|| text.to_owned(), |e| e.message.clone())),
            details: Value::Null,
            why,
            also: requested_kinds.clone(),
        }
    };
    let outcome = match ending {
        Ending::Failed(e) => failure(OutcomeKind::Error, Some(e), ""),
        Ending::TimedOut(text) => failure(OutcomeKind::Timeout, None, text),
        Ending::Completed => {
            let winner = PRECEDENCE.into_iter().find(|k| requested_kinds.contains(k));
            match winner {
                None => allowed(trigger),
                Some(kind) => {
                    let mut matching = calls.iter().filter(|c| requested(trigger, c) == Some(kind));
                    let first = matching.next();
                    let extra = matching.count();
                    let mut outcome =
                        first.map_or_else(|| allowed(trigger), |c| build(trigger, kind, c));
                    if extra > 0
                        && matches!(
                            kind,
                            OutcomeKind::Denied
                                | OutcomeKind::SessionRevoked
                                | OutcomeKind::ValidationError
                        )
                    {
                        notes.push(Note::fidelity(format!(
                            "The action requested {} {} times; Auth0 does not document which reason wins, so the studio reports the first.",
                            kind.label().to_lowercase(),
                            extra + 1
                        )));
                    }
                    outcome.also = requested_kinds
                        .iter()
                        .copied()
                        .filter(|k| *k != kind)
                        .collect();
                    if !outcome.also.is_empty() {
                        outcome.why = Some(format!("{} wins: {}.", kind.label(), why_wins(kind)));
                    }
                    match unusable_factors(kind, event, &outcome.details) {
                        Some(text) => {
                            notes.push(Note::fidelity(
                                "Factor usability is judged from event.user.enrolledFactors (and email_verified for email); Auth0 also ignores factors the tenant has not enabled, which the studio cannot see.",
                            ));
                            Outcome {
                                kind: OutcomeKind::Error,
                                summary: text.clone(),
                                reason: Some(text),
                                details: outcome.details,
                                why: Some(format!(
                                    "Auth0 ignores factors it cannot use; when none is left, the {} fails.",
                                    s_lower(trigger)
                                )),
                                also: vec![kind],
                            }
                        }
                        None => outcome,
                    }
                }
            }
        }
    };
    if calls
        .iter()
        .any(|c| c.api == "multifactor.enable" && c.accepted() && c.str_arg(0) == Some("none"))
    {
        notes.push(Note::fidelity("multifactor.enable('none') suppresses MFA for this login (for example after a passkey)."));
    }
    (outcome, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(api: &str, args: Value) -> ApiCall {
        ApiCall::new(api, args.as_array().cloned().unwrap_or_default())
    }

    #[test]
    fn revoke_outranks_deny_and_mfa() {
        let calls = [
            call("multifactor.enable", json!(["any"])),
            call("access.deny", json!(["no"])),
            call("session.revoke", json!(["risky"])),
        ];
        let (o, _) = decide(Trigger::PostLogin, &Value::Null, &calls, &Ending::Completed);
        assert_eq!(o.kind, OutcomeKind::SessionRevoked);
        assert_eq!(o.reason.as_deref(), Some("risky"));
        assert_eq!(o.also, [OutcomeKind::MfaRequired, OutcomeKind::Denied]);
        assert!(o.why.is_some(), "explains the precedence");
    }

    #[test]
    fn redirect_query_is_merged() {
        let c = call(
            "redirect.sendUserTo",
            json!(["https://x.example/a?b=1", {"query": {"c": 2}}]),
        );
        assert_eq!(redirect_target(&c), json!("https://x.example/a?b=1&c=2"));
    }

    #[test]
    fn methods_the_trigger_lacks_request_nothing() {
        let (o, _) = decide(
            Trigger::PostChallenge,
            &Value::Null,
            &[call("multifactor.enable", json!(["any"]))],
            &Ending::Completed,
        );
        assert_eq!(o.kind, OutcomeKind::Allowed);
    }
}
