//! Action Studio: design, teach and test Auth0 Actions that use Akamai Supplemental Signals.
//!
//! - [`engine`]: the core. Runs an action (the same JavaScript deployed to Auth0) in QuickJS for
//!   any of the seven triggers and reports what Auth0 would do. No UI code.
//! - [`app`]: the studio window (egui/eframe): panels draw and push commands, runs go to the
//!   engine's worker thread.
//! - [`cli`]: the command line (`run`, `event`, …) on top of the engine.

pub mod app;
pub mod cli;
pub mod engine;
