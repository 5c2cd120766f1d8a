//! The only place that opens native file dialogs (rfd, xdg-portal backend, zenity fallback).
//!
//! rfd returns `None` both when the user cancels and when no dialog can be shown (no portal and
//! no zenity). The studio must say so instead of doing nothing, so [`Picked::Unavailable`] is
//! returned when no backend looks reachable or when the dialog "closed" faster than a person could.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A dialog that closes faster than this never appeared on screen.
const FASTEST_HUMAN_CANCEL: Duration = Duration::from_millis(150);

/// What a file dialog gave back.
#[derive(Debug, PartialEq, Eq)]
pub enum Picked {
    /// The user chose this path.
    Path(PathBuf),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog could be shown on this system.
    Unavailable,
}

/// Why dialogs are unavailable, for the UI.
pub const UNAVAILABLE_TEXT: &str = "No file dialog is available here (it needs xdg-desktop-portal or zenity). Type the file path instead.";

/// A file-type filter of a dialog: its name and extensions.
pub type Filter<'a> = (&'a str, &'a [&'a str]);

/// JavaScript action files.
pub const JS: Filter<'static> = ("JavaScript", &["js", "mjs", "cjs"]);
/// Scenario files.
pub const JSON: Filter<'static> = ("Scenario (JSON)", &["json"]);

fn dialog(title: &str, filters: &[Filter<'_>], start_dir: Option<&Path>) -> rfd::FileDialog {
    let mut dialog = rfd::FileDialog::new().set_title(title);
    for (name, extensions) in filters {
        dialog = dialog.add_filter(*name, extensions);
    }
    if let Some(dir) = start_dir {
        dialog = dialog.set_directory(dir);
    }
    dialog
}

/// Asks for an action file to open.
pub fn pick_open(start_dir: Option<&Path>) -> Picked {
    pick_open_file("Open action", &[JS, ("All files", &["*"])], start_dir)
}

/// Asks where to save the action.
pub fn pick_save(start_dir: Option<&Path>, file_name: &str) -> Picked {
    pick_save_file(
        "Save action as",
        &[("JavaScript", &["js"])],
        start_dir,
        file_name,
    )
}

/// Asks for a file to open.
pub fn pick_open_file(title: &str, filters: &[Filter<'_>], start_dir: Option<&Path>) -> Picked {
    let dialog = dialog(title, filters, start_dir);
    timed(|| dialog.pick_file())
}

/// Asks where to save a file.
pub fn pick_save_file(
    title: &str,
    filters: &[Filter<'_>],
    start_dir: Option<&Path>,
    file_name: &str,
) -> Picked {
    let dialog = dialog(title, filters, start_dir).set_file_name(file_name);
    timed(|| dialog.save_file())
}

/// Asks for a folder.
pub fn pick_folder(title: &str, start_dir: Option<&Path>) -> Picked {
    let dialog = dialog(title, &[], start_dir);
    timed(|| dialog.pick_folder())
}

fn timed(show: impl FnOnce() -> Option<PathBuf>) -> Picked {
    if !backend_reachable() {
        return Picked::Unavailable;
    }
    let started = Instant::now();
    match show() {
        Some(path) => Picked::Path(path),
        None if started.elapsed() < FASTEST_HUMAN_CANCEL => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}

/// Whether a portal (through the D-Bus session bus) or zenity could answer.
pub fn backend_reachable() -> bool {
    session_bus_present() || on_path("zenity")
}

fn session_bus_present() -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty()) {
        return true;
    }
    std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|dir| Path::new(&dir).join("bus").exists())
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}
