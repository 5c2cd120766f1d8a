//! The metadata diff as a tree: nested keys indented under their parents, entries coloured by
//! kind (added, removed, changed) with old → new values.

use egui::RichText;
use serde_json::Value;

use super::theme;
use crate::engine::diff::ChangeKind;
use crate::engine::report::MetadataReport;

fn compact(value: Option<&Value>) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |v| serde_json::to_string(v).unwrap_or_default(),
    )
}

/// Draws one metadata object's changes.
pub fn metadata_ui(ui: &mut egui::Ui, name: &str, report: &MetadataReport) {
    if report.changes.is_empty() {
        ui.label(
            RichText::new(format!("{name}: unchanged"))
                .monospace()
                .weak(),
        );
        return;
    }
    ui.label(RichText::new(format!("{name}:")).monospace().strong());
    let mut previous: &[String] = &[];
    for change in &report.changes {
        let path = &change.path;
        let shared = previous
            .iter()
            .zip(path.iter())
            .take_while(|(a, b)| a == b)
            .count();
        // Parent keys not shown yet, as tree nodes.
        let parents = path.len().saturating_sub(1);
        for (depth, key) in path.iter().enumerate().take(parents).skip(shared) {
            ui.label(RichText::new(format!("{}▾ {key}", "  ".repeat(depth + 1))).monospace());
        }
        let depth = path.len().max(1);
        let key = path.last().map_or("(whole object)", String::as_str);
        let (sign, color) = theme::change(ui, change.kind);
        let text = match change.kind {
            ChangeKind::Added => format!("{sign} {key}: {}", compact(change.new.as_ref())),
            ChangeKind::Removed => format!("{sign} {key}: {}", compact(change.old.as_ref())),
            ChangeKind::Changed => format!(
                "{sign} {key}: {} → {}",
                compact(change.old.as_ref()),
                compact(change.new.as_ref())
            ),
        };
        let kind = match change.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        };
        ui.add(
            egui::Label::new(
                RichText::new(format!("{}{text}", "  ".repeat(depth)))
                    .monospace()
                    .color(color),
            )
            .wrap(),
        )
        .on_hover_text(format!("{kind}: {name}.{}", change.path_text()));
        previous = path;
    }
}
