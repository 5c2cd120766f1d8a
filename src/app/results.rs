//! The results panel: outcome banner, then api calls, metadata diff, claims and scopes, console,
//! notes and the raw report JSON. Read-only; clicks become commands (jump to line, copy).

use egui::{CollapsingHeader, RichText};

use super::command::Command;
use super::runner::Runner;
use super::{icons, results_calls, results_diff, theme};
use crate::engine::RunReport;

/// Draws the results panel.
pub fn results_ui(ui: &mut egui::Ui, runner: &Runner, commands: &mut Vec<Command>) {
    if runner.is_running() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("running…");
        });
    }
    if let Some(error) = runner.engine_error() {
        ui.colored_label(
            theme::error(ui),
            format!("The engine could not run: {error}"),
        );
    }
    let Some(report) = runner.report() else {
        ui.add_space(12.0);
        ui.label("Press ▶ Run (Ctrl+Enter) to run the action with this event, or turn on ↻ Live.");
        ui.weak("The outcome, api calls, metadata changes and console output appear here.");
        return;
    };
    outcome_banner_ui(ui, report, commands);
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .id_salt("results_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            CollapsingHeader::new(format!("API calls ({})", report.calls.len()))
                .id_salt("calls")
                .default_open(true)
                .show(ui, |ui| {
                    results_calls::calls_ui(ui, report, commands);
                });
            let changes = report.app_metadata.changes.len() + report.user_metadata.changes.len();
            CollapsingHeader::new(format!("Metadata changes ({changes})"))
                .id_salt("metadata")
                .default_open(true)
                .show(ui, |ui| {
                    results_diff::metadata_ui(ui, "app_metadata", &report.app_metadata);
                    results_diff::metadata_ui(ui, "user_metadata", &report.user_metadata);
                });
            let scopes = report
                .scopes
                .as_ref()
                .map_or(0, |s| s.added.len() + s.removed.len());
            CollapsingHeader::new(format!(
                "Claims and scopes ({})",
                report.claims.len() + scopes
            ))
            .id_salt("claims")
            .default_open(true)
            .show(ui, |ui| {
                results_calls::claims_ui(ui, report);
            });
            CollapsingHeader::new(format!("Console ({})", report.logs.len()))
                .id_salt("console")
                .default_open(true)
                .show(ui, |ui| {
                    console_ui(ui, report);
                });
            if !report.network.is_empty()
                || !report.cache.is_empty()
                || !report.transaction_metadata.is_null()
            {
                CollapsingHeader::new(format!(
                    "Network, cache and transaction ({})",
                    report.network.len() + report.cache.len()
                ))
                .id_salt("side-effects")
                .default_open(true)
                .show(ui, |ui| side_effects_ui(ui, report));
            }
            CollapsingHeader::new(format!("Notes and warnings ({})", report.notes.len()))
                .id_salt("notes")
                .default_open(true)
                .show(ui, |ui| {
                    if report.notes.is_empty() {
                        ui.weak("None.");
                    }
                    for note in &report.notes {
                        let (tag, color) = theme::note(ui, note.kind);
                        ui.horizontal_top(|ui| {
                            ui.label(RichText::new(format!("[{tag}]")).monospace().color(color));
                            ui.add(egui::Label::new(&note.text).wrap());
                        });
                    }
                });
            CollapsingHeader::new("Raw report JSON")
                .id_salt("raw")
                .default_open(false)
                .show(ui, |ui| {
                    let json = report.to_json();
                    if ui.button("Copy JSON").clicked() {
                        commands.push(Command::Copy(json.clone()));
                    }
                    ui.add(egui::Label::new(RichText::new(json).monospace().small()).wrap());
                });
        });
}

/// The outcome banner of a run: kind, summary, reason, error (click: go to its line), timing.
pub fn outcome_banner_ui(ui: &mut egui::Ui, report: &RunReport, commands: &mut Vec<Command>) {
    let outcome = &report.outcome;
    let (fill, text) = theme::outcome(ui, outcome.kind);
    egui::Frame::new()
        .fill(fill)
        .corner_radius(6.0)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                icons::outcome_icon_ui(ui, outcome.kind, text);
                ui.vertical(|ui| {
                    ui.label(
                        RichText::new(outcome.kind.label())
                            .size(19.0)
                            .strong()
                            .color(text),
                    );
                    // For an error the message comes once, below, with its line.
                    let summary = if report.error.is_some() {
                        "The action did not complete."
                    } else {
                        outcome.summary.as_str()
                    };
                    ui.add(egui::Label::new(RichText::new(summary).color(text)).wrap());
                });
            });
            if let Some(reason) = outcome.reason.as_ref().filter(|_| report.error.is_none()) {
                ui.add(
                    egui::Label::new(RichText::new(format!("Reason: {reason}")).color(text)).wrap(),
                );
            }
            if let Some(why) = &outcome.why {
                ui.add(egui::Label::new(RichText::new(why).italics().color(text)).wrap());
            }
            if !outcome.also.is_empty() {
                let also: Vec<&str> = outcome.also.iter().map(|k| k.label()).collect();
                ui.label(RichText::new(format!("Also requested: {}", also.join(", "))).color(text));
            }
            if let Some(error) = &report.error {
                let place = error
                    .line
                    .map(|l| {
                        format!(
                            " (line {l}{})",
                            error
                                .column
                                .map(|c| format!(", column {c}"))
                                .unwrap_or_default()
                        )
                    })
                    .unwrap_or_default();
                let line = ui.add(
                    egui::Label::new(
                        RichText::new(format!("{}: {}{place}", error.name, error.message))
                            .monospace()
                            .color(text),
                    )
                    .wrap()
                    .sense(egui::Sense::click()),
                );
                if let Some(l) = error.line
                    && line.on_hover_text("Go to this line").clicked()
                {
                    commands.push(Command::JumpToLine(l));
                }
            }
            ui.label(
                RichText::new(format!(
                    "{} · {} · ran in {:.1} ms",
                    report.trigger.id(),
                    report.handler,
                    report.duration_ms
                ))
                .small()
                .color(text),
            );
        });
}

fn console_ui(ui: &mut egui::Ui, report: &RunReport) {
    if report.logs.is_empty() {
        ui.weak("No console output.");
    }
    for log in &report.logs {
        let color = theme::log_level(ui, log.level);
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("[{:<5}]", log.level.name()))
                    .monospace()
                    .color(color),
            );
            ui.add(egui::Label::new(RichText::new(&log.text).monospace().color(color)).wrap());
        });
    }
}

/// fetch requests, the cache after the run and transaction metadata.
fn side_effects_ui(ui: &mut egui::Ui, report: &RunReport) {
    for n in &report.network {
        let status = n.status.map_or_else(
            || "refused: the network is off".to_owned(),
            |s| format!("HTTP {s} (mock)"),
        );
        ui.add(
            egui::Label::new(
                RichText::new(format!("{} {} → {status}", n.method, n.url)).monospace(),
            )
            .wrap(),
        );
        if let Some(body) = &n.body {
            ui.add(
                egui::Label::new(RichText::new(format!("  body: {body}")).monospace().weak())
                    .wrap(),
            );
        }
    }
    for e in &report.cache {
        ui.add(
            egui::Label::new(RichText::new(format!("cache {} = {:?}", e.key, e.value)).monospace())
                .wrap(),
        );
    }
    if !report.transaction_metadata.is_null() {
        ui.add(
            egui::Label::new(
                RichText::new(format!(
                    "transaction.metadata = {}",
                    report.transaction_metadata
                ))
                .monospace(),
            )
            .wrap(),
        );
    }
}
