//! What a run reports: outcome, api calls, logs, error, metadata diff, claims, notes and stats.
//!
//! The JSON form of [`RunReport`] (`--format json`) is a stable contract read by tests and tools.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::diff::Change;
use super::trigger::Trigger;

/// One recorded `api` call, in the order the action made it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiCall {
    /// `namespace.method`, without the `api.` prefix (`user.setAppMetadata`).
    pub api: String,
    /// The arguments as JSON; `undefined` becomes `null`.
    pub args: Vec<Value>,
    /// The call as JavaScript, with `undefined` kept (`api.user.setAppMetadata("k", undefined)`).
    pub display: String,
    /// 1-based line in the action file (0 when unknown).
    pub line: u32,
    /// 1-based column in the action file (0 when unknown).
    pub column: u32,
    /// Indexes of arguments that were `undefined` (their `args` entry is `null`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undefined_args: Vec<usize>,
    /// The validator's error when Auth0 would have rejected the call (it then threw to the action).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
}

impl ApiCall {
    /// An accepted call with these arguments (no position; for tests and tools).
    pub fn new(api: &str, args: Vec<Value>) -> Self {
        Self {
            api: api.to_owned(),
            args,
            display: String::new(),
            line: 0,
            column: 0,
            undefined_args: Vec::new(),
            rejected: None,
        }
    }

    /// The argument at `index`, or `Null` when absent.
    pub fn arg(&self, index: usize) -> &Value {
        self.args.get(index).unwrap_or(&Value::Null)
    }

    /// Whether the argument at `index` was `undefined` (or not passed at all).
    pub fn arg_is_undefined(&self, index: usize) -> bool {
        index >= self.args.len() || self.undefined_args.contains(&index)
    }

    /// The argument at `index` as a string, if it is one.
    pub fn str_arg(&self, index: usize) -> Option<&str> {
        self.arg(index).as_str()
    }

    /// Whether the call took effect (Auth0's validator did not reject it).
    pub fn accepted(&self) -> bool {
        self.rejected.is_none()
    }
}

/// Console level of a log line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// `console.log`, `console.dir`, `console.table`.
    Log,
    /// `console.info`.
    Info,
    /// `console.warn`.
    Warn,
    /// `console.error`.
    Error,
    /// `console.debug`.
    Debug,
    /// `console.trace`.
    Trace,
}

impl LogLevel {
    /// Parses the level name the prelude sends.
    pub fn parse(name: &str) -> Self {
        match name {
            "info" => Self::Info,
            "warn" => Self::Warn,
            "error" => Self::Error,
            "debug" => Self::Debug,
            "trace" => Self::Trace,
            _ => Self::Log,
        }
    }

    /// Lower-case name (`log`, `info`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::Log => "log",
            Self::Info => "info",
            Self::Warn => "warn",
            Self::Error => "error",
            Self::Debug => "debug",
            Self::Trace => "trace",
        }
    }
}

/// One line of console output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    /// The console method used.
    pub level: LogLevel,
    /// The formatted text (Node's `util.format` rules).
    pub text: String,
}

/// An error raised by the action (thrown, rejected, syntax error, bad export) or a limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionError {
    /// `Error`, `TypeError`, `SyntaxError`, … (`Timeout` and `OutOfMemory` for limits).
    pub name: String,
    /// The error message.
    pub message: String,
    /// 1-based line in the action file, when known.
    pub line: Option<u32>,
    /// 1-based column in the action file, when known.
    pub column: Option<u32>,
    /// The JavaScript stack, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
}

/// The kinds of outcome a run can have, with Auth0's semantics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The transaction continues.
    Allowed,
    /// MFA is required at the end of the flow (`api.multifactor.enable`).
    MfaRequired,
    /// A challenge screen is shown (`authentication.challengeWith*`); the flow is suspended.
    Challenge,
    /// An enrollment prompt is shown (`authentication.enrollWith*`); the flow is suspended.
    Enrollment,
    /// The user is redirected (`redirect.sendUserTo`); the flow is suspended.
    Redirect,
    /// A form is rendered (`prompt.render`); the flow is suspended.
    Prompt,
    /// The transaction is refused (`access.deny`).
    Denied,
    /// A validation error is returned (`validation.error`).
    ValidationError,
    /// The refresh token in use is revoked (`refreshToken.revoke`).
    RefreshTokenRevoked,
    /// The session is revoked and the login denied (`session.revoke`).
    SessionRevoked,
    /// The action threw, rejected, or could not be loaded.
    Error,
    /// The action did not finish within the time limit.
    Timeout,
}

impl OutcomeKind {
    /// Every kind, in a stable order (legends, summaries).
    pub const ALL: [Self; 12] = [
        Self::Allowed,
        Self::MfaRequired,
        Self::Challenge,
        Self::Enrollment,
        Self::Redirect,
        Self::Prompt,
        Self::Denied,
        Self::ValidationError,
        Self::RefreshTokenRevoked,
        Self::SessionRevoked,
        Self::Error,
        Self::Timeout,
    ];

    /// The snake_case id used in JSON, CSV and scenario files.
    pub fn id(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::MfaRequired => "mfa_required",
            Self::Challenge => "challenge",
            Self::Enrollment => "enrollment",
            Self::Redirect => "redirect",
            Self::Prompt => "prompt",
            Self::Denied => "denied",
            Self::ValidationError => "validation_error",
            Self::RefreshTokenRevoked => "refresh_token_revoked",
            Self::SessionRevoked => "session_revoked",
            Self::Error => "error",
            Self::Timeout => "timeout",
        }
    }

    /// A short human label ("MFA required").
    pub fn label(self) -> &'static str {
        match self {
            Self::Allowed => "Allowed",
            Self::MfaRequired => "MFA required",
            Self::Challenge => "Challenge",
            Self::Enrollment => "Enrollment",
            Self::Redirect => "Redirect",
            Self::Prompt => "Form prompt",
            Self::Denied => "Denied",
            Self::ValidationError => "Validation error",
            Self::RefreshTokenRevoked => "Refresh token revoked",
            Self::SessionRevoked => "Session revoked",
            Self::Error => "Error",
            Self::Timeout => "Timeout",
        }
    }

    /// Parses an id as written by [`OutcomeKind::id`].
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == text.trim())
    }

    /// Whether this outcome stops the flow after the current action (Auth0 §1.3).
    pub fn stops_flow(self) -> bool {
        matches!(
            self,
            Self::Denied
                | Self::ValidationError
                | Self::RefreshTokenRevoked
                | Self::SessionRevoked
                | Self::Error
                | Self::Timeout
        )
    }

    /// Whether this outcome suspends the flow until the user comes back.
    pub fn suspends_flow(self) -> bool {
        matches!(
            self,
            Self::Challenge | Self::Enrollment | Self::Redirect | Self::Prompt
        )
    }
}

/// What Auth0 would do after this run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The winning outcome.
    pub kind: OutcomeKind,
    /// One sentence for the banner ("Login denied: Automated traffic suspected").
    pub summary: String,
    /// The reason given by the action (deny reason, revoke reason, error message), if any.
    pub reason: Option<String>,
    /// Kind-specific details (MFA provider and options, redirect URL, factors, …).
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub details: Value,
    /// Why this kind wins when several applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Other outcomes the action also requested, which this one overrides or accompanies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<OutcomeKind>,
}

/// Before, after and the sorted changes of one metadata object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetadataReport {
    /// The object as the event carried it (`{}` when absent).
    pub before: Value,
    /// The object after Auth0 applies the batched updates.
    pub after: Value,
    /// Added / removed / changed entries, sorted by path.
    pub changes: Vec<Change>,
}

/// Which token a claim goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// The ID token.
    IdToken,
    /// The access token.
    AccessToken,
}

/// A custom claim as it would land on a token (last write wins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The token that carries it.
    pub token: TokenKind,
    /// The claim name.
    pub name: String,
    /// The claim value.
    pub value: Value,
    /// Why Auth0 would silently drop it, if it would.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<String>,
}

/// Access-token scope changes (post-login) or target scopes (credentials exchange).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScopeReport {
    /// Scopes the request asked for.
    pub requested: Vec<String>,
    /// Scopes added by the action.
    pub added: Vec<String>,
    /// Scopes removed by the action.
    pub removed: Vec<String>,
    /// The resulting scope set.
    #[serde(rename = "final")]
    pub result: Vec<String>,
}

/// The kind of a note attached to a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// The studio approximates Auth0 here, or chose where Auth0's behaviour is undocumented.
    Fidelity,
    /// Something Auth0 would reject, ignore or drop, or a likely mistake in the action.
    Warning,
    /// A limit was reached (log capture, call count, time, memory).
    Limit,
    /// A network request made by the action (answered by a mock or refused).
    Network,
}

/// A fidelity note, warning or limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// What kind of note this is.
    pub kind: NoteKind,
    /// The note, in one or two sentences.
    pub text: String,
}

impl Note {
    /// A fidelity note.
    pub fn fidelity(text: impl Into<String>) -> Self {
        Self {
            kind: NoteKind::Fidelity,
            text: text.into(),
        }
    }

    /// A warning.
    pub fn warning(text: impl Into<String>) -> Self {
        Self {
            kind: NoteKind::Warning,
            text: text.into(),
        }
    }

    /// A limit note.
    pub fn limit(text: impl Into<String>) -> Self {
        Self {
            kind: NoteKind::Limit,
            text: text.into(),
        }
    }
}

/// One entry of `api.cache`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheEntry {
    /// The key.
    pub key: String,
    /// The string value.
    pub value: String,
    /// Expiry, in milliseconds since the epoch.
    pub expires_at: i64,
}

/// A `fetch` the action made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkRequest {
    /// HTTP method.
    pub method: String,
    /// URL.
    pub url: String,
    /// Request headers (lower-case names).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub headers: serde_json::Map<String, Value>,
    /// Request body, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The mock's status, or `None` when no mock answered (the request failed: network off).
    pub status: Option<u16>,
}

/// Everything one run of one action produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// The trigger the action ran under.
    pub trigger: Trigger,
    /// The handler that was called (`onExecutePostLogin`).
    pub handler: String,
    /// What Auth0 would do.
    pub outcome: Outcome,
    /// Every api call, in order.
    pub calls: Vec<ApiCall>,
    /// Console output, in order.
    pub logs: Vec<LogLine>,
    /// The action's error, if it failed.
    pub error: Option<ActionError>,
    /// `event.user.app_metadata` before / after / changes.
    pub app_metadata: MetadataReport,
    /// `event.user.user_metadata` before / after / changes.
    pub user_metadata: MetadataReport,
    /// Custom claims per token.
    pub claims: Vec<Claim>,
    /// Scope changes, where the trigger has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<ScopeReport>,
    /// `event.transaction.metadata` after the run (post-login).
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub transaction_metadata: Value,
    /// `api.cache` contents after the run.
    pub cache: Vec<CacheEntry>,
    /// Every `fetch` the action made, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network: Vec<NetworkRequest>,
    /// Fidelity notes, warnings and limits.
    pub notes: Vec<Note>,
    /// Wall-clock duration of the run, in milliseconds.
    pub duration_ms: f64,
    /// Virtual time the action's timers skipped, in milliseconds.
    pub virtual_ms: f64,
    /// Which signals the action looked at (only recorded for decision maps; not in the JSON).
    #[serde(skip)]
    pub signal_reads: Option<super::runtime::SignalReads>,
}

impl RunReport {
    /// The report as pretty JSON (the `--format json` contract).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\":\"report serialization failed: {e}\"}}"))
    }

    /// Accepted calls to `api` (validators passed), in order.
    pub fn calls_to<'a>(&'a self, api: &'a str) -> impl Iterator<Item = &'a ApiCall> + 'a {
        self.calls
            .iter()
            .filter(move |c| c.api == api && c.accepted())
    }
}
