//! The code editor: syntect highlighting (egui_extras), a line-number gutter, Tab inserting
//! spaces, the error line of the last run marked, and jumping to a line from the results.

use egui::text::{CCursor, CCursorRange, LayoutJob};
use egui::text_edit::TextEditState;
use egui::{Key, Modifiers, TextFormat};
use egui_extras::syntax_highlighting::{CodeTheme, highlight};

use super::command::Command;
use super::state::PersistedState;
use super::{EditorState, theme};
use crate::engine::RunReport;

/// What Tab inserts.
const INDENT: &str = "  ";
/// Vertical margin inside the editor, shared with the gutter so numbers line up with text.
const MARGIN_Y: f32 = 4.0;

/// Draws the editor panel.
pub fn code_editor_ui(
    ui: &mut egui::Ui,
    state: &mut PersistedState,
    editor: &mut EditorState,
    report: Option<&RunReport>,
    commands: &mut Vec<Command>,
) {
    let error = report.and_then(|r| r.error.as_ref());
    let error_line = error.and_then(|e| e.line);
    let label = ui
        .horizontal(|ui| {
            let label = ui.strong("Action code");
            let marker = if state.is_modified() {
                " ● modified"
            } else {
                ""
            };
            ui.label(format!("{}{marker}", state.document_name()));
            if let (Some(e), Some(line)) = (error, error_line) {
                let text = format!("{} at line {line}: {}", e.name, e.message);
                let link = ui.add(
                    egui::Button::new(egui::RichText::new(text).color(theme::error(ui)))
                        .frame(false)
                        .truncate(),
                );
                if link.on_hover_text("Go to the error line").clicked() {
                    commands.push(Command::JumpToLine(line));
                }
            }
            label
        })
        .inner;
    ui.separator();

    let id = egui::Id::unique("action_code_editor");
    insert_spaces_for_tab(ui, id, &mut state.code);
    if let Some(line) = editor.jump_to {
        place_cursor_at_line(ui, id, &state.code, line);
    }

    let code_theme = CodeTheme::from_memory(ui.ctx(), ui.style());
    let mut layouter = |ui: &egui::Ui, buf: &dyn egui::TextBuffer, _wrap_width: f32| {
        let mut job = highlight(ui.ctx(), ui.style(), &code_theme, buf.as_str(), "js");
        job.wrap.max_width = f32::INFINITY;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    egui::ScrollArea::both()
        .id_salt("code_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                gutter_ui(ui, &state.code, error_line, editor.highlighted);
                let output = egui::TextEdit::multiline(&mut state.code)
                    .id(id)
                    .code_editor()
                    .lock_focus(true)
                    .frame(egui::Frame::NONE)
                    .margin(egui::Margin::symmetric(6, MARGIN_Y as i8))
                    .desired_width(f32::INFINITY)
                    .desired_rows(30)
                    .layouter(&mut layouter)
                    .show(ui);
                output.response.response.clone().labelled_by(label.id);
                if output.response.response.changed() {
                    commands.push(Command::CodeEdited);
                }
                let row_rect = |line: u32| {
                    let index = usize::try_from(line).unwrap_or(1).saturating_sub(1);
                    output.galley.rows.get(index).map(|row| {
                        let r = row.rect().translate(output.galley_pos.to_vec2());
                        egui::Rect::from_x_y_ranges(output.text_clip_rect.x_range(), r.y_range())
                    })
                };
                for (line, fill) in [
                    (error_line, theme::error_line_fill(ui)),
                    (editor.highlighted, theme::jump_line_fill(ui)),
                ] {
                    if let Some(rect) = line.and_then(row_rect) {
                        ui.painter().rect_filled(rect, 0.0, fill);
                    }
                }
                if let Some(line) = editor.jump_to.take() {
                    if let Some(rect) = row_rect(line) {
                        ui.scroll_to_rect(rect.expand(40.0), Some(egui::Align::Center));
                    }
                    editor.highlighted = Some(line);
                }
            });
        });
}

/// Line numbers, error line in the error colour, aligned with the editor's rows.
fn gutter_ui(ui: &mut egui::Ui, code: &str, error_line: Option<u32>, highlighted: Option<u32>) {
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let lines = code.split('\n').count();
    let width = lines.to_string().len().max(2);
    let mut job = LayoutJob::default();
    for n in 1..=lines {
        let number = u32::try_from(n).ok();
        let color = if number == error_line {
            theme::error(ui)
        } else if number == highlighted {
            ui.visuals().strong_text_color()
        } else {
            ui.visuals().weak_text_color()
        };
        let text = format!("{n:>width$}{}", if n < lines { "\n" } else { "" });
        job.append(&text, 0.0, TextFormat::simple(font.clone(), color));
    }
    ui.vertical(|ui| {
        ui.add_space(MARGIN_Y);
        ui.add(egui::Label::new(job).selectable(false));
    });
}

/// Tab in the focused editor inserts spaces instead of a tab character.
fn insert_spaces_for_tab(ui: &egui::Ui, id: egui::Id, code: &mut String) {
    if !ui.memory(|m| m.has_focus(id))
        || !ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Tab))
    {
        return;
    }
    let mut edit_state = TextEditState::load(ui.ctx(), id).unwrap_or_default();
    let range = edit_state
        .cursor
        .char_range()
        .map(|r| r.as_sorted_char_range());
    let (start, end) = range.map_or((code.chars().count(), code.chars().count()), |r| {
        (r.start.0, r.end.0)
    });
    let byte = |chars: usize| {
        code.char_indices()
            .nth(chars)
            .map_or(code.len(), |(b, _)| b)
    };
    let (start_byte, end_byte) = (byte(start), byte(end));
    code.replace_range(start_byte..end_byte, INDENT);
    let cursor = CCursor::new(start + INDENT.chars().count());
    edit_state
        .cursor
        .set_char_range(Some(CCursorRange::one(cursor)));
    edit_state.store(ui.ctx(), id);
}

/// Moves the editor's cursor to the start of a 1-based line and focuses it.
fn place_cursor_at_line(ui: &egui::Ui, id: egui::Id, code: &str, line: u32) {
    let wanted = usize::try_from(line).unwrap_or(1).saturating_sub(1);
    let mut index = 0;
    if wanted > 0 {
        let mut seen = 0;
        for (i, c) in code.chars().enumerate() {
            if c == '\n' {
                seen += 1;
                if seen == wanted {
                    index = i + 1;
                    break;
                }
            }
        }
    }
    let mut edit_state = TextEditState::load(ui.ctx(), id).unwrap_or_default();
    edit_state
        .cursor
        .set_char_range(Some(CCursorRange::one(CCursor::new(index))));
    edit_state.store(ui.ctx(), id);
    ui.memory_mut(|m| m.request_focus(id));
}
