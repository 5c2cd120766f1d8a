//! Scenario files: a trigger, an event, a flow of actions, seeds (secrets, cache, fetch mocks),
//! sequence steps and expectations, in JSON. The format is documented in README ("Scenario
//! files"). Loading errors name the file and the field; running one gives pass/fail per step.

mod expect;
mod file;
pub mod junit;
mod sequence;

pub use expect::{CallMatch, Expectation, Failure, NetworkMatch, OneOrMany};
pub use file::{
    ActionRef, CacheSeed, Scenario, ScenarioError, Step, StepKind, capture, load, load_str,
};
pub use sequence::{ScenarioResult, StepResult, run};

use std::path::{Path, PathBuf};

/// Every scenario file under `paths` (files as given; directories searched for `*.json`), sorted.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ScenarioError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(ScenarioError::new(p, "", "no such file or directory"));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ScenarioError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ScenarioError::new(dir, "", format!("cannot read the directory: {e}")))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}
