//! app_metadata and user_metadata: Auth0's batched updates applied to the event's user.
//!
//! One top-level key per call, last write wins, `null` removes. Auth0 documents only `null` for
//! removal; the studio treats `undefined` as removal too (Auth0's own Akamai example relies on it)
//! and says so in a fidelity note.

use serde_json::{Map, Value};

use super::diff::diff;
use super::report::{ApiCall, MetadataReport, Note};

/// Names Auth0 reserves at the top of app_metadata.
pub const RESERVED_APP_METADATA: [&str; 18] = [
    "__tenant",
    "_id",
    "blocked",
    "clientID",
    "created_at",
    "email_verified",
    "email",
    "globalClientID",
    "global_client_id",
    "identities",
    "lastIP",
    "lastLogin",
    "loginsCount",
    "metadata",
    "multifactor_last_modified",
    "multifactor",
    "updated_at",
    "user_id",
];

/// Auth0 persists at most 32 kB of each metadata object per session.
pub const MAX_METADATA_BYTES: usize = 32 * 1024;

/// Which metadata object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `app_metadata` (`api.user.setAppMetadata`).
    App,
    /// `user_metadata` (`api.user.setUserMetadata`).
    User,
}

impl Field {
    /// The event field name.
    pub fn name(self) -> &'static str {
        match self {
            Self::App => "app_metadata",
            Self::User => "user_metadata",
        }
    }

    /// The api method that writes it.
    pub fn method(self) -> &'static str {
        match self {
            Self::App => "user.setAppMetadata",
            Self::User => "user.setUserMetadata",
        }
    }
}

/// The metadata object as the event carries it (`{}` when absent or not an object).
pub fn before(event: &Value, field: Field) -> Value {
    match event.get("user").and_then(|u| u.get(field.name())) {
        Some(v @ Value::Object(_)) => v.clone(),
        _ => Value::Object(Map::new()),
    }
}

/// Applies the accepted calls to `before`, in order.
pub fn apply_calls(before: &Value, calls: &[ApiCall], field: Field) -> Value {
    let mut map = before.as_object().cloned().unwrap_or_default();
    for call in calls
        .iter()
        .filter(|c| c.api == field.method() && c.accepted())
    {
        let Some(key) = call.str_arg(0) else { continue };
        let value = call.arg(1);
        if value.is_null() || call.arg_is_undefined(1) {
            map.shift_remove(key);
        } else {
            map.insert(key.to_owned(), value.clone());
        }
    }
    Value::Object(map)
}

/// Before, after and changes of one metadata object, with the notes its calls deserve.
pub fn report(event: &Value, calls: &[ApiCall], field: Field) -> (MetadataReport, Vec<Note>) {
    let before = before(event, field);
    let after = apply_calls(&before, calls, field);
    let changes = diff(&before, &after);
    let mut notes = Vec::new();
    let mine: Vec<&ApiCall> = calls
        .iter()
        .filter(|c| c.api == field.method() && c.accepted())
        .collect();
    if let Some(c) = mine.iter().find(|c| c.arg_is_undefined(1)) {
        notes.push(Note::fidelity(format!(
            "{}({:?}, undefined) is treated as removing the key. Auth0 documents only null for removal; its Akamai example relies on undefined, and whether undefined also deletes an already stored key is unverified.",
            c.api,
            c.str_arg(0).unwrap_or_default()
        )));
    }
    for c in &mine {
        let Some(key) = c.str_arg(0) else { continue };
        if key.contains('.') || key.contains('$') {
            notes.push(Note::warning(format!("{} key {key:?} contains '.' or '$', which Auth0 does not allow in metadata field names.", field.name())));
        }
        if field == Field::App && RESERVED_APP_METADATA.contains(&key) {
            notes.push(Note::warning(format!(
                "app_metadata key {key:?} is reserved by Auth0 and cannot be set."
            )));
        }
    }
    let size = after.to_string().len();
    if size > MAX_METADATA_BYTES {
        notes.push(Note::limit(format!(
            "{} would be {size} bytes; Auth0 persists at most 32 kB per session and the update would fail.",
            field.name()
        )));
    }
    notes.dedup();
    (
        MetadataReport {
            before,
            after,
            changes,
        },
        notes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::diff::ChangeKind;
    use serde_json::json;

    fn set(key: &str, value: Value, undefined: bool) -> ApiCall {
        ApiCall {
            undefined_args: if undefined { vec![1] } else { Vec::new() },
            ..ApiCall::new("user.setAppMetadata", vec![json!(key), value])
        }
    }

    #[test]
    fn last_write_wins_and_null_or_undefined_remove() {
        let event = json!({"user": {"app_metadata": {"keep": 1, "drop": 2, "undef": 3}}});
        let calls = [
            set("a", json!(1), false),
            set("a", json!(2), false),
            set("drop", Value::Null, false),
            set("undef", Value::Null, true),
        ];
        let (r, notes) = report(&event, &calls, Field::App);
        assert_eq!(r.after, json!({"keep": 1, "a": 2}));
        let kinds: Vec<(String, ChangeKind)> =
            r.changes.iter().map(|c| (c.path_text(), c.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("a".to_owned(), ChangeKind::Added),
                ("drop".to_owned(), ChangeKind::Removed),
                ("undef".to_owned(), ChangeKind::Removed)
            ]
        );
        assert!(
            notes.iter().any(|n| n.text.contains("undefined")),
            "fidelity note for undefined"
        );
    }

    #[test]
    fn reserved_and_dotted_keys_warn() {
        let event = json!({"user": {}});
        let (_, notes) = report(
            &event,
            &[set("email", json!("x"), false), set("a.b", json!(1), false)],
            Field::App,
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
    }
}
