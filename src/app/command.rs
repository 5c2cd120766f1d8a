//! What panels ask for: every side effect (files, dialogs, runs, samples) is a [`Command`],
//! carried out after the frame is drawn by `StudioApp::handle` (see `handle.rs`).

use std::path::PathBuf;

use crate::engine::event::Preset;
use crate::engine::{HandlerKind, Trigger};

/// An action that replaces or closes the user's code, so unsaved changes are guarded first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guarded {
    /// Start a new, empty action.
    New,
    /// Ask for a file to open.
    OpenDialog,
    /// Open this file.
    Open(PathBuf),
    /// Load a bundled sample (by file name).
    LoadSample(&'static str),
    /// Ask for a scenario file to open.
    OpenScenarioDialog,
    /// Load this scenario's trigger, event and first action.
    OpenScenario(PathBuf),
    /// Close the window.
    Quit,
}

/// What to export the decision map as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapExport {
    /// One row per cell: `bot_score,user_risk,outcome,reason`.
    Csv,
    /// The cells' colours as an image.
    Png,
}

/// Decision-map requests (handled in `map_commands.rs`).
#[derive(Clone, Debug, PartialEq)]
pub enum MapCommand {
    /// Sweep the whole grid now at the chosen step, on every core.
    Sweep,
    /// Stop the sweep in progress (the last complete map stays).
    Cancel,
    /// Put these scores in the event (`None`: that signal absent) and run.
    LoadCell {
        /// Bot score, or `None` for "bot signal missing".
        bot: Option<f64>,
        /// User risk, or `None` for "user risk missing".
        risk: Option<f64>,
    },
    /// Compare the editor's code with the saved version (the file on disk, or the sample as loaded).
    CompareWithSaved,
    /// Ask for another action file to compare with.
    CompareDialog,
    /// Compare the editor's code with this action file.
    CompareWith(PathBuf),
    /// Hide the comparison.
    ClearCompare,
    /// Ask where to export the map.
    ExportDialog(MapExport),
    /// Export the map to this path.
    Export(MapExport, PathBuf),
}

/// Scenario and Tests-panel requests (handled in `scenario_commands.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioCommand {
    /// Ask where to save the current case as a scenario.
    SaveDialog,
    /// Save the current trigger, event, action and last result as a scenario file here.
    Save(PathBuf),
    /// Ask for the folder the Tests panel lists.
    ChooseFolder,
    /// List the scenarios of this folder in the Tests panel.
    SetFolder(PathBuf),
    /// List the folder's scenarios again.
    Refresh,
    /// Run every listed scenario (on a worker thread).
    RunAll,
    /// Run one scenario file.
    RunOne(PathBuf),
}

/// A request from the UI, handled once per frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Run the action now (supersedes a run in progress).
    Run,
    /// Do this after checking for unsaved changes.
    Guarded(Guarded),
    /// Do this now (the user chose Discard, or nothing was modified).
    Proceed(Guarded),
    /// Save, then do this (the user chose Save in the unsaved-changes dialog).
    SaveThen(Guarded),
    /// Save to the current file (asks for a path when there is none).
    Save,
    /// Save even though the file changed on disk, then maybe continue.
    ForceSave(Option<Guarded>),
    /// Ask for a path, save there, then maybe continue.
    SaveAsDialog(Option<Guarded>),
    /// Save to this path, then maybe continue.
    SaveAs(PathBuf, Option<Guarded>),
    /// Select a trigger.
    SetTrigger(Trigger),
    /// Select the handler to call.
    SetHandler(HandlerKind),
    /// Apply a signal preset to the event.
    ApplyPreset(Preset),
    /// Replace the event with the trigger's default event.
    ResetEvent,
    /// Replace the event with the trigger's sample event (`samples/events/<trigger>.json`).
    LoadSampleEvent,
    /// The event changed in the builder or JSON tab (re-run in Live mode).
    EventEdited,
    /// The code changed in the editor (re-run in Live mode).
    CodeEdited,
    /// Move the editor's cursor to this 1-based line and scroll to it.
    JumpToLine(u32),
    /// Put this text on the clipboard.
    Copy(String),
    /// Forget the recent files.
    ClearRecentFiles,
    /// A decision-map request.
    Map(MapCommand),
    /// A scenario or Tests-panel request.
    Scenario(ScenarioCommand),
}
