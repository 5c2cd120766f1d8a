//! Small JSON-pointer helpers for the event forms: set the value at a pointer whose
//! parent object already exists. Plain JSON, no Auth0 meaning.

use serde_json::Value;

fn split(pointer: &str) -> Option<(&str, String)> {
    let (parent, key) = pointer.rsplit_once('/')?;
    Some((parent, key.replace("~1", "/").replace("~0", "~")))
}

/// Whether the object that would hold `pointer` exists.
pub fn parent_exists(root: &Value, pointer: &str) -> bool {
    split(pointer).is_some_and(|(parent, _)| root.pointer(parent).is_some_and(Value::is_object))
}

/// Sets the value at `pointer`; returns false when the parent object does not exist.
pub fn set(root: &mut Value, pointer: &str, value: Value) -> bool {
    let Some((parent, key)) = split(pointer) else {
        return false;
    };
    match root.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(key, value);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_needs_a_parent() {
        let mut v = json!({"user": {"email": "a@b.c"}});
        assert!(set(&mut v, "/user/email", json!("x@y.z")), "parent exists");
        assert!(!set(&mut v, "/nope/email", json!(1)), "no parent");
        assert!(parent_exists(&v, "/user/name"), "user exists");
        assert_eq!(v, json!({"user": {"email": "x@y.z"}}));
    }
}
