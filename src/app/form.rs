//! Widgets the event forms share. Each edits a `serde_json::Value` in place and returns whether
//! it changed it. A value of an unexpected type is shown as is (never silently "fixed"); the user
//! can change it in the JSON tab.

use std::collections::HashMap;

use egui::RichText;
use serde_json::{Map, Value};

use super::theme;
use crate::engine::event::type_name;

/// Text the user is typing in form fields that are not a plain JSON string: JSON snippets and
/// new keys. Cleared whenever the event changes from elsewhere.
#[derive(Debug, Default)]
pub struct FormBuffers {
    json: HashMap<String, (String, Option<String>)>,
    new_keys: HashMap<String, String>,
}

impl FormBuffers {
    /// Forgets all typing state (the event changed from elsewhere).
    pub fn clear(&mut self) {
        self.json.clear();
        self.new_keys.clear();
    }
}

/// Shows a value of an unexpected type, read-only.
pub fn wrong_type_ui(ui: &mut egui::Ui, value: &Value, expected: &str) {
    let json = serde_json::to_string(value).unwrap_or_default();
    ui.colored_label(
        theme::warning(ui),
        format!(
            "{}: {json} (expected {expected}; edit it in the JSON tab)",
            type_name(value)
        ),
    )
    .on_hover_text("Delivered to the action exactly as given");
}

/// A single-line text field for a JSON string.
pub fn text_ui(ui: &mut egui::Ui, value: &mut Value, label: egui::Id) -> bool {
    match value {
        Value::String(s) => ui
            .add(egui::TextEdit::singleline(s).desired_width(f32::INFINITY))
            .labelled_by(label)
            .changed(),
        other => {
            wrong_type_ui(ui, other, "a string");
            false
        }
    }
}

/// A drop-down of known values for a JSON string (an unknown current value stays selectable).
pub fn choice_ui(
    ui: &mut egui::Ui,
    value: &mut Value,
    id_salt: &str,
    options: &[&str],
    label: egui::Id,
) -> bool {
    let Value::String(current) = value else {
        wrong_type_ui(ui, value, "a string");
        return false;
    };
    let mut chosen = None;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(current.as_str())
        .show_ui(ui, |ui| {
            for option in options {
                if ui.selectable_label(current == option, *option).clicked() {
                    chosen = Some((*option).to_owned());
                }
            }
        })
        .response
        .labelled_by(label);
    match chosen {
        Some(c) if c != *current => {
            *current = c;
            true
        }
        _ => false,
    }
}

/// A number entry.
pub fn number_ui(ui: &mut egui::Ui, value: &mut Value, label: egui::Id) -> bool {
    let Some(mut n) = value.as_f64() else {
        wrong_type_ui(ui, value, "a number");
        return false;
    };
    let changed = ui
        .add(egui::DragValue::new(&mut n).speed(1.0))
        .labelled_by(label)
        .changed();
    if changed {
        *value = number(n);
    }
    changed
}

/// A 0–100 score slider with its value editable as a number (values outside the range are kept).
pub fn score_ui(ui: &mut egui::Ui, value: &mut Value, label: egui::Id) -> bool {
    let Some(mut n) = value.as_f64() else {
        wrong_type_ui(ui, value, "a number");
        return false;
    };
    ui.spacing_mut().slider_width = (ui.available_width() - 70.0).clamp(80.0, 220.0);
    let whole = n.fract() == 0.0;
    let slider = egui::Slider::new(&mut n, 0.0..=100.0)
        .step_by(1.0)
        .clamping(egui::SliderClamping::Never);
    let slider = if whole {
        slider.fixed_decimals(0)
    } else {
        slider.max_decimals(3)
    };
    let changed = ui.add(slider).labelled_by(label).changed();
    if changed {
        *value = number(n);
    }
    changed
}

/// A JSON number, written as an integer when it is one.
pub fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)]
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// A list of strings with remove buttons and a drop-down to add known values.
pub fn string_list_ui(
    ui: &mut egui::Ui,
    value: &mut Value,
    id_salt: &str,
    options: &[&str],
    label: egui::Id,
) -> bool {
    let Value::Array(items) = value else {
        wrong_type_ui(ui, value, "an array of strings");
        return false;
    };
    let mut changed = false;
    let mut remove = None;
    ui.vertical(|ui| {
        if items.is_empty() {
            ui.weak("(empty list)");
        }
        for (i, item) in items.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui.small_button("×").on_hover_text("Remove").clicked() {
                    remove = Some(i);
                }
                ui.label(
                    item.as_str()
                        .map_or_else(|| item.to_string(), str::to_owned),
                );
            });
        }
        let mut added = None;
        egui::ComboBox::from_id_salt(id_salt)
            .selected_text("Add…")
            .show_ui(ui, |ui| {
                for option in options
                    .iter()
                    .filter(|o| !items.iter().any(|i| i.as_str() == Some(o)))
                {
                    if ui.selectable_label(false, *option).clicked() {
                        added = Some((*option).to_owned());
                    }
                }
            })
            .response
            .labelled_by(label);
        if let Some(a) = added {
            items.push(Value::String(a));
            changed = true;
        }
    });
    if let Some(i) = remove {
        items.remove(i);
        changed = true;
    }
    changed
}

/// Key-value rows for an object of strings: edit values, remove keys, add a key.
pub fn key_values_ui(
    ui: &mut egui::Ui,
    value: &mut Value,
    key: &str,
    buffers: &mut FormBuffers,
    label: egui::Id,
) -> bool {
    let Value::Object(map) = value else {
        wrong_type_ui(ui, value, "an object");
        return false;
    };
    let mut changed = false;
    ui.vertical(|ui| {
        changed |= entries_ui(ui, map);
        ui.horizontal(|ui| {
            let new_key = buffers.new_keys.entry(key.to_owned()).or_default();
            ui.add(
                egui::TextEdit::singleline(new_key)
                    .hint_text("new key")
                    .desired_width(90.0),
            )
            .labelled_by(label);
            let fresh = !new_key.trim().is_empty() && !map.contains_key(new_key.trim());
            if ui
                .add_enabled(fresh, egui::Button::new("Add").small())
                .clicked()
            {
                map.insert(new_key.trim().to_owned(), Value::String(String::new()));
                new_key.clear();
                changed = true;
            }
        });
    });
    changed
}

fn entries_ui(ui: &mut egui::Ui, map: &mut Map<String, Value>) -> bool {
    let mut changed = false;
    let mut remove = None;
    for (k, v) in map.iter_mut() {
        ui.horizontal(|ui| {
            if ui
                .small_button("×")
                .on_hover_text(format!("Remove {k}"))
                .clicked()
            {
                remove = Some(k.clone());
            }
            let key_label = ui.label(RichText::new(k).monospace());
            match v {
                Value::String(s) => {
                    changed |= ui
                        .add(egui::TextEdit::singleline(s).desired_width(f32::INFINITY))
                        .labelled_by(key_label.id)
                        .changed()
                }
                other => {
                    ui.label(RichText::new(other.to_string()).monospace())
                        .on_hover_text("Edit non-string values in the JSON tab");
                }
            }
        });
    }
    if let Some(k) = remove {
        map.shift_remove(&k);
        changed = true;
    }
    changed
}

/// A multi-line JSON editor for any value; the text is kept while invalid, with the error shown.
pub fn json_ui(
    ui: &mut egui::Ui,
    value: &mut Value,
    key: &str,
    buffers: &mut FormBuffers,
    label: egui::Id,
) -> bool {
    let (text, error) = buffers.json.entry(key.to_owned()).or_insert_with(|| {
        (
            serde_json::to_string_pretty(value).unwrap_or_default(),
            None,
        )
    });
    let rows = text.lines().count().clamp(1, 8);
    let response = ui
        .add(
            egui::TextEdit::multiline(text)
                .code_editor()
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label);
    let mut changed = false;
    if response.changed() {
        match serde_json::from_str::<Value>(text) {
            Ok(parsed) => {
                *error = None;
                if parsed != *value {
                    *value = parsed;
                    changed = true;
                }
            }
            Err(e) => *error = Some(format!("line {}, column {}: {e}", e.line(), e.column())),
        }
    }
    if let Some(e) = error {
        ui.colored_label(
            theme::error(ui),
            format!("Not valid JSON, not applied yet ({e})"),
        );
    }
    changed
}
