//! The event fields actions read most, besides the Akamai signals: user, metadata, session,
//! authentication methods, Auth0 risk confidence, request, client, connection and secrets.
//! A row shows only when the trigger's event has the object that holds it.

use serde_json::Value;

use super::form::{self, FormBuffers};
use super::json_path;
use crate::engine::event::{self, CONFIDENCE_VALUES};

/// How a field is edited.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Json,
    KeyValues,
    Confidence,
}

/// Label, JSON pointer and widget of every field, in display order.
const FIELDS: &[(&str, &str, Kind)] = &[
    ("user.email", "/user/email", Kind::Text),
    ("user.user_id", "/user/user_id", Kind::Text),
    ("user.username", "/user/username", Kind::Text),
    ("user.app_metadata", "/user/app_metadata", Kind::Json),
    ("user.user_metadata", "/user/user_metadata", Kind::Json),
    ("session.id", "/session/id", Kind::Text),
    (
        "riskAssessment.confidence",
        "/authentication/riskAssessment/confidence",
        Kind::Confidence,
    ),
    ("request.ip", "/request/ip", Kind::Text),
    (
        "request.geoip.countryCode",
        "/request/geoip/countryCode",
        Kind::Text,
    ),
    ("client.client_id", "/client/client_id", Kind::Text),
    ("client.name", "/client/name", Kind::Text),
    ("connection.name", "/connection/name", Kind::Text),
    ("connection.strategy", "/connection/strategy", Kind::Text),
    ("secrets", "/secrets", Kind::KeyValues),
];

/// Draws the other fields; returns whether the event changed.
pub fn other_fields_ui(
    ui: &mut egui::Ui,
    event_value: &mut Value,
    buffers: &mut FormBuffers,
) -> bool {
    let mut changed = false;
    egui::Grid::new("other_fields_grid")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (label_text, pointer, kind) in FIELDS {
                if !json_path::parent_exists(event_value, pointer) {
                    continue;
                }
                let label = ui.label(*label_text);
                match event_value.pointer_mut(pointer) {
                    Some(value) => {
                        changed |= match kind {
                            Kind::Text => form::text_ui(ui, value, label.id),
                            Kind::Json => form::json_ui(ui, value, pointer, buffers, label.id),
                            Kind::KeyValues => {
                                form::key_values_ui(ui, value, pointer, buffers, label.id)
                            }
                            Kind::Confidence => {
                                form::choice_ui(ui, value, pointer, &CONFIDENCE_VALUES, label.id)
                            }
                        };
                    }
                    None => {
                        if ui
                            .button("absent: add")
                            .on_hover_text(format!("Add {label_text}"))
                            .clicked()
                        {
                            let empty = match kind {
                                Kind::Json | Kind::KeyValues => {
                                    Value::Object(serde_json::Map::new())
                                }
                                Kind::Text => Value::String(String::new()),
                                Kind::Confidence => Value::String(CONFIDENCE_VALUES[0].to_owned()),
                            };
                            changed |= json_path::set(event_value, pointer, empty);
                        }
                    }
                }
                ui.end_row();
            }
            if event_value
                .pointer("/authentication/methods")
                .is_some_and(Value::is_array)
            {
                ui.label("authentication.methods");
                ui.horizontal_wrapped(|ui| {
                    for name in event::AUTHENTICATION_METHOD_NAMES {
                        let mut on = event::has_authentication_method(event_value, name);
                        if ui
                            .checkbox(&mut on, name)
                            .on_hover_text(format!("A `{name}` entry in authentication.methods"))
                            .changed()
                        {
                            event::set_authentication_method(event_value, name, on);
                            changed = true;
                        }
                    }
                });
                ui.end_row();
            }
        });
    changed
}
