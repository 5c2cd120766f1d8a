//! The trigger picker: all seven triggers, each showing whether it carries Akamai signals and
//! which handler it expects; plus the handler picker for triggers that can resume.

use super::command::Command;
use crate::engine::{HandlerKind, Trigger};

fn signals_tag(trigger: Trigger) -> &'static str {
    if trigger.has_akamai() {
        "Akamai signals"
    } else {
        "no Akamai signals"
    }
}

/// Draws the trigger and handler pickers.
pub fn trigger_picker_ui(
    ui: &mut egui::Ui,
    trigger: Trigger,
    handler: HandlerKind,
    commands: &mut Vec<Command>,
) {
    let label = ui.label("Trigger:");
    egui::ComboBox::from_id_salt("trigger_picker")
        .selected_text(trigger.label())
        .width(210.0)
        .show_ui(ui, |ui| {
            for t in Trigger::ALL {
                let text = format!(
                    "{}  ·  {}  ·  {}",
                    t.label(),
                    t.execute_handler(),
                    signals_tag(t)
                );
                if ui
                    .selectable_label(t == trigger, text)
                    .on_hover_text(t.signals_note())
                    .clicked()
                    && t != trigger
                {
                    commands.push(Command::SetTrigger(t));
                }
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text(format!(
            "{} ({}): {}",
            trigger.id(),
            trigger.execute_handler(),
            trigger.signals_note()
        ));
    if let Some(continue_handler) = trigger.continue_handler() {
        let label = ui.label("Handler:");
        let name = |h: HandlerKind| {
            if h == HandlerKind::Continue {
                continue_handler
            } else {
                trigger.execute_handler()
            }
        };
        egui::ComboBox::from_id_salt("handler_picker")
            .selected_text(name(handler))
            .show_ui(ui, |ui| {
                for h in [HandlerKind::Execute, HandlerKind::Continue] {
                    if ui.selectable_label(h == handler, name(h)).clicked() && h != handler {
                        commands.push(Command::SetHandler(h));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    } else {
        ui.weak(trigger.execute_handler())
            .on_hover_text("The export Auth0 calls for this trigger");
    }
    let tag = signals_tag(trigger);
    if trigger.has_akamai() {
        ui.label(tag).on_hover_text(trigger.signals_note());
    } else {
        ui.weak(tag).on_hover_text(trigger.signals_note());
    }
}
