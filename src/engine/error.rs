//! Engine errors: problems with the engine or its inputs, never with the user's action code.
//!
//! A thrown exception, a timeout or a missing handler is part of a [`super::RunReport`]; only
//! failures that stop the engine from producing a report at all are an [`EngineError`].

/// Why the engine could not run an action or read its inputs.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The trigger id is not one of the seven the studio knows.
    #[error(
        "unknown trigger '{0}': expected one of post-login, pre-user-registration, post-user-registration, send-phone-message, post-challenge (or password-reset-post-challenge), post-change-password, credentials-exchange"
    )]
    UnknownTrigger(String),
    /// An event was not a JSON object.
    #[error("the event must be a JSON object, found {0}")]
    EventNotObject(&'static str),
    /// QuickJS could not be set up (out of memory before the action ran, or a prelude bug).
    #[error("the JavaScript runtime could not start: {0}")]
    Runtime(String),
}
