//! `action-studio test`: run scenario files headless, print pass/fail and a `N passed, N failed`
//! line, optionally write JUnit XML. Exit 0 when all pass, 1 when one fails, 2 when a file is bad.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::engine::scenario::{self, ScenarioResult};

/// Arguments of `test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Scenario files, or directories to search for `*.json` scenario files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Also write the results as JUnit XML to this file.
    #[arg(long)]
    pub junit: Option<PathBuf>,
    /// Print every step, not only failures.
    #[arg(long, short)]
    pub verbose: bool,
}

fn print_result(r: &ScenarioResult, verbose: bool) {
    let status = if r.passed() { "PASS" } else { "FAIL" };
    println!("{status}  {}  ({})", r.name, r.path);
    for s in &r.steps {
        if verbose || !s.passed() {
            println!("      {}: {}", s.label, s.summary);
        }
        for f in &s.failures {
            println!(
                "        ✗ {}: expected {}, got {}",
                f.what, f.expected, f.actual
            );
        }
    }
}

/// Runs `test`.
pub fn run(args: &TestArgs) -> ExitCode {
    let files = match scenario::collect(&args.paths) {
        Ok(f) => f,
        Err(e) => return super::usage_error(e),
    };
    if files.is_empty() {
        return super::usage_error("no scenario files found (looked for *.json)");
    }
    let mut results = Vec::new();
    let mut load_errors = Vec::new();
    for file in &files {
        match scenario::load(file) {
            Ok(loaded) => {
                let r = scenario::run(&loaded);
                print_result(&r, args.verbose);
                results.push(r);
            }
            Err(e) => {
                eprintln!("action-studio: error: {e}");
                load_errors.push(e.to_string());
            }
        }
    }
    let passed = results.iter().filter(|r| r.passed()).count();
    let failed = results.len() - passed + load_errors.len();
    if let Some(path) = &args.junit {
        let xml = scenario::junit::render(&results, &load_errors);
        if let Err(e) = crate::engine::input::write_atomic(path, xml.as_bytes()) {
            eprintln!(
                "action-studio: error: {}: cannot write the JUnit report: {e}",
                path.display()
            );
            return ExitCode::from(2);
        }
    }
    println!("{passed} passed, {failed} failed");
    if !load_errors.is_empty() {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
