//! `action-studio sweep`: the decision map on the command line (CSV or JSON, plus a summary).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use crate::engine::sweep::{self, Axis, SweepRequest};
use crate::engine::{RunOptions, Trigger, request};

use super::{prepare_event, read_action, usage_error};

/// Output format of `sweep`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SweepFormat {
    /// One row per cell (`bot_score,user_risk,outcome,reason`); the summary goes to stderr.
    #[default]
    Csv,
    /// One JSON object with the cells, the counts, the boundaries and the summary.
    Json,
}

/// Arguments of `sweep`.
#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// The action's JavaScript file.
    pub action: PathBuf,
    /// Trigger (one of the five that carry Akamai signals).
    #[arg(long, short)]
    pub trigger: String,
    /// Event JSON file every cell starts from (default: the trigger's default event).
    #[arg(long, short)]
    pub event: Option<PathBuf>,
    /// Distance between scores on both axes.
    #[arg(long, default_value_t = 1.0)]
    pub step: f64,
    /// Lowest score on both axes.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    pub from: f64,
    /// Highest score on both axes.
    #[arg(long, default_value_t = 100.0, allow_negative_numbers = true)]
    pub to: f64,
    /// Leave out the strips where a signal is missing.
    #[arg(long)]
    pub no_missing: bool,
    /// Run the action for every cell, even where the result must be the same as a neighbour's.
    #[arg(long)]
    pub no_reuse: bool,
    /// Compare with another version of the action: print only the cells whose outcome changed.
    #[arg(long)]
    pub compare: Option<PathBuf>,
    /// Time limit per cell, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    pub timeout_ms: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SweepFormat::Csv)]
    pub format: SweepFormat,
}

fn build(
    args: &SweepArgs,
    trigger: Trigger,
    path: &std::path::Path,
    event: &serde_json::Value,
) -> Result<SweepRequest, ExitCode> {
    let code = read_action(path).map_err(usage_error)?;
    let axis = Axis {
        from: args.from,
        to: args.to,
        step: args.step,
    };
    Ok(SweepRequest {
        bot: axis,
        risk: axis,
        missing_strips: !args.no_missing,
        reuse: !args.no_reuse,
        file_name: path.file_name().map_or_else(
            || "action.js".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        ),
        options: RunOptions {
            timeout_ms: args.timeout_ms,
            clock_ms: Some(request::REFERENCE_CLOCK_MS),
            ..RunOptions::default()
        },
        ..SweepRequest::new(trigger, event.clone(), code)
    })
}

/// Runs `sweep`.
pub fn run(args: &SweepArgs) -> ExitCode {
    let trigger = match Trigger::parse(&args.trigger) {
        Ok(t) => t,
        Err(e) => return usage_error(format!("--trigger: {e}")),
    };
    if !trigger.has_akamai() {
        return usage_error(format!(
            "--trigger: {} carries no Akamai signals, so there is nothing to sweep",
            trigger.id()
        ));
    }
    let valid =
        args.step > 0.0 && args.to >= args.from && (args.to - args.from) / args.step <= 10_000.0;
    if !valid {
        return usage_error(
            "--step/--from/--to: need step > 0, to >= from and at most 10,001 values per axis",
        );
    }
    let event = match prepare_event(trigger, args.event.as_deref(), None, None, false) {
        Ok(e) => e,
        Err(e) => return usage_error(e),
    };
    let first = match build(args, trigger, &args.action, &event) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let cancel = AtomicBool::new(false);
    let no_progress = |_: usize, _: usize| {};
    let map = match sweep::sweep(&first, &no_progress, &cancel) {
        Ok(m) => m,
        Err(e) => return usage_error(e),
    };
    if let Some(other_path) = &args.compare {
        let second = match build(args, trigger, other_path, &event) {
            Ok(r) => r,
            Err(code) => return code,
        };
        let other = match sweep::sweep(&second, &no_progress, &cancel) {
            Ok(m) => m,
            Err(e) => return usage_error(e),
        };
        let cmp = sweep::compare(&map, &other);
        match args.format {
            SweepFormat::Json => {
                println!("{}", serde_json::to_string_pretty(&cmp).unwrap_or_default())
            }
            SweepFormat::Csv => {
                println!("bot_score,user_risk,before,after");
                let score = |v: Option<f64>| v.map_or_else(|| "missing".to_owned(), sweep::fmt_num);
                for c in &cmp.changes {
                    println!(
                        "{},{},{},{}",
                        score(c.bot),
                        score(c.risk),
                        c.from.id(),
                        c.to.id()
                    );
                }
            }
        }
        eprintln!(
            "{} cells changed between {} and {}",
            cmp.changes.len(),
            args.action.display(),
            other_path.display()
        );
        for (from, to, n) in &cmp.counts {
            eprintln!("  {} → {}: {n} cells", from.id(), to.id());
        }
        return ExitCode::SUCCESS;
    }
    match args.format {
        SweepFormat::Csv => {
            print!("{}", map.to_csv());
            for line in map.summary() {
                eprintln!("{line}");
            }
            eprintln!("swept in {:.0} ms", map.duration_ms);
        }
        SweepFormat::Json => {
            let counts: serde_json::Map<String, serde_json::Value> = map
                .counts()
                .into_iter()
                .map(|(k, n)| (k.id().to_owned(), n.into()))
                .collect();
            let out = serde_json::json!({
                "trigger": map.trigger,
                "bots": map.bots,
                "risks": map.risks,
                "cells": map.cells,
                "bot_missing": map.bot_missing,
                "risk_missing": map.risk_missing,
                "all_missing": map.all_missing,
                "counts": counts,
                "boundaries": map.boundaries(),
                "summary": map.summary(),
                "duration_ms": map.duration_ms,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
    }
    ExitCode::SUCCESS
}
