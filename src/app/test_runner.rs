//! The Tests panel's model: the scenario files of a folder and their latest results. Scenarios
//! run on a named worker thread (never the UI thread), one result at a time over a channel, so
//! the list fills in as they finish; a new run cancels the old one between scenarios.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::engine::scenario::{self, ScenarioResult};
use crate::engine::worker::ENGINE_THREAD_STACK_BYTES;

/// Where a scenario stands.
#[derive(Clone, Debug)]
pub enum EntryState {
    /// Not run since it was listed.
    NotRun,
    /// Queued or running.
    Running,
    /// Ran: every step with its failures.
    Done(Box<ScenarioResult>),
    /// Could not be loaded (the message names the file and the field).
    Broken(String),
}

/// One scenario file.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The file.
    pub path: PathBuf,
    /// Its name (file stem until it has run, then the scenario's name).
    pub name: String,
    /// Its latest result.
    pub state: EntryState,
}

impl Entry {
    /// Whether it ran and passed (`None`: not run yet or running).
    pub fn passed(&self) -> Option<bool> {
        match &self.state {
            EntryState::Done(r) => Some(r.passed()),
            EntryState::Broken(_) => Some(false),
            EntryState::NotRun | EntryState::Running => None,
        }
    }
}

type Message = (PathBuf, Result<ScenarioResult, String>);

/// The scenarios of one folder and the run in progress.
pub struct TestRunner {
    ctx: egui::Context,
    folder: Option<PathBuf>,
    entries: Vec<Entry>,
    list_error: Option<String>,
    job: Option<(Arc<AtomicBool>, Receiver<Message>)>,
    /// The step whose report is shown: (scenario file, step index).
    pub selected: Option<(PathBuf, usize)>,
    /// The folder path being typed in the panel.
    pub folder_text: String,
}

/// The folder listed by default: `../scenarios` next to the open file, else `samples/scenarios`
/// under the current directory.
pub fn default_folder(file_path: Option<&Path>) -> Option<PathBuf> {
    let beside = file_path
        .and_then(Path::parent)
        .and_then(Path::parent)
        .map(|p| p.join("scenarios"));
    beside
        .into_iter()
        .chain([PathBuf::from("samples").join("scenarios")])
        .find(|p| p.is_dir())
}

impl TestRunner {
    /// Nothing listed yet; `ctx` is repainted as results arrive.
    pub fn new(ctx: &egui::Context) -> Self {
        Self {
            ctx: ctx.clone(),
            folder: None,
            entries: Vec::new(),
            list_error: None,
            job: None,
            selected: None,
            folder_text: String::new(),
        }
    }

    /// The listed folder.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// The listed scenarios.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Why the folder could not be listed.
    pub fn list_error(&self) -> Option<&str> {
        self.list_error.as_deref()
    }

    /// Lists `folder` (results of files listed before are kept).
    pub fn set_folder(&mut self, folder: Option<PathBuf>) {
        self.folder_text = folder
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        self.folder = folder;
        self.refresh();
    }

    /// Lists the folder again.
    pub fn refresh(&mut self) {
        let Some(folder) = &self.folder else {
            self.entries.clear();
            self.list_error = Some("No scenario folder: choose one, or type its path.".to_owned());
            return;
        };
        match scenario::collect(std::slice::from_ref(folder)) {
            Ok(paths) => {
                let old = std::mem::take(&mut self.entries);
                self.entries = paths
                    .into_iter()
                    .map(|path| {
                        old.iter()
                            .find(|e| e.path == path)
                            .cloned()
                            .unwrap_or_else(|| {
                                let name = path
                                    .file_stem()
                                    .map(|s| s.to_string_lossy().into_owned())
                                    .unwrap_or_default();
                                Entry {
                                    path,
                                    name,
                                    state: EntryState::NotRun,
                                }
                            })
                    })
                    .collect();
                self.list_error = self
                    .entries
                    .is_empty()
                    .then(|| format!("No scenario files (*.json) in {}", folder.display()));
            }
            Err(e) => {
                self.entries.clear();
                self.list_error = Some(e.to_string());
            }
        }
    }

    /// Runs these scenario files on the worker thread (cancelling a run in progress).
    pub fn run(&mut self, paths: Vec<PathBuf>) {
        if let Some((cancel, _)) = self.job.take() {
            cancel.store(true, Ordering::Relaxed);
        }
        for entry in &mut self.entries {
            if paths.contains(&entry.path) {
                entry.state = EntryState::Running;
            } else if matches!(entry.state, EntryState::Running) {
                entry.state = EntryState::NotRun;
            }
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel::<Message>();
        let (flag, ctx) = (Arc::clone(&cancel), self.ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("action-studio-tests".to_owned())
            .stack_size(ENGINE_THREAD_STACK_BYTES)
            .spawn(move || {
                for path in paths {
                    if flag.load(Ordering::Relaxed) {
                        break;
                    }
                    let result = scenario::load(&path)
                        .map(|loaded| scenario::run(&loaded))
                        .map_err(|e| e.to_string());
                    if tx.send((path, result)).is_err() {
                        break;
                    }
                    ctx.request_repaint();
                }
            });
        match spawned {
            Ok(_) => self.job = Some((cancel, rx)),
            Err(e) => self.list_error = Some(format!("Cannot start the test thread: {e}")),
        }
    }

    /// Takes finished scenarios; returns whether any arrived.
    pub fn poll(&mut self) -> bool {
        let Some((_, rx)) = &self.job else {
            return false;
        };
        let mut arrived = Vec::new();
        let ended = loop {
            match rx.try_recv() {
                Ok(message) => arrived.push(message),
                Err(TryRecvError::Empty) => break false,
                Err(TryRecvError::Disconnected) => break true,
            }
        };
        for (path, result) in &arrived {
            if let Some(entry) = self.entries.iter_mut().find(|e| &e.path == path) {
                entry.state = match result {
                    Ok(r) => {
                        entry.name.clone_from(&r.name);
                        EntryState::Done(Box::new(r.clone()))
                    }
                    Err(e) => EntryState::Broken(e.clone()),
                };
            }
        }
        if ended {
            self.job = None;
            for entry in &mut self.entries {
                if matches!(entry.state, EntryState::Running) {
                    entry.state = EntryState::NotRun;
                }
            }
        }
        !arrived.is_empty() || ended
    }

    /// Whether scenarios are running.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// `(passed, failed, not run)`.
    pub fn counts(&self) -> (usize, usize, usize) {
        let passed = self
            .entries
            .iter()
            .filter(|e| e.passed() == Some(true))
            .count();
        let failed = self
            .entries
            .iter()
            .filter(|e| e.passed() == Some(false))
            .count();
        (passed, failed, self.entries.len() - passed - failed)
    }
}

impl Drop for TestRunner {
    fn drop(&mut self) {
        if let Some((cancel, _)) = &self.job {
            cancel.store(true, Ordering::Relaxed);
        }
    }
}
