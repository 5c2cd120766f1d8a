//! Keyboard shortcuts: one table used both to handle keys and to list them in the Help menu.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::command::{Command, Guarded, MapCommand, ScenarioCommand};

/// Run the action.
pub const RUN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
/// Save.
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
/// Save as.
pub const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
/// Open.
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
/// New action.
pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
/// Sweep the decision map.
pub const SWEEP: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Enter);
/// Run every scenario of the Tests panel.
pub const RUN_TESTS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::T);
/// Quit.
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);

/// Takes this frame's shortcut presses (before widgets see them) and returns their commands.
pub fn consume(ctx: &egui::Context) -> Vec<Command> {
    let table = [
        // Save As first: it also matches Save when Shift is ignored.
        (SAVE_AS, Command::SaveAsDialog(None)),
        (SAVE, Command::Save),
        // Sweep before Run, for the same reason.
        (SWEEP, Command::Map(MapCommand::Sweep)),
        (RUN, Command::Run),
        (RUN_TESTS, Command::Scenario(ScenarioCommand::RunAll)),
        (OPEN, Command::Guarded(Guarded::OpenDialog)),
        (NEW, Command::Guarded(Guarded::New)),
        (QUIT, Command::Guarded(Guarded::Quit)),
    ];
    ctx.input_mut(|input| {
        table
            .into_iter()
            .filter(|(shortcut, _)| input.consume_shortcut(shortcut))
            .map(|(_, command)| command)
            .collect()
    })
}

/// Keys and descriptions for the Help menu and the shortcuts dialog.
pub fn help_rows(ctx: &egui::Context) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = [
        (RUN, "Run the action"),
        (
            SWEEP,
            "Sweep the decision map (every bot score × user risk)",
        ),
        (RUN_TESTS, "Run every scenario in the Tests panel"),
        (NEW, "New action"),
        (OPEN, "Open an action file"),
        (SAVE, "Save"),
        (SAVE_AS, "Save as"),
        (QUIT, "Quit (asks about unsaved changes)"),
    ]
    .into_iter()
    .map(|(shortcut, what)| (ctx.format_shortcut(&shortcut), what))
    .collect();
    rows.push(("Tab".to_owned(), "In the editor: insert two spaces"));
    rows.push((
        "Click an API call".to_owned(),
        "Move the editor to that line",
    ));
    rows.push((
        "Click a map cell".to_owned(),
        "Load its scores into the event and run",
    ));
    rows.push(("Esc".to_owned(), "Close a dialog or menu"));
    rows
}
