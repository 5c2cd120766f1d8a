//! Structural diff of two JSON values (used for app_metadata and user_metadata).
//!
//! Objects are compared key by key, recursively; any other value (arrays included) is compared
//! whole. Changes come out sorted by path, and [`apply`] turns `before` into `after`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What happened at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// The path did not exist before.
    Added,
    /// The path no longer exists.
    Removed,
    /// The value at the path changed.
    Changed,
}

/// One difference between two JSON values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Object keys from the root to the changed value (empty for the root itself).
    pub path: Vec<String>,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The value before (absent for added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The value after (absent for removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

impl Change {
    /// The path as `a.b.c` (keys containing dots or spaces are quoted).
    pub fn path_text(&self) -> String {
        if self.path.is_empty() {
            return "(root)".to_owned();
        }
        self.path
            .iter()
            .map(|k| {
                if !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
                {
                    k.clone()
                } else {
                    serde_json::to_string(k).unwrap_or_else(|_| k.clone())
                }
            })
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// The sorted list of changes that turn `before` into `after`.
pub fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    diff_into(&mut Vec::new(), before, after, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn diff_into(path: &mut Vec<String>, before: &Value, after: &Value, out: &mut Vec<Change>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                path.push(k.clone());
                match b.get(k) {
                    Some(vb) => diff_into(path, va, vb, out),
                    None => out.push(Change {
                        path: path.clone(),
                        kind: ChangeKind::Removed,
                        old: Some(va.clone()),
                        new: None,
                    }),
                }
                path.pop();
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    path.push(k.clone());
                    out.push(Change {
                        path: path.clone(),
                        kind: ChangeKind::Added,
                        old: None,
                        new: Some(vb.clone()),
                    });
                    path.pop();
                }
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Change {
            path: path.clone(),
            kind: ChangeKind::Changed,
            old: Some(a.clone()),
            new: Some(b.clone()),
        }),
    }
}

/// Applies `changes` to `before`; `apply(before, &diff(before, after)) == after` for any values.
pub fn apply(before: &Value, changes: &[Change]) -> Value {
    let mut root = before.clone();
    for change in changes {
        let Some((last, parents)) = change.path.split_last() else {
            root = change.new.clone().unwrap_or(Value::Null);
            continue;
        };
        let mut node = &mut root;
        for key in parents {
            if !node.is_object() {
                *node = Value::Object(Map::new());
            }
            let Value::Object(map) = node else { break };
            node = map
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
        if let Value::Object(map) = node {
            match (&change.kind, &change.new) {
                (ChangeKind::Removed, _) | (_, None) => {
                    map.shift_remove(last);
                }
                (_, Some(v)) => {
                    map.insert(last.clone(), v.clone());
                }
            }
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_changes_are_sorted_and_apply_back() {
        let before = json!({"b": 1, "a": {"x": 1, "y": [1, 2]}, "gone": true});
        let after = json!({"b": 2, "a": {"x": 1, "y": [1, 3], "z": null}, "new": "v"});
        let changes = diff(&before, &after);
        let paths: Vec<String> = changes.iter().map(Change::path_text).collect();
        assert_eq!(paths, ["a.y", "a.z", "b", "gone", "new"]);
        assert_eq!(changes[3].kind, ChangeKind::Removed);
        assert_eq!(apply(&before, &changes), after);
    }

    #[test]
    fn object_replaced_by_scalar_is_one_change() {
        let before = json!({"a": {"x": 1}});
        let after = json!({"a": 5});
        let changes = diff(&before, &after);
        assert_eq!(changes.len(), 1, "one change");
        assert_eq!(apply(&before, &changes), after);
    }
}
