//! Api calls (with a button per call that moves the editor to its line, arguments pretty-printed)
//! and the claims and scopes a run produced.

use egui::RichText;

use super::command::Command;
use super::theme;
use crate::engine::RunReport;
use crate::engine::report::TokenKind;

/// Compact JSON longer than this is also shown pretty-printed.
const LONG_ARG_CHARS: usize = 40;

/// Lists the api calls in order.
pub fn calls_ui(ui: &mut egui::Ui, report: &RunReport, commands: &mut Vec<Command>) {
    if report.calls.is_empty() {
        ui.weak("The action made no api calls.");
    }
    for call in &report.calls {
        ui.horizontal(|ui| {
            let jump = ui.add_enabled(
                call.line > 0,
                egui::Button::new(RichText::new(format!("line {}", call.line)).monospace()).small(),
            );
            if jump.on_hover_text("Show this line in the editor").clicked() {
                commands.push(Command::JumpToLine(call.line));
            }
            ui.add(egui::Label::new(RichText::new(&call.display).monospace()).wrap());
        });
        if let Some(rejected) = &call.rejected {
            ui.colored_label(
                theme::error(ui),
                format!("    rejected by Auth0: {rejected}"),
            );
        }
        // Objects and arrays too long to read inline are pretty-printed under the call.
        for arg in call
            .args
            .iter()
            .filter(|a| (a.is_object() || a.is_array()) && a.to_string().len() > LONG_ARG_CHARS)
        {
            let pretty = serde_json::to_string_pretty(arg).unwrap_or_default();
            ui.indent(("call_args", call.line, call.column, &call.display), |ui| {
                ui.add(egui::Label::new(RichText::new(pretty).monospace().weak()).wrap());
            });
        }
    }
}

/// Claims per token and scope changes.
pub fn claims_ui(ui: &mut egui::Ui, report: &RunReport) {
    if report.claims.is_empty() && report.scopes.is_none() {
        ui.weak("No custom claims or scope changes.");
    }
    for claim in &report.claims {
        let token = match claim.token {
            TokenKind::IdToken => "ID token",
            TokenKind::AccessToken => "access token",
        };
        let value = serde_json::to_string(&claim.value).unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            ui.weak(token);
            ui.label(RichText::new(format!("{} = {value}", claim.name)).monospace());
        });
        if let Some(dropped) = &claim.dropped {
            ui.colored_label(
                theme::warning(ui),
                format!("    dropped by Auth0: {dropped}"),
            );
        }
    }
    if let Some(scopes) = &report.scopes {
        let list = |v: &[String]| {
            if v.is_empty() {
                "—".to_owned()
            } else {
                v.join(" ")
            }
        };
        egui::Grid::new("scopes_grid")
            .num_columns(2)
            .show(ui, |ui| {
                for (name, values) in [
                    ("requested", &scopes.requested),
                    ("added", &scopes.added),
                    ("removed", &scopes.removed),
                    ("final", &scopes.result),
                ] {
                    ui.weak(format!("scopes {name}"));
                    ui.label(RichText::new(list(values)).monospace());
                    ui.end_row();
                }
            });
    }
}
