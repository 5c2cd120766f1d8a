//! The command line: `run`, `event` (and more to come) on the same engine as the studio.
//!
//! Exit codes: 0 when the engine ran (an action's own error is part of the report), 1 when a
//! check failed (tests), 2 on bad usage or unreadable / invalid input, with one line naming the
//! file and the problem.

mod sweep;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::engine::{self, HandlerKind, RunOptions, RunRequest, Trigger};

pub use crate::engine::input::{InputError, read_action, read_event};

/// Action Studio: design, teach and test Auth0 Actions that use Akamai Supplemental Signals.
///
/// Run with no subcommand to open the studio.
#[derive(Debug, Parser)]
#[command(name = "action-studio", version, about, long_about = None)]
pub struct Cli {
    /// What to do (none: open the studio window).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Output format of reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable summary.
    #[default]
    Text,
    /// The report as one JSON object.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run an action once and print what Auth0 would do.
    Run(RunArgs),
    /// Print a trigger's default event as JSON, to edit and feed back with --event.
    Event(EventArgs),
    /// Run an action over every bot score × user-risk score (the decision map).
    Sweep(sweep::SweepArgs),
    /// Run scenario files (flows, sequences, expectations) and report pass / fail.
    Test(test::TestArgs),
}

/// Arguments of `run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The action's JavaScript file.
    pub action: PathBuf,
    /// Trigger: post-login, pre-user-registration, post-user-registration, send-phone-message,
    /// post-challenge, post-change-password, credentials-exchange.
    #[arg(long, short)]
    pub trigger: String,
    /// Event JSON file (default: the trigger's default event).
    #[arg(long, short)]
    pub event: Option<PathBuf>,
    /// Scores and signal presence.
    #[command(flatten)]
    pub signals: SignalArgs,
    /// Call the onContinue… handler instead of onExecute….
    #[arg(long = "continue")]
    pub resume: bool,
    /// Time limit in milliseconds (Auth0: 20000).
    #[arg(long, default_value_t = engine::request::DEFAULT_TIMEOUT_MS)]
    pub timeout_ms: u64,
    /// Seed for Math.random and crypto.randomUUID.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// The action's clock, in ms since the epoch (default: a fixed reference time, 2025-03-01T10:00Z).
    #[arg(long)]
    pub clock_ms: Option<i64>,
    /// JSON file with canned fetch answers: `[{"method": "POST", "url": "https://x/*", "status": 201, "body": {…}}]`.
    #[arg(long)]
    pub fetch_mocks: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Reads a fetch-mock file (a JSON array of mocks).
pub fn read_fetch_mocks(path: &std::path::Path) -> Result<Vec<engine::FetchMock>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the file: {e}", path.display()))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        format!(
            "{}: {}{}",
            path.display(),
            if field == "." || field == "?" {
                String::new()
            } else {
                format!("{field}: ")
            },
            e.into_inner()
        )
    })
}

/// Arguments of `event`.
#[derive(Debug, clap::Args)]
pub struct EventArgs {
    /// The trigger whose default event to print.
    #[arg(long, short)]
    pub trigger: String,
    /// Scores and signal presence.
    #[command(flatten)]
    pub signals: SignalArgs,
}

/// The score flags shared by `run` and `event`.
#[derive(Debug, clap::Args)]
pub struct SignalArgs {
    /// Set akamaiBot.botScore.
    #[arg(long, allow_negative_numbers = true)]
    pub bot_score: Option<f64>,
    /// Set akamaiUserRisk.score.
    #[arg(long, allow_negative_numbers = true)]
    pub user_risk: Option<f64>,
    /// Leave the Akamai signals out of the event.
    #[arg(long)]
    pub no_signals: bool,
}

/// Prints a one-line error and returns exit code 2.
pub fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("action-studio: error: {message}");
    ExitCode::from(2)
}

fn parse_trigger(text: &str) -> Result<Trigger, ExitCode> {
    Trigger::parse(text).map_err(|e| usage_error(format!("--trigger: {e}")))
}

/// Builds the event for a trigger from an optional file and score flags.
pub fn prepare_event(
    trigger: Trigger,
    event_path: Option<&std::path::Path>,
    bot_score: Option<f64>,
    user_risk: Option<f64>,
    no_signals: bool,
) -> Result<serde_json::Value, String> {
    if no_signals && (bot_score.is_some() || user_risk.is_some()) {
        return Err("--no-signals cannot be combined with --bot-score or --user-risk".to_owned());
    }
    if !trigger.has_akamai() && (bot_score.is_some() || user_risk.is_some()) {
        return Err(format!(
            "--bot-score / --user-risk: {} carries no Akamai signals (Auth0 never sends them to this trigger)",
            trigger.id()
        ));
    }
    let mut event = match event_path {
        Some(path) => read_event(path).map_err(|e| e.to_string())?,
        None => trigger.default_event(),
    };
    if no_signals {
        engine::event::set_akamai_present(&mut event, false);
    }
    if let Some(b) = bot_score {
        engine::event::set_score(&mut event, engine::event::Signal::Bot, b);
    }
    if let Some(r) = user_risk {
        engine::event::set_score(&mut event, engine::event::Signal::UserRisk, r);
    }
    Ok(event)
}

fn run_command(args: &RunArgs) -> ExitCode {
    let trigger = match parse_trigger(&args.trigger) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let code = match read_action(&args.action) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let event = match prepare_event(
        trigger,
        args.event.as_deref(),
        args.signals.bot_score,
        args.signals.user_risk,
        args.signals.no_signals,
    ) {
        Ok(e) => e,
        Err(e) => return usage_error(e),
    };
    if args.resume && trigger.continue_handler().is_none() {
        return usage_error(format!(
            "--continue: {} has no onContinue handler",
            trigger.id()
        ));
    }
    let fetch_mocks = match args
        .fetch_mocks
        .as_deref()
        .map(read_fetch_mocks)
        .transpose()
    {
        Ok(m) => m.unwrap_or_default(),
        Err(e) => return usage_error(e),
    };
    let file_name = args.action.file_name().map_or_else(
        || "action.js".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let request = RunRequest {
        trigger,
        handler: if args.resume {
            HandlerKind::Continue
        } else {
            HandlerKind::Execute
        },
        event,
        code,
        file_name,
        options: RunOptions {
            timeout_ms: args.timeout_ms,
            seed: args.seed,
            clock_ms: Some(args.clock_ms.unwrap_or(engine::request::REFERENCE_CLOCK_MS)),
            fetch_mocks,
            ..RunOptions::default()
        },
    };
    match engine::run(&request) {
        Ok(report) => {
            match args.format {
                Format::Json => println!("{}", report.to_json()),
                Format::Text => print!("{}", engine::text::render(&report)),
            }
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(format!("{}: {e}", args.action.display())),
    }
}

fn event_command(args: &EventArgs) -> ExitCode {
    let trigger = match parse_trigger(&args.trigger) {
        Ok(t) => t,
        Err(code) => return code,
    };
    match prepare_event(
        trigger,
        None,
        args.signals.bot_score,
        args.signals.user_risk,
        args.signals.no_signals,
    ) {
        Ok(event) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&event).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(e),
    }
}

/// Runs a parsed subcommand.
pub fn execute(command: &Command) -> ExitCode {
    match command {
        Command::Run(args) => run_command(args),
        Command::Event(args) => event_command(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Test(args) => test::run(args),
    }
}
