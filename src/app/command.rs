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
    /// Close the window.
    Quit,
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
}
