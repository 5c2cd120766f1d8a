//! What a caller asks the engine to run: trigger, handler, event, code and limits.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::report::CacheEntry;
use super::trigger::Trigger;

/// Auth0's time limit for one trigger execution: 20 seconds.
pub const DEFAULT_TIMEOUT_MS: u64 = 20_000;
/// Memory limit of one run (Auth0 documents none; 128 MiB stops memory bombs quickly).
pub const DEFAULT_MEMORY_LIMIT_BYTES: usize = 128 * 1024 * 1024;
/// JavaScript stack limit (deep recursion ends in a RangeError, as in Node).
pub const DEFAULT_STACK_LIMIT_BYTES: usize = 512 * 1024;
/// Console capture cap, as in Auth0's harness: 256 KiB per execution.
pub const DEFAULT_MAX_LOG_BYTES: usize = 256 * 1024;
/// Most api calls recorded per run; later calls still run but are not recorded.
pub const DEFAULT_MAX_CALLS: usize = 10_000;
/// The fixed clock the CLI and tests use unless told otherwise: 2025-03-01T10:00:00Z.
pub const REFERENCE_CLOCK_MS: i64 = 1_740_823_200_000;

/// Which of the action's handlers to call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HandlerKind {
    /// `onExecute…`: the normal entry point.
    #[default]
    Execute,
    /// `onContinue…`: the flow resumes after a redirect or a form (post-login, post-challenge).
    Continue,
}

/// A canned answer for `fetch` (requests with no matching mock fail: the network is off).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FetchMock {
    /// HTTP method to match (any when absent), case-insensitive.
    pub method: Option<String>,
    /// URL to match exactly, or a prefix when it ends with `*`.
    pub url: String,
    /// Response status (200 when absent).
    pub status: Option<u16>,
    /// Response headers.
    pub headers: serde_json::Map<String, Value>,
    /// Response body: a string is sent as is, anything else as JSON.
    pub body: Value,
}

/// Limits and injected inputs of a run.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct RunOptions {
    /// Wall-clock (and virtual-time) limit, in milliseconds.
    pub timeout_ms: u64,
    /// QuickJS memory limit, in bytes.
    pub memory_limit_bytes: usize,
    /// QuickJS stack limit, in bytes.
    pub stack_limit_bytes: usize,
    /// The action's clock (`Date.now()`), in ms since the epoch; `None` uses the real time.
    pub clock_ms: Option<i64>,
    /// Seed for `Math.random`, `crypto.randomUUID` and `crypto.randomBytes`.
    pub seed: u64,
    /// Console capture cap, in bytes.
    pub max_log_bytes: usize,
    /// Most api calls recorded.
    pub max_calls: usize,
    /// `api.cache` contents when the run starts.
    pub cache: Vec<CacheEntry>,
    /// Canned `fetch` answers.
    pub fetch_mocks: Vec<FetchMock>,
    /// Set to `true` to stop the run early (a newer run superseded it); ends as a timeout.
    #[serde(skip)]
    pub cancel: Option<Arc<AtomicBool>>,
    /// Note which Akamai signals the action looks at (decision maps use it to reuse results).
    #[serde(skip)]
    pub track_signals: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            memory_limit_bytes: DEFAULT_MEMORY_LIMIT_BYTES,
            stack_limit_bytes: DEFAULT_STACK_LIMIT_BYTES,
            clock_ms: None,
            seed: 0,
            max_log_bytes: DEFAULT_MAX_LOG_BYTES,
            max_calls: DEFAULT_MAX_CALLS,
            cache: Vec::new(),
            fetch_mocks: Vec::new(),
            cancel: None,
            track_signals: false,
        }
    }
}

impl RunOptions {
    /// Options with a fixed clock and seed, so that every run gives the same report.
    pub fn reproducible() -> Self {
        Self {
            clock_ms: Some(REFERENCE_CLOCK_MS),
            ..Self::default()
        }
    }
}

/// One run of one action.
#[derive(Clone, Debug)]
pub struct RunRequest {
    /// The trigger to emulate.
    pub trigger: Trigger,
    /// Which handler to call.
    pub handler: HandlerKind,
    /// The event object (a JSON object).
    pub event: Value,
    /// The action's source, exactly as deployed to Auth0.
    pub code: String,
    /// The file name shown in stacks and errors (`action.js`).
    pub file_name: String,
    /// Limits and injected inputs.
    pub options: RunOptions,
}

impl RunRequest {
    /// A request for the `onExecute…` handler with default options.
    pub fn new(trigger: Trigger, event: Value, code: impl Into<String>) -> Self {
        Self {
            trigger,
            handler: HandlerKind::Execute,
            event,
            code: code.into(),
            file_name: "action.js".to_owned(),
            options: RunOptions::default(),
        }
    }

    /// The handler export this request calls.
    pub fn handler_name(&self) -> &'static str {
        match self.handler {
            HandlerKind::Continue => self
                .trigger
                .continue_handler()
                .unwrap_or_else(|| self.trigger.execute_handler()),
            HandlerKind::Execute => self.trigger.execute_handler(),
        }
    }
}
