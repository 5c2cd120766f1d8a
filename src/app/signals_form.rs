//! The Akamai part of the event builder: present switches for the whole object, each signal and
//! each field, score sliders, and fitting widgets for every other signal field.

use egui::RichText;
use serde_json::{Value, json};

use super::form::{self, FormBuffers};
use crate::engine::Trigger;
use crate::engine::event::{self, AKAMAI_POINTER, Signal};

/// Draws the Akamai section; returns whether the event changed.
pub fn signals_ui(
    ui: &mut egui::Ui,
    trigger: Trigger,
    event_value: &mut Value,
    buffers: &mut FormBuffers,
) -> bool {
    if !trigger.has_akamai() {
        ui.label(
            RichText::new(format!(
                "Unavailable for {}: {}.",
                trigger.label(),
                trigger.signals_note()
            ))
            .italics(),
        );
        if event::akamai(event_value).is_some() {
            ui.label(
                "This event carries an Akamai object anyway; edit or remove it in the JSON tab.",
            );
        }
        return false;
    }
    let mut changed = false;
    let mut present = event::akamai(event_value).is_some();
    if ui
        .checkbox(&mut present, "Akamai object present")
        .on_hover_text(trigger.signals_note())
        .changed()
    {
        event::set_akamai_present(event_value, present);
        changed = true;
    }
    if !present {
        ui.weak("The action receives no supplemental.akamai object: the case policies most often get wrong.");
        return changed;
    }
    for signal in Signal::ALL {
        let title = match signal {
            Signal::Bot => "akamaiBot (Bot Manager)",
            Signal::UserRisk => "akamaiUserRisk (Account Protector)",
        };
        egui::CollapsingHeader::new(title)
            .id_salt(signal.key())
            .default_open(true)
            .show(ui, |ui| {
                changed |= signal_ui(ui, signal, event_value, buffers);
            });
    }
    changed
}

fn signal_ui(
    ui: &mut egui::Ui,
    signal: Signal,
    event_value: &mut Value,
    buffers: &mut FormBuffers,
) -> bool {
    let mut changed = false;
    let mut present = event::signal(event_value, signal).is_some();
    if ui
        .checkbox(&mut present, format!("{} present", signal.key()))
        .changed()
    {
        event::set_signal_present(event_value, signal, present);
        changed = true;
    }
    if !present {
        return changed;
    }
    if !event::signal(event_value, signal).is_some_and(Value::is_object) {
        ui.label("Not an object; edit it in the JSON tab.");
        return changed;
    }
    egui::Grid::new(("signal_grid", signal.key()))
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for field in signal.fields() {
                changed |= field_row_ui(ui, signal, field, event_value, buffers);
                ui.end_row();
            }
        });
    changed
}

/// The value a field gets when switched on: the default signal's, or an empty value.
fn default_field(signal: Signal, field: &str) -> Value {
    signal
        .default_object()
        .get(field)
        .cloned()
        .unwrap_or_else(|| json!(""))
}

fn field_row_ui(
    ui: &mut egui::Ui,
    signal: Signal,
    field: &str,
    event_value: &mut Value,
    buffers: &mut FormBuffers,
) -> bool {
    let pointer = format!("{AKAMAI_POINTER}/{}/{field}", signal.key());
    let mut present = event_value.pointer(&pointer).is_some();
    let toggle = ui
        .checkbox(&mut present, field)
        .on_hover_text(format!("{}.{field} present", signal.key()));
    let mut changed = false;
    if toggle.changed() {
        event::set_signal_field(
            event_value,
            signal,
            field,
            present.then(|| default_field(signal, field)),
        );
        changed = true;
    }
    let label = toggle.id;
    let Some(value) = event_value.pointer_mut(&pointer) else {
        ui.weak("absent");
        return changed;
    };
    let salt = format!("{}.{field}", signal.key());
    changed |= match (signal, field) {
        (_, f) if f == signal.score_field() => form::score_ui(ui, value, label),
        (Signal::Bot, "type") => form::choice_ui(ui, value, &salt, &event::BOT_TYPES, label),
        (Signal::Bot, "action") => form::choice_ui(ui, value, &salt, &event::BOT_ACTIONS, label),
        (Signal::Bot, "botScoreResponseSegment") => {
            form::choice_ui(ui, value, &salt, &event::BOT_SEGMENTS, label)
        }
        (Signal::Bot, "botCategory") => {
            form::string_list_ui(ui, value, &salt, &event::BOT_CATEGORIES, label)
        }
        (Signal::UserRisk, "action") => {
            form::choice_ui(ui, value, &salt, &event::USER_RISK_ACTIONS, label)
        }
        (Signal::UserRisk, "status" | "allow") => form::number_ui(ui, value, label),
        (Signal::UserRisk, "risk" | "trust" | "general") => {
            form::key_values_ui(ui, value, &salt, buffers, label)
        }
        _ => form::text_ui(ui, value, label),
    };
    changed
}
