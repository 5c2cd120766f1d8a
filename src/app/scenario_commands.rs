//! Scenario commands: "Save as scenario" (the last run's case pinned as a regression test),
//! "Open scenario" (its trigger, event and first action into the studio) and the Tests panel's
//! folder and runs.

use std::path::{Component, Path, PathBuf};

use super::StudioApp;
use super::command::ScenarioCommand;
use super::dialogs::PathPurpose;
use super::event_doc::EventDoc;
use super::file_dialog;
use super::state::RightTab;
use super::test_runner::default_folder;
use crate::engine::HandlerKind;
use crate::engine::scenario::{self, ActionRef};

/// Why there is nothing to save as a scenario yet.
const NEEDS_RUN: &str = "Run the action first: Save as scenario pins the outcome of the last run.";

impl StudioApp {
    /// Performs a scenario or Tests-panel command.
    pub(crate) fn handle_scenario(&mut self, command: ScenarioCommand) {
        match command {
            ScenarioCommand::SaveDialog => {
                if self.runner.report_input().is_none() {
                    self.set_status(NEEDS_RUN.to_owned(), true);
                    return;
                }
                let start = self.tests_folder();
                let name = self.scenario_file_name();
                let picked = file_dialog::pick_save_file(
                    "Save as scenario",
                    &[file_dialog::JSON],
                    start.as_deref(),
                    &name,
                );
                if let Some(path) = self.picked_or_prompt(picked, PathPurpose::SaveScenario) {
                    self.save_scenario(&path);
                }
            }
            ScenarioCommand::Save(path) => self.save_scenario(&path),
            ScenarioCommand::ChooseFolder => {
                let start = self.tests_folder();
                let picked = file_dialog::pick_folder("Scenario folder", start.as_deref());
                if let Some(path) = self.picked_or_prompt(picked, PathPurpose::TestsFolder) {
                    self.set_tests_folder(path);
                }
            }
            ScenarioCommand::SetFolder(path) => self.set_tests_folder(path),
            ScenarioCommand::Refresh => self.tests.refresh(),
            ScenarioCommand::RunAll => {
                self.state.right_tab = RightTab::Tests;
                self.ensure_tests_listed();
                let paths = self
                    .tests
                    .entries()
                    .iter()
                    .map(|e| e.path.clone())
                    .collect();
                self.tests.run(paths);
            }
            ScenarioCommand::RunOne(path) => self.tests.run(vec![path]),
        }
    }

    /// The folder the Tests panel lists: the chosen one, else the default.
    pub(crate) fn tests_folder(&self) -> Option<PathBuf> {
        self.state
            .tests_folder
            .clone()
            .or_else(|| default_folder(self.state.file_path.as_deref()))
    }

    /// Lists the Tests folder if it is not the one listed.
    pub(crate) fn ensure_tests_listed(&mut self) {
        let folder = self.tests_folder();
        if self.tests.folder() != folder.as_deref()
            || folder.is_none() && self.tests.list_error().is_none()
        {
            self.tests.set_folder(folder);
        }
    }

    fn set_tests_folder(&mut self, path: PathBuf) {
        self.state.tests_folder = Some(path.clone());
        self.state.right_tab = RightTab::Tests;
        self.tests.set_folder(Some(path));
    }

    fn scenario_file_name(&self) -> String {
        let name = self.state.document_name();
        let stem = name.strip_suffix(".js").unwrap_or(&name);
        match self.runner.report() {
            Some(report) => format!("{stem}-{}.json", report.outcome.kind.id().replace('_', "-")),
            None => format!("{stem}.json"),
        }
    }

    /// Writes the last run's trigger, event, action and outcome as a scenario file at `path`.
    fn save_scenario(&mut self, path: &Path) {
        let (Some(report), Some(input)) = (self.runner.report(), self.runner.report_input()) else {
            self.set_status(NEEDS_RUN.to_owned(), true);
            return;
        };
        if input.handler == HandlerKind::Continue {
            self.set_status(
                "Save as scenario pins onExecute… runs; switch the handler back and run again."
                    .to_owned(),
                true,
            );
            return;
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        // A file reference only when the run used exactly the saved file; otherwise the code goes inline.
        let action = match &self.state.file_path {
            Some(file) if input.code == self.state.saved_code => ActionRef::Path {
                path: relative_path(dir, file),
                name: None,
            },
            _ => ActionRef::Inline {
                name: self.state.document_name(),
                code: input.code.clone(),
            },
        };
        let expects = report.outcome.kind.label();
        let captured = scenario::capture(input.trigger, &input.event, action, report);
        let written = serde_json::to_string_pretty(&captured)
            .map_err(|e| e.to_string())
            .and_then(|json| {
                crate::engine::input::write_atomic(path, format!("{json}\n").as_bytes())
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = written {
            self.set_status(
                format!("Cannot save the scenario to {}: {e}", path.display()),
                true,
            );
            return;
        }
        if let Err(e) = scenario::load(path) {
            self.set_status(
                format!("Saved, but the scenario does not load back: {e}"),
                true,
            );
            return;
        }
        let in_folder = self.tests_folder().is_some_and(|f| same_dir(&f, dir));
        if in_folder {
            self.ensure_tests_listed();
            self.tests.refresh();
        } else {
            self.set_tests_folder(dir.to_path_buf());
        }
        self.set_status(
            format!(
                "Saved scenario {} (expects {expects}); it is listed in the Tests panel",
                path.display()
            ),
            false,
        );
    }

    /// Loads a scenario's trigger, event and first action (unsaved changes already handled).
    pub(crate) fn open_scenario(&mut self, path: &Path) {
        let loaded = match scenario::load(path) {
            Ok(l) => l,
            Err(e) => {
                self.set_status(format!("Cannot open the scenario: {e}"), true);
                return;
            }
        };
        let (Some(reference), Some(action)) =
            (loaded.scenario.actions.first(), loaded.actions.first())
        else {
            self.set_status(
                format!(
                    "Cannot open the scenario {}: it has no action",
                    path.display()
                ),
                true,
            );
            return;
        };
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        let file = match reference {
            ActionRef::Path { path: rel, .. } => Some(normalize(&dir.join(rel))),
            ActionRef::Inline { .. } => None,
        };
        self.replace_code(action.code.clone(), file.clone(), None);
        if let Some(f) = file {
            self.state.remember_file(f);
        }
        self.state.switch_trigger(loaded.scenario.trigger);
        self.state.handler = HandlerKind::Execute;
        self.state.event = EventDoc::from_value(loaded.event.clone());
        self.forms.clear();
        let more = match loaded.actions.len() {
            1 => String::new(),
            n => format!(" (the first of its {n} actions)"),
        };
        self.set_status(
            format!(
                "Opened scenario {}: trigger, event and action{more} loaded",
                loaded.name()
            ),
            false,
        );
        if self.state.live {
            self.start_run();
        }
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    canon(a) == canon(b)
}

/// Removes `.` and `..` components without touching the file system (falls back to the path).
fn normalize(path: &Path) -> PathBuf {
    if let Ok(canon) = path.canonicalize() {
        return canon;
    }
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `target` relative to the folder `from`, with `/` separators (as scenario files write paths).
pub fn relative_path(from: &Path, target: &Path) -> String {
    let absolute = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        };
        normalize(&p)
    };
    let (from, target) = (absolute(from), absolute(target));
    let (a, b): (Vec<Component<'_>>, Vec<Component<'_>>) =
        (from.components().collect(), target.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = a[common..].iter().map(|_| "..".to_owned()).collect();
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_walk_up_and_down() {
        assert_eq!(
            relative_path(Path::new("/a/b/scenarios"), Path::new("/a/b/actions/x.js")),
            "../actions/x.js"
        );
        assert_eq!(
            relative_path(Path::new("/a/b"), Path::new("/a/b/x.js")),
            "x.js"
        );
        assert_eq!(
            relative_path(Path::new("/a/b/c/d"), Path::new("/a/x.js")),
            "../../../x.js"
        );
    }
}
