//! Outcome icons drawn with the painter (the bundled fonts have no emoji): a check, a padlock,
//! an arrow, a no-entry sign, a crossed circle, a warning triangle and a clock.

use egui::{Color32, Pos2, Shape, Stroke, pos2, vec2};

use crate::engine::OutcomeKind;

/// Icon size in points.
const SIZE: f32 = 26.0;

/// Draws the icon of an outcome kind in `color`.
pub fn outcome_icon_ui(ui: &mut egui::Ui, kind: OutcomeKind, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(vec2(SIZE, SIZE), egui::Sense::hover());
    let painter = ui.painter_at(rect.expand(2.0));
    let c = rect.center();
    let r = SIZE * 0.42;
    let stroke = Stroke::new(2.4, color);
    let at = |x: f32, y: f32| pos2(c.x + x * r, c.y + y * r);
    match kind {
        OutcomeKind::Allowed => {
            painter.add(Shape::line(
                vec![at(-0.75, 0.05), at(-0.25, 0.6), at(0.8, -0.6)],
                Stroke::new(3.2, color),
            ));
        }
        OutcomeKind::MfaRequired
        | OutcomeKind::Challenge
        | OutcomeKind::Enrollment
        | OutcomeKind::Prompt => {
            let body = egui::Rect::from_min_max(at(-0.7, -0.1), at(0.7, 0.9));
            painter.rect_filled(body, 2.0, color);
            let shackle: Vec<Pos2> = (0..=12)
                .map(|i| {
                    let a = std::f32::consts::PI * (i as f32 / 12.0);
                    at(-0.42 * a.cos(), -0.1 - 0.75 * a.sin())
                })
                .collect();
            painter.add(Shape::line(shackle, stroke));
        }
        OutcomeKind::Redirect => {
            painter.line_segment([at(-0.8, 0.0), at(0.7, 0.0)], stroke);
            painter.add(Shape::line(
                vec![at(0.2, -0.5), at(0.75, 0.0), at(0.2, 0.5)],
                stroke,
            ));
        }
        OutcomeKind::Denied | OutcomeKind::ValidationError => {
            painter.circle_stroke(c, r, stroke);
            painter.line_segment([at(-0.7, 0.7), at(0.7, -0.7)], stroke);
        }
        OutcomeKind::SessionRevoked | OutcomeKind::RefreshTokenRevoked => {
            painter.circle_stroke(c, r, stroke);
            painter.line_segment([at(-0.45, -0.45), at(0.45, 0.45)], stroke);
            painter.line_segment([at(-0.45, 0.45), at(0.45, -0.45)], stroke);
        }
        OutcomeKind::Error => {
            painter.add(Shape::closed_line(
                vec![at(0.0, -0.95), at(0.95, 0.8), at(-0.95, 0.8)],
                stroke,
            ));
            painter.line_segment([at(0.0, -0.35), at(0.0, 0.25)], stroke);
            painter.circle_filled(at(0.0, 0.52), 1.6, color);
        }
        OutcomeKind::Timeout => {
            painter.circle_stroke(c, r, stroke);
            painter.line_segment([c, at(0.0, -0.65)], stroke);
            painter.line_segment([c, at(0.45, 0.2)], stroke);
        }
    }
}
