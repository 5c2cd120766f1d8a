//! Custom claims and scopes: last writer wins; names Auth0 would silently drop are flagged.

use serde_json::{Map, Value};

use super::report::{ApiCall, Claim, Note, ScopeReport, TokenKind};
use super::trigger::Trigger;

/// Claim names Auth0 never lets an action set (standard and internal claims).
pub const RESTRICTED_CLAIMS: &[&str] = &[
    "acr",
    "act",
    "active",
    "amr",
    "at_hash",
    "ath",
    "attest",
    "aud",
    "auth_time",
    "authorization_details",
    "azp",
    "c_hash",
    "client_id",
    "cnf",
    "cty",
    "dest",
    "entitlements",
    "events",
    "exp",
    "groups",
    "gty",
    "htm",
    "htu",
    "iat",
    "internalService",
    "iss",
    "jcard",
    "jku",
    "jti",
    "jwe",
    "jwk",
    "kid",
    "may_act",
    "mky",
    "nbf",
    "nonce",
    "object_id",
    "org_id",
    "org_name",
    "orig",
    "origid",
    "permissions",
    "roles",
    "rph",
    "s_hash",
    "sid",
    "sip_callid",
    "sip_cseq_num",
    "sip_date",
    "sip_from_tag",
    "sip_via_branch",
    "sub",
    "sub_jwk",
    "toe",
    "txn",
    "typ",
    "uuid",
    "vot",
    "vtm",
    "x5t#S256",
];

/// Why Auth0 would drop this claim, if it would.
fn drop_reason(token: TokenKind, name: &str, audience: &str) -> Option<String> {
    if RESTRICTED_CLAIMS.contains(&name) {
        return Some(format!(
            "\"{name}\" is a restricted claim; Auth0 silently drops it"
        ));
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("urn:auth0") {
        return Some(
            "the urn:auth0 namespace is reserved; Auth0 silently drops the claim".to_owned(),
        );
    }
    if let Ok(url) = url::Url::parse(&lower)
        && let Some(host) = url.host_str()
        && ["auth0.com", "webtask.io", "webtask.run"]
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    {
        return Some(format!(
            "namespaces on {host} are reserved by Auth0; the claim is silently dropped"
        ));
    }
    if token == TokenKind::AccessToken && audience.contains(".auth0.com/api/v2") {
        return Some(
            "access tokens for the Auth0 Management API never carry custom claims".to_owned(),
        );
    }
    None
}

/// The claims the action set, last write per (token, name), in first-set order.
pub fn claims(trigger: Trigger, event: &Value, calls: &[ApiCall]) -> (Vec<Claim>, Vec<Note>) {
    let audience = event
        .pointer("/resource_server/identifier")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut out: Vec<Claim> = Vec::new();
    for call in calls
        .iter()
        .filter(|c| c.accepted() && trigger.has_method(&c.api))
    {
        let token = match call.api.as_str() {
            "idToken.setCustomClaim" => TokenKind::IdToken,
            "accessToken.setCustomClaim" => TokenKind::AccessToken,
            _ => continue,
        };
        let name = match call.arg(0) {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let value = if call.arg_is_undefined(1) {
            Value::Null
        } else {
            call.arg(1).clone()
        };
        let dropped = drop_reason(token, &name, audience);
        match out.iter_mut().find(|c| c.token == token && c.name == name) {
            Some(existing) => existing.value = value,
            None => out.push(Claim {
                token,
                name,
                value,
                dropped,
            }),
        }
    }
    let mut notes = Vec::new();
    for token in [TokenKind::IdToken, TokenKind::AccessToken] {
        let payload: Map<String, Value> = out
            .iter()
            .filter(|c| c.token == token)
            .map(|c| (c.name.clone(), c.value.clone()))
            .collect();
        let size = Value::Object(payload).to_string().len();
        if size > 100 * 1024 {
            notes.push(Note::limit(format!(
                "The custom claims on the {token:?} are {size} bytes; Auth0 allows 100 KB."
            )));
        }
    }
    (out, notes)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The scopes of `a` that are not in `b`, in `a`'s order.
fn minus(a: &[String], b: &[String]) -> Vec<String> {
    a.iter().filter(|s| !b.contains(s)).cloned().collect()
}

/// Access-token scopes (post-login) or target scopes (credentials exchange), if the trigger has them.
pub fn scopes(
    trigger: Trigger,
    event: &Value,
    calls: &[ApiCall],
) -> (Option<ScopeReport>, Vec<Note>) {
    let mut notes = Vec::new();
    let accepted = || calls.iter().filter(|c| c.accepted());
    let report = match trigger {
        Trigger::PostLogin => {
            if !accepted().any(|c| c.api.starts_with("accessToken.") && c.api.ends_with("Scope")) {
                return (None, notes);
            }
            let requested = strings(event.pointer("/transaction/requested_scopes"));
            let mut result = requested.clone();
            let (mut added, mut removed) = (Vec::new(), Vec::new());
            for c in accepted() {
                let Some(scope) = c.str_arg(0).map(str::trim) else {
                    continue;
                };
                match c.api.as_str() {
                    "accessToken.addScope" => {
                        if !result.iter().any(|s| s == scope) {
                            result.push(scope.to_owned());
                        }
                        added.push(scope.to_owned());
                    }
                    "accessToken.removeScope" => {
                        result.retain(|s| s != scope);
                        removed.push(scope.to_owned());
                    }
                    _ => {}
                }
            }
            ScopeReport {
                requested,
                added,
                removed,
                result,
            }
        }
        Trigger::CredentialsExchange => {
            if !accepted()
                .any(|c| c.api.starts_with("transaction.") && c.api.contains("TargetScope"))
            {
                return (None, notes);
            }
            let granted = strings(event.pointer("/accessToken/scope"));
            let requested = strings(event.pointer("/transaction/requested_scopes"));
            let mut target = match event.pointer("/transaction/target_scopes") {
                Some(v) => strings(Some(v)),
                None => granted.clone(),
            };
            let start = target.clone();
            for c in accepted() {
                match c.api.as_str() {
                    "transaction.addTargetScope" => {
                        if let Some(s) = c.str_arg(0).map(str::trim)
                            && !target.iter().any(|t| t == s)
                        {
                            target.push(s.to_owned());
                        }
                    }
                    "transaction.removeTargetScope" => {
                        if let Some(s) = c.str_arg(0).map(str::trim) {
                            target.retain(|t| t != s);
                        }
                    }
                    "transaction.setTargetScopes" => {
                        target = Vec::new();
                        for s in strings(Some(c.arg(0))) {
                            if !target.contains(&s) {
                                target.push(s);
                            }
                        }
                    }
                    "transaction.clearTargetScopes" => target.clear(),
                    _ => {}
                }
            }
            let outside = minus(&target, &granted);
            if !outside.is_empty() {
                notes.push(Note::warning(format!(
                    "Target scopes not in the client grant are dropped silently after the actions run: {}.",
                    outside.join(", ")
                )));
            }
            ScopeReport {
                requested,
                added: minus(&target, &start),
                removed: minus(&start, &target),
                result: minus(&target, &outside),
            }
        }
        _ => return (None, notes),
    };
    (Some(report), notes)
}

/// `event.transaction.metadata` after the accepted `transaction.setMetadata` calls (post-login).
pub fn transaction_metadata(trigger: Trigger, event: &Value, calls: &[ApiCall]) -> Value {
    if trigger != Trigger::PostLogin {
        return Value::Null;
    }
    let mut map = event
        .pointer("/transaction/metadata")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut touched = false;
    for c in calls
        .iter()
        .filter(|c| c.api == "transaction.setMetadata" && c.accepted())
    {
        let Some(key) = c.str_arg(0) else { continue };
        touched = true;
        if c.arg(1).is_null() {
            map.shift_remove(key);
        } else {
            map.insert(key.to_owned(), c.arg(1).clone());
        }
    }
    if touched || !map.is_empty() {
        Value::Object(map)
    } else {
        Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(api: &str, args: Value) -> ApiCall {
        ApiCall::new(api, args.as_array().cloned().unwrap_or_default())
    }

    #[test]
    fn last_write_wins_and_restricted_names_are_flagged() {
        let event = json!({"resource_server": {"identifier": "https://api.example.com/"}});
        let calls = [
            call("idToken.setCustomClaim", json!(["https://a.example/x", 1])),
            call("idToken.setCustomClaim", json!(["https://a.example/x", 2])),
            call("accessToken.setCustomClaim", json!(["sub", "me"])),
            call(
                "idToken.setCustomClaim",
                json!(["https://auth0.com/x", true]),
            ),
        ];
        let (c, _) = claims(Trigger::PostLogin, &event, &calls);
        assert_eq!(c.len(), 3, "{c:?}");
        assert_eq!(c[0].value, json!(2));
        assert!(c[0].dropped.is_none(), "namespaced claim kept");
        assert!(c[1].dropped.is_some(), "sub is restricted");
        assert!(c[2].dropped.is_some(), "auth0.com namespace is reserved");
    }

    #[test]
    fn scopes_follow_add_and_remove() {
        let event = json!({"transaction": {"requested_scopes": ["openid", "admin:all"]}});
        let calls = [
            call("accessToken.removeScope", json!(["admin:all"])),
            call("accessToken.addScope", json!(["read"])),
        ];
        let (s, _) = scopes(Trigger::PostLogin, &event, &calls);
        assert_eq!(
            s.map(|s| s.result),
            Some(vec!["openid".to_owned(), "read".to_owned()])
        );
    }
}
