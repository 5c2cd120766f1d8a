//! The event model: Akamai signals at `authentication.riskAssessment.supplemental.akamai`, their
//! scores, fields and presence, presets, and checks that warn (never fix) about odd values.
//!
//! Events are plain `serde_json::Value` objects so that anything a tenant could send, including
//! wrong types, reaches the action exactly as given.

use serde_json::{Map, Value, json};

use super::error::EngineError;
use super::report::Note;
use super::trigger::Trigger;

/// JSON pointer of the Akamai object.
pub const AKAMAI_POINTER: &str = "/authentication/riskAssessment/supplemental/akamai";
const AKAMAI_PATH: [&str; 4] = ["authentication", "riskAssessment", "supplemental", "akamai"];

/// Akamai bot-score response segments.
pub const BOT_SEGMENTS: [&str; 5] = ["human", "cautious", "strict", "safeguard", "aggressive"];
/// Actions Akamai Bot Manager reports (Auth0's example uses `Monitor`).
pub const BOT_ACTIONS: [&str; 6] = ["Monitor", "Allow", "Deny", "Tarpit", "Slow", "Challenge"];
/// Actions Akamai Account Protector reports (Auth0's example uses `monitor`).
pub const USER_RISK_ACTIONS: [&str; 5] = ["monitor", "allow", "deny", "challenge", "tarpit"];
/// Akamai bot types.
pub const BOT_TYPES: [&str; 3] = [
    "Akamai-Categorized Bot",
    "Customer-Categorized Bot",
    "Unknown Bot",
];
/// Common Akamai bot categories.
pub const BOT_CATEGORIES: [&str; 10] = [
    "Web Search Engine Bots",
    "Search Engine Bots",
    "Web Scraper Reverse Proxies",
    "Site Monitoring and Web Development Bots",
    "Online Advertising Bots",
    "Social Media or Blog Bots",
    "Automated Shopping Cart and Sniper Bots",
    "Web Archiver Bots",
    "Account Takeover Bots",
    "Credential Stuffing Bots",
];
/// Overall Auth0 risk-assessment confidence values.
pub const CONFIDENCE_VALUES: [&str; 4] = ["low", "medium", "high", "neutral"];

/// One of the two Akamai signal objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Signal {
    /// `akamaiBot` (Bot Manager).
    Bot,
    /// `akamaiUserRisk` (Account Protector).
    UserRisk,
}

impl Signal {
    /// Both signals.
    pub const ALL: [Self; 2] = [Self::Bot, Self::UserRisk];

    /// The key under the Akamai object.
    pub fn key(self) -> &'static str {
        match self {
            Self::Bot => "akamaiBot",
            Self::UserRisk => "akamaiUserRisk",
        }
    }

    /// The score field of this signal.
    pub fn score_field(self) -> &'static str {
        match self {
            Self::Bot => "botScore",
            Self::UserRisk => "score",
        }
    }

    /// Every documented field of this signal, in schema order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Self::Bot => &[
                "type",
                "action",
                "botCategory",
                "botScore",
                "botScoreResponseSegment",
                "botnetId",
            ],
            Self::UserRisk => &[
                "uuid",
                "ouid",
                "requestid",
                "status",
                "score",
                "risk",
                "trust",
                "general",
                "allow",
                "action",
                "emailDomain",
                "username",
            ],
        }
    }

    /// The default contents of this signal (from the post-login default event).
    pub fn default_object(self) -> Value {
        Trigger::PostLogin
            .default_event()
            .pointer(&format!("{AKAMAI_POINTER}/{}", self.key()))
            .cloned()
            .unwrap_or_else(|| json!({}))
    }
}

/// The Akamai object, if the event has one.
pub fn akamai(event: &Value) -> Option<&Value> {
    event.pointer(AKAMAI_POINTER)
}

/// The signal object, if present.
pub fn signal(event: &Value, signal: Signal) -> Option<&Value> {
    akamai(event).and_then(|a| a.get(signal.key()))
}

/// A field of a signal, if present.
pub fn signal_field<'a>(event: &'a Value, which: Signal, field: &str) -> Option<&'a Value> {
    signal(event, which).and_then(|s| s.get(field))
}

/// The signal's score as a number, if present and numeric.
pub fn score(event: &Value, which: Signal) -> Option<f64> {
    signal_field(event, which, which.score_field()).and_then(Value::as_f64)
}

fn object_at<'a>(root: &'a mut Value, path: &[&str]) -> &'a mut Map<String, Value> {
    let mut node = root;
    for key in path {
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
        let Value::Object(map) = node else {
            unreachable_object()
        };
        node = map
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    match node {
        Value::Object(map) => map,
        _ => unreachable_object(),
    }
}

#[allow(clippy::panic)]
fn unreachable_object() -> ! {
    // Every branch above makes the node an object first.
    panic!("node was just made an object")
}

/// Makes the whole Akamai object present (with both default signals) or absent.
pub fn set_akamai_present(event: &mut Value, present: bool) {
    if present {
        if akamai(event).is_none() {
            let map = object_at(event, &AKAMAI_PATH);
            for s in Signal::ALL {
                map.insert(s.key().to_owned(), s.default_object());
            }
        }
    } else if let Some(Value::Object(supplemental)) =
        event.pointer_mut("/authentication/riskAssessment/supplemental")
    {
        supplemental.shift_remove("akamai");
    }
}

/// Makes one signal object present (its default contents) or absent.
pub fn set_signal_present(event: &mut Value, which: Signal, present: bool) {
    if present {
        if signal(event, which).is_none() {
            object_at(event, &AKAMAI_PATH).insert(which.key().to_owned(), which.default_object());
        }
    } else if let Some(Value::Object(a)) = event.pointer_mut(AKAMAI_POINTER) {
        a.shift_remove(which.key());
    }
}

/// Sets a signal field (`Some`) or removes it (`None`), creating the signal object if needed.
pub fn set_signal_field(event: &mut Value, which: Signal, field: &str, value: Option<Value>) {
    match value {
        Some(v) => {
            let mut path = AKAMAI_PATH.to_vec();
            path.push(which.key());
            object_at(event, &path).insert(field.to_owned(), v);
        }
        None => {
            if let Some(Value::Object(s)) =
                event.pointer_mut(&format!("{AKAMAI_POINTER}/{}", which.key()))
            {
                s.shift_remove(field);
            }
        }
    }
}

/// Sets the score of a signal (creating the signal if it is absent).
pub fn set_score(event: &mut Value, which: Signal, score: f64) {
    let value = if score.fract() == 0.0 && score.abs() < 1e15 {
        json!(score as i64)
    } else {
        json!(score)
    };
    set_signal_field(event, which, which.score_field(), Some(value));
}

/// Ready-made signal situations for teaching and quick checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// A person on a known device: bot 0, user risk 5.
    Human,
    /// A verified search-engine crawler: bot 95, categorized, monitor.
    GoodBot,
    /// An automated credential-stuffing attack: bot 97, user risk 96.
    CredentialStuffingBot,
    /// A human but a risky account takeover attempt: bot 10, user risk 92.
    HighRiskUser,
    /// Akamai sent nothing: the whole Akamai object is absent.
    SignalsMissing,
}

impl Preset {
    /// Every preset, in menu order.
    pub const ALL: [Self; 5] = [
        Self::Human,
        Self::GoodBot,
        Self::CredentialStuffingBot,
        Self::HighRiskUser,
        Self::SignalsMissing,
    ];

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Human => "Human",
            Self::GoodBot => "Good bot",
            Self::CredentialStuffingBot => "Credential-stuffing bot",
            Self::HighRiskUser => "High-risk user",
            Self::SignalsMissing => "Signals missing",
        }
    }

    /// Applies the preset to the event's Akamai signals.
    pub fn apply(self, event: &mut Value) {
        if self == Self::SignalsMissing {
            set_akamai_present(event, false);
            return;
        }
        set_akamai_present(event, false);
        set_akamai_present(event, true);
        let (bot, risk, segment, category, botnet, bot_action, risk_action, risk_map): (
            f64,
            f64,
            &str,
            Vec<&str>,
            &str,
            &str,
            &str,
            Value,
        ) = match self {
            Self::Human => (
                0.0,
                5.0,
                "human",
                vec![],
                "",
                "Monitor",
                "monitor",
                json!({"ugp": "FR/L", "unp": "12322/L"}),
            ),
            Self::GoodBot => (
                95.0,
                0.0,
                "aggressive",
                vec!["Web Search Engine Bots"],
                "googlebot",
                "Monitor",
                "monitor",
                json!({}),
            ),
            Self::CredentialStuffingBot => (
                97.0,
                96.0,
                "aggressive",
                vec!["Credential Stuffing Bots"],
                "",
                "Deny",
                "deny",
                json!({"ugp": "RU/H", "unp": "9009/H", "udfp": "e3b0c442/H"}),
            ),
            Self::HighRiskUser => (
                10.0,
                92.0,
                "cautious",
                vec![],
                "",
                "Monitor",
                "monitor",
                json!({"ugp": "BR/H", "unp": "28573/H"}),
            ),
            Self::SignalsMissing => return,
        };
        set_score(event, Signal::Bot, bot);
        set_score(event, Signal::UserRisk, risk);
        set_signal_field(
            event,
            Signal::Bot,
            "botScoreResponseSegment",
            Some(json!(segment)),
        );
        set_signal_field(event, Signal::Bot, "botCategory", Some(json!(category)));
        set_signal_field(event, Signal::Bot, "action", Some(json!(bot_action)));
        if botnet.is_empty() {
            set_signal_field(event, Signal::Bot, "botnetId", None);
        } else {
            set_signal_field(event, Signal::Bot, "botnetId", Some(json!(botnet)));
        }
        if category.is_empty() {
            set_signal_field(event, Signal::Bot, "type", Some(json!("Unknown Bot")));
        }
        set_signal_field(event, Signal::UserRisk, "action", Some(json!(risk_action)));
        set_signal_field(event, Signal::UserRisk, "risk", Some(risk_map));
        set_signal_field(
            event,
            Signal::UserRisk,
            "allow",
            Some(json!(i32::from(risk < 90.0))),
        );
    }
}

/// Parses event JSON text; an error names the problem and where it is.
pub fn parse(text: &str) -> Result<Value, EventParseError> {
    let value: Value = serde_json::from_str(text).map_err(|e| EventParseError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if !value.is_object() {
        return Err(EventParseError::NotObject(type_name(&value)));
    }
    Ok(value)
}

/// Why event text could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EventParseError {
    /// Not valid JSON.
    #[error("line {line}, column {column}: not valid JSON ({message})")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's description.
        message: String,
    },
    /// Valid JSON, but not an object.
    #[error("the event must be a JSON object, found {0}")]
    NotObject(&'static str),
}

impl From<EventParseError> for EngineError {
    fn from(e: EventParseError) -> Self {
        match e {
            EventParseError::NotObject(kind) => Self::EventNotObject(kind),
            other => Self::Runtime(other.to_string()),
        }
    }
}

/// A JSON type name for messages ("a string", "an array", …).
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Warnings about signal values a policy might mishandle. The event is never changed.
pub fn check(trigger: Trigger, event: &Value) -> Vec<Note> {
    let mut notes = Vec::new();
    let Some(ak) = akamai(event) else {
        return notes;
    };
    if !trigger.has_akamai() {
        notes.push(Note::warning(format!(
            "The event carries Akamai signals, but Auth0 never sends them to {}; the action sees them here only because the event says so.",
            trigger.id()
        )));
    }
    if !ak.is_object() {
        notes.push(Note::warning(format!(
            "supplemental.akamai is {}, not an object; it is delivered as given.",
            type_name(ak)
        )));
        return notes;
    }
    for s in Signal::ALL {
        let Some(obj) = ak.get(s.key()) else { continue };
        if !obj.is_object() {
            notes.push(Note::warning(format!(
                "{} is {}, not an object; it is delivered as given.",
                s.key(),
                type_name(obj)
            )));
            continue;
        }
        match obj.get(s.score_field()) {
            None => {}
            Some(Value::Number(n)) => {
                let v = n.as_f64().unwrap_or(0.0);
                if !(0.0..=100.0).contains(&v) {
                    notes.push(Note::warning(format!("{}.{} is {v}, outside 0–100; it is delivered as given.", s.key(), s.score_field())));
                }
            }
            Some(other) => notes.push(Note::warning(format!(
                "{}.{} is {}, not a number; it is delivered as given (comparisons like >= 90 may not do what the policy expects).",
                s.key(),
                s.score_field(),
                type_name(other)
            ))),
        }
        if s == Signal::Bot
            && let Some(cat) = obj.get("botCategory")
            && !cat.is_array()
        {
            notes.push(Note::warning(format!(
                "akamaiBot.botCategory is {}, not an array of strings; it is delivered as given.",
                type_name(cat)
            )));
        }
    }
    notes
}

/// Method names Auth0 reports in `event.authentication.methods[].name` that editors offer as switches.
pub const AUTHENTICATION_METHOD_NAMES: [&str; 6] =
    ["pwd", "mfa", "passkey", "federated", "sms", "email"];

/// Whether `event.authentication.methods` lists a method named `name`.
pub fn has_authentication_method(event: &Value, name: &str) -> bool {
    event
        .pointer("/authentication/methods")
        .and_then(Value::as_array)
        .is_some_and(|methods| {
            methods
                .iter()
                .any(|m| m.get("name").and_then(Value::as_str) == Some(name))
        })
}

/// Adds a method named `name` (timestamped like the first listed method) or removes every method
/// with that name. Does nothing when the event has no `authentication.methods` array.
pub fn set_authentication_method(event: &mut Value, name: &str, present: bool) {
    let Some(Value::Array(methods)) = event.pointer_mut("/authentication/methods") else {
        return;
    };
    if present {
        if !methods
            .iter()
            .any(|m| m.get("name").and_then(Value::as_str) == Some(name))
        {
            let timestamp = methods
                .first()
                .and_then(|m| m.get("timestamp"))
                .cloned()
                .unwrap_or_else(|| json!("2025-03-01T10:00:00.000Z"));
            methods.push(json!({ "name": name, "timestamp": timestamp }));
        }
    } else {
        methods.retain(|m| m.get("name").and_then(Value::as_str) != Some(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_switches_and_scores() {
        let mut e = Trigger::PostLogin.default_event();
        set_score(&mut e, Signal::Bot, 42.0);
        assert_eq!(score(&e, Signal::Bot), Some(42.0));
        set_signal_present(&mut e, Signal::UserRisk, false);
        assert!(signal(&e, Signal::UserRisk).is_none(), "user risk removed");
        set_akamai_present(&mut e, false);
        assert!(akamai(&e).is_none(), "akamai removed");
        set_score(&mut e, Signal::UserRisk, 91.0);
        assert_eq!(score(&e, Signal::UserRisk), Some(91.0));
        assert!(
            signal(&e, Signal::Bot).is_none(),
            "setting one score does not invent the other signal"
        );
    }

    #[test]
    fn presets_and_checks() {
        let mut e = Trigger::PostLogin.default_event();
        Preset::CredentialStuffingBot.apply(&mut e);
        assert_eq!(score(&e, Signal::Bot), Some(97.0));
        Preset::SignalsMissing.apply(&mut e);
        assert!(akamai(&e).is_none(), "signals missing");
        let mut odd = Trigger::PostLogin.default_event();
        set_signal_field(&mut odd, Signal::UserRisk, "score", Some(json!("95")));
        set_signal_field(&mut odd, Signal::Bot, "botScore", Some(json!(-3)));
        assert_eq!(check(Trigger::PostLogin, &odd).len(), 2);
    }

    #[test]
    fn authentication_methods_switch_on_and_off() {
        let mut e = Trigger::PostLogin.default_event();
        assert!(
            !has_authentication_method(&e, "mfa"),
            "default login is password only"
        );
        set_authentication_method(&mut e, "mfa", true);
        set_authentication_method(&mut e, "mfa", true);
        assert_eq!(
            e.pointer("/authentication/methods")
                .and_then(Value::as_array)
                .map(Vec::len),
            Some(2),
            "added once"
        );
        set_authentication_method(&mut e, "mfa", false);
        assert!(!has_authentication_method(&e, "mfa"), "removed");
    }

    #[test]
    fn parse_errors_name_the_place() {
        assert!(matches!(
            parse("{\"a\": }"),
            Err(EventParseError::Json { line: 1, .. })
        ));
        assert_eq!(parse("[1]"), Err(EventParseError::NotObject("an array")));
    }
}
