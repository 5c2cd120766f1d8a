//! Named colours and icons (outcomes, diff entries, log levels, error marks) for light and dark
//! themes. No other module writes a colour literal.

use egui::Color32;

use super::state::ThemeChoice;
use crate::engine::diff::ChangeKind;
use crate::engine::{LogLevel, NoteKind, OutcomeKind};

/// Applies the theme choice to the context.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    let preference = match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    };
    ctx.set_theme(preference);
}

fn pick(ui: &egui::Ui, dark: Color32, light: Color32) -> Color32 {
    if ui.visuals().dark_mode { dark } else { light }
}

/// Banner fill and text colour for an outcome.
pub fn outcome(ui: &egui::Ui, kind: OutcomeKind) -> (Color32, Color32) {
    let (dark, light) = match kind {
        OutcomeKind::Allowed => (
            Color32::from_rgb(30, 110, 55),
            Color32::from_rgb(205, 240, 212),
        ),
        OutcomeKind::MfaRequired => (
            Color32::from_rgb(35, 85, 150),
            Color32::from_rgb(208, 226, 250),
        ),
        OutcomeKind::Challenge | OutcomeKind::Enrollment | OutcomeKind::Prompt => (
            Color32::from_rgb(70, 70, 150),
            Color32::from_rgb(224, 224, 250),
        ),
        OutcomeKind::Redirect => (
            Color32::from_rgb(70, 70, 150),
            Color32::from_rgb(224, 224, 250),
        ),
        OutcomeKind::Denied | OutcomeKind::ValidationError => (
            Color32::from_rgb(150, 35, 35),
            Color32::from_rgb(250, 210, 210),
        ),
        OutcomeKind::SessionRevoked | OutcomeKind::RefreshTokenRevoked => (
            Color32::from_rgb(130, 30, 90),
            Color32::from_rgb(245, 210, 232),
        ),
        OutcomeKind::Error => (
            Color32::from_rgb(120, 40, 20),
            Color32::from_rgb(255, 220, 200),
        ),
        OutcomeKind::Timeout => (
            Color32::from_rgb(130, 95, 10),
            Color32::from_rgb(252, 236, 190),
        ),
    };
    let fill = pick(ui, dark, light);
    let text = pick(ui, Color32::WHITE, Color32::from_gray(20));
    (fill, text)
}

/// Sign and colour of a metadata diff entry.
pub fn change(ui: &egui::Ui, kind: ChangeKind) -> (&'static str, Color32) {
    match kind {
        ChangeKind::Added => (
            "+",
            pick(
                ui,
                Color32::from_rgb(110, 210, 120),
                Color32::from_rgb(20, 120, 40),
            ),
        ),
        ChangeKind::Removed => (
            "−",
            pick(
                ui,
                Color32::from_rgb(240, 110, 110),
                Color32::from_rgb(180, 30, 30),
            ),
        ),
        ChangeKind::Changed => (
            "~",
            pick(
                ui,
                Color32::from_rgb(235, 190, 90),
                Color32::from_rgb(150, 95, 0),
            ),
        ),
    }
}

/// Colour of a console line.
pub fn log_level(ui: &egui::Ui, level: LogLevel) -> Color32 {
    match level {
        LogLevel::Error => error(ui),
        LogLevel::Warn => warning(ui),
        LogLevel::Info => pick(
            ui,
            Color32::from_rgb(130, 180, 250),
            Color32::from_rgb(20, 80, 170),
        ),
        LogLevel::Debug | LogLevel::Trace => ui.visuals().weak_text_color(),
        LogLevel::Log => ui.visuals().text_color(),
    }
}

/// Tag and colour of a report note.
pub fn note(ui: &egui::Ui, kind: NoteKind) -> (&'static str, Color32) {
    match kind {
        NoteKind::Fidelity => (
            "fidelity",
            pick(
                ui,
                Color32::from_rgb(130, 180, 250),
                Color32::from_rgb(20, 80, 170),
            ),
        ),
        NoteKind::Warning => ("warning", warning(ui)),
        NoteKind::Limit => ("limit", error(ui)),
        NoteKind::Network => ("network", ui.visuals().weak_text_color()),
    }
}

/// Adds the monospace font as a fallback of the proportional one, for symbols (▶ ● → ▾) that
/// the default proportional font lacks.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let monospace = fonts
        .families
        .get(&egui::FontFamily::Monospace)
        .and_then(|f| f.first())
        .cloned();
    if let (Some(mono), Some(proportional)) = (
        monospace,
        fonts.families.get_mut(&egui::FontFamily::Proportional),
    ) && !proportional.contains(&mono)
    {
        proportional.push(mono);
    }
    ctx.set_fonts(fonts);
}

/// Error text colour.
pub fn error(ui: &egui::Ui) -> Color32 {
    pick(
        ui,
        Color32::from_rgb(255, 120, 110),
        Color32::from_rgb(190, 20, 20),
    )
}

/// Warning text colour.
pub fn warning(ui: &egui::Ui) -> Color32 {
    pick(
        ui,
        Color32::from_rgb(240, 190, 80),
        Color32::from_rgb(150, 90, 0),
    )
}

/// Background of the error line in the code editor.
pub fn error_line_fill(ui: &egui::Ui) -> Color32 {
    pick(
        ui,
        Color32::from_rgba_unmultiplied(200, 40, 40, 70),
        Color32::from_rgba_unmultiplied(255, 80, 80, 60),
    )
}

/// Background of the line the editor jumped to.
pub fn jump_line_fill(ui: &egui::Ui) -> Color32 {
    pick(
        ui,
        Color32::from_rgba_unmultiplied(90, 140, 255, 45),
        Color32::from_rgba_unmultiplied(60, 120, 255, 40),
    )
}

/// Decision-map colour of an outcome class: the Okabe–Ito colour-blind-safe palette (bluish
/// green, orange, yellow, sky blue, blue, vermillion, reddish purple, black), extended with
/// tints for the rarer classes. The same in both themes, so exported images match the screen.
pub const fn map_cell(kind: OutcomeKind) -> Color32 {
    match kind {
        OutcomeKind::Allowed => Color32::from_rgb(0, 158, 115),
        OutcomeKind::MfaRequired => Color32::from_rgb(230, 159, 0),
        OutcomeKind::Challenge => Color32::from_rgb(240, 228, 66),
        OutcomeKind::Enrollment => Color32::from_rgb(86, 180, 233),
        OutcomeKind::Redirect => Color32::from_rgb(0, 114, 178),
        OutcomeKind::Prompt => Color32::from_rgb(160, 210, 240),
        OutcomeKind::Denied => Color32::from_rgb(213, 94, 0),
        OutcomeKind::ValidationError => Color32::from_rgb(140, 60, 0),
        OutcomeKind::RefreshTokenRevoked => Color32::from_rgb(230, 180, 210),
        OutcomeKind::SessionRevoked => Color32::from_rgb(204, 121, 167),
        OutcomeKind::Error => Color32::from_rgb(0, 0, 0),
        OutcomeKind::Timeout => Color32::from_rgb(150, 150, 150),
    }
}

/// Outline of the cells a comparison found changed.
pub fn map_changed(ui: &egui::Ui) -> Color32 {
    pick(ui, Color32::WHITE, Color32::BLACK)
}

/// The current event's marker on the map.
pub fn map_marker(ui: &egui::Ui) -> Color32 {
    pick(ui, Color32::WHITE, Color32::BLACK)
}

/// Reference lines at the documented thresholds.
pub fn map_reference(ui: &egui::Ui) -> Color32 {
    pick(
        ui,
        Color32::from_rgba_unmultiplied(255, 255, 255, 200),
        Color32::from_rgba_unmultiplied(0, 0, 0, 190),
    )
}

/// Background of exported map images.
pub const MAP_EXPORT_BACKGROUND: Color32 = Color32::WHITE;

/// Tick marks and reference lines in exported map images.
pub const MAP_EXPORT_INK: Color32 = Color32::from_rgb(40, 40, 40);

/// Pass and fail colours of the Tests panel.
pub fn test_status(ui: &egui::Ui, passed: bool) -> Color32 {
    if passed {
        pick(
            ui,
            Color32::from_rgb(110, 210, 120),
            Color32::from_rgb(20, 120, 40),
        )
    } else {
        error(ui)
    }
}
