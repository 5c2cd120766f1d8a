//! The event being edited: the JSON text the user sees in the JSON tab and the last valid value
//! the builder edits and runs use. Both stay in sync; an invalid text is kept as typed, never lost.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::engine::Trigger;
use crate::engine::event::{self, EventParseError};

/// The event of the current trigger.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct EventDoc {
    /// The JSON text (what the JSON tab edits and what is persisted).
    pub text: String,
    /// The last valid event (what the builder edits and what a run receives).
    #[serde(skip)]
    pub value: Value,
    /// Why `text` is not a usable event, if it is not (the message names line and column).
    #[serde(skip)]
    pub error: Option<String>,
    /// The 1-based line of the JSON syntax error, if there is one.
    #[serde(skip)]
    pub error_line: Option<usize>,
}

impl Default for EventDoc {
    fn default() -> Self {
        Self::from_value(Trigger::default().default_event())
    }
}

impl EventDoc {
    /// A document holding `value`, pretty-printed.
    pub fn from_value(value: Value) -> Self {
        let mut doc = Self {
            text: String::new(),
            value,
            error: None,
            error_line: None,
        };
        doc.value_changed();
        doc
    }

    /// A document from persisted or loaded text; an invalid text keeps `fallback` as the value.
    pub fn from_text(text: String, fallback: Value) -> Self {
        let mut doc = Self {
            text,
            value: fallback,
            error: None,
            error_line: None,
        };
        doc.text_changed();
        doc
    }

    /// Call after the builder changed [`Self::value`]: the text follows.
    pub fn value_changed(&mut self) {
        self.text = serde_json::to_string_pretty(&self.value).unwrap_or_default();
        self.error = None;
        self.error_line = None;
    }

    /// Call after the JSON tab changed [`Self::text`]: the value follows when the text is valid.
    /// Returns whether the value changed.
    pub fn text_changed(&mut self) -> bool {
        match event::parse(&self.text) {
            Ok(value) => {
                self.error = None;
                self.error_line = None;
                let changed = value != self.value;
                self.value = value;
                changed
            }
            Err(e) => {
                self.error_line = match &e {
                    EventParseError::Json { line, .. } => Some(*line),
                    EventParseError::NotObject(_) => None,
                };
                self.error = Some(e.to_string());
                false
            }
        }
    }

    /// Whether the builder may edit the value (not while the text has an error, so nothing typed is lost).
    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_text_is_kept_and_value_survives() {
        let mut doc = EventDoc::from_value(serde_json::json!({"a": 1}));
        doc.text = "{\"a\": 2,".to_owned();
        assert!(!doc.text_changed(), "invalid text leaves the value");
        assert_eq!(doc.value, serde_json::json!({"a": 1}));
        assert_eq!(doc.text, "{\"a\": 2,", "text kept as typed");
        assert!(doc.error_line.is_some(), "error has a line");
        doc.text = "{\"a\": 2}".to_owned();
        assert!(doc.text_changed(), "valid text updates the value");
        assert_eq!(doc.value, serde_json::json!({"a": 2}));
    }

    #[test]
    fn restored_text_reparses() {
        let doc = EventDoc::from_text("[1]".to_owned(), serde_json::json!({}));
        assert!(!doc.is_valid(), "an array is not an event");
        assert_eq!(doc.value, serde_json::json!({}));
    }
}
