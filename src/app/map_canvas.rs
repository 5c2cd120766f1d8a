//! The decision map's canvas, painted with the egui painter: one rect per cell (bot score right,
//! user risk up), the "bot signal missing" column and "user risk missing" row beside the grid,
//! the all-missing cell in their corner, ticks every 10 points, reference lines, the current
//! event's marker and the cells a comparison changed. Hover shows a cell; a click loads it.

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, pos2, vec2};

use super::command::{Command, MapCommand};
use super::map_export::axis_index;
use super::theme;
use crate::engine::sweep::{Cell, Comparison, SweepResult, fmt_num};

/// Bot score of the vertical reference line: the samples deny from 80 (Akamai's "likely bot" range).
pub const REFERENCE_BOT: f64 = 80.0;
/// User risk of the horizontal reference line: the samples act from 90 (Akamai's high-risk range).
pub const REFERENCE_RISK: f64 = 90.0;
/// Accessible name of the canvas.
pub const CANVAS_LABEL: &str = "Decision map grid";

const LEFT: f32 = 50.0;
const TOP: f32 = 20.0;
const GAP: f32 = 8.0;
const RIGHT: f32 = 8.0;
const BOTTOM: f32 = 40.0;
const MIN_STRIP: f32 = 12.0;

/// A place on the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spot {
    /// A grid cell: (bot index, risk index).
    Grid(usize, usize),
    /// The bot-signal-missing column, at this risk index.
    BotMissing(usize),
    /// The user-risk-missing row, at this bot index.
    RiskMissing(usize),
    /// Both signals (the whole Akamai object) missing.
    AllMissing,
}

/// Where the current event sits: each score, or `None` when its signal is absent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Position {
    /// Bot score.
    pub bot: Option<f64>,
    /// User risk.
    pub risk: Option<f64>,
}

/// Where the last frame drew the map (for hit tests and for tests that click a cell).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    grid: Rect,
    cell: f32,
    strip: f32,
    nb: usize,
    nr: usize,
}

impl Layout {
    /// The centre of the cell with these scores (`None`: that signal missing), if it is on the map.
    pub fn point(&self, result: &SweepResult, bot: Option<f64>, risk: Option<f64>) -> Option<Pos2> {
        spot_of(result, bot, risk).map(|spot| self.spot_rect(spot).center())
    }

    fn spot_rect(&self, spot: Spot) -> Rect {
        let col = |b: usize| self.grid.left() + b as f32 * self.cell;
        let row = |r: usize| self.grid.bottom() - (r + 1) as f32 * self.cell;
        let strip_x = self.grid.right() + GAP;
        let strip_y = self.grid.bottom() + GAP;
        match spot {
            Spot::Grid(b, r) => {
                Rect::from_min_size(pos2(col(b), row(r)), vec2(self.cell, self.cell))
            }
            Spot::BotMissing(r) => {
                Rect::from_min_size(pos2(strip_x, row(r)), vec2(self.strip, self.cell))
            }
            Spot::RiskMissing(b) => {
                Rect::from_min_size(pos2(col(b), strip_y), vec2(self.cell, self.strip))
            }
            Spot::AllMissing => {
                Rect::from_min_size(pos2(strip_x, strip_y), vec2(self.strip, self.strip))
            }
        }
    }

    fn spot_at(&self, pos: Pos2) -> Option<Spot> {
        let b = ((pos.x - self.grid.left()) / self.cell).floor();
        let r = ((self.grid.bottom() - pos.y) / self.cell).floor();
        let in_b = (0.0..self.nb as f32).contains(&b);
        let in_r = (0.0..self.nr as f32).contains(&r);
        let in_strip_x =
            (self.grid.right() + GAP..=self.grid.right() + GAP + self.strip).contains(&pos.x);
        let in_strip_y =
            (self.grid.bottom() + GAP..=self.grid.bottom() + GAP + self.strip).contains(&pos.y);
        match (in_b, in_r, in_strip_x, in_strip_y) {
            (true, true, _, _) => Some(Spot::Grid(b as usize, r as usize)),
            (_, true, true, _) => Some(Spot::BotMissing(r as usize)),
            (true, _, _, true) => Some(Spot::RiskMissing(b as usize)),
            (_, _, true, true) => Some(Spot::AllMissing),
            _ => None,
        }
    }

    /// Centre x of a bot score, if it is on the axis.
    fn x_of(&self, values: &[f64], v: f64) -> Option<f32> {
        let i = axis_index(values, v) as f32;
        (-0.5..=self.nb as f32 - 0.5)
            .contains(&i)
            .then(|| self.grid.left() + (i + 0.5) * self.cell)
    }

    /// Centre y of a user risk, if it is on the axis.
    fn y_of(&self, values: &[f64], v: f64) -> Option<f32> {
        let i = axis_index(values, v) as f32;
        (-0.5..=self.nr as f32 - 0.5)
            .contains(&i)
            .then(|| self.grid.bottom() - (i + 0.5) * self.cell)
    }
}

/// The cell at a spot.
pub fn cell_at(result: &SweepResult, spot: Spot) -> Option<&Cell> {
    match spot {
        Spot::Grid(b, r) => result.cell(b, r),
        Spot::BotMissing(r) => result.bot_missing.get(r),
        Spot::RiskMissing(b) => result.risk_missing.get(b),
        Spot::AllMissing => result.all_missing.as_ref(),
    }
}

/// The spot of a cell's scores.
fn spot_of(result: &SweepResult, bot: Option<f64>, risk: Option<f64>) -> Option<Spot> {
    let index = |values: &[f64], v: f64| values.iter().position(|x| *x == v);
    match (bot, risk) {
        (Some(b), Some(r)) => Some(Spot::Grid(
            index(&result.bots, b)?,
            index(&result.risks, r)?,
        )),
        (None, Some(r)) => Some(Spot::BotMissing(index(&result.risks, r)?)),
        (Some(b), None) => Some(Spot::RiskMissing(index(&result.bots, b)?)),
        (None, None) => Some(Spot::AllMissing),
    }
}

/// Draws the map in at most `max_height` points; clicks push [`MapCommand::LoadCell`]. Returns
/// where it drew it.
pub fn map_canvas_ui(
    ui: &mut egui::Ui,
    result: &SweepResult,
    changes: Option<&Comparison>,
    current: Position,
    reference_lines: bool,
    max_height: f32,
    commands: &mut Vec<Command>,
) -> Layout {
    let (nb, nr) = (result.bots.len().max(1), result.risks.len().max(1));
    let by_width = (ui.available_width() - LEFT - GAP - MIN_STRIP - RIGHT) / nb as f32;
    let by_height = (max_height - TOP - GAP - MIN_STRIP - BOTTOM) / nr as f32;
    let cell = by_width.min(by_height).clamp(2.0, 48.0);
    let strip = cell.max(MIN_STRIP);
    let size = vec2(
        LEFT + nb as f32 * cell + GAP + strip + RIGHT,
        TOP + nr as f32 * cell + GAP + strip + BOTTOM,
    );
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, CANVAS_LABEL));
    let grid = Rect::from_min_size(
        rect.min + vec2(LEFT, TOP),
        vec2(nb as f32 * cell, nr as f32 * cell),
    );
    let layout = Layout {
        grid,
        cell,
        strip,
        nb,
        nr,
    };
    let painter = ui.painter_at(rect);

    let mut mesh = egui::Mesh::default();
    for (i, c) in result.cells.iter().enumerate() {
        mesh.add_colored_rect(
            layout.spot_rect(Spot::Grid(i % nb, i / nb)),
            theme::map_cell(c.kind),
        );
    }
    for (r, c) in result.bot_missing.iter().enumerate() {
        mesh.add_colored_rect(
            layout.spot_rect(Spot::BotMissing(r)),
            theme::map_cell(c.kind),
        );
    }
    for (b, c) in result.risk_missing.iter().enumerate() {
        mesh.add_colored_rect(
            layout.spot_rect(Spot::RiskMissing(b)),
            theme::map_cell(c.kind),
        );
    }
    if let Some(c) = &result.all_missing {
        mesh.add_colored_rect(layout.spot_rect(Spot::AllMissing), theme::map_cell(c.kind));
    }
    painter.add(Shape::mesh(mesh));
    let ink = ui.visuals().text_color();
    painter.rect_stroke(
        grid,
        0.0,
        Stroke::new(1.0, ui.visuals().weak_text_color()),
        StrokeKind::Outside,
    );

    axes_ui(&painter, &layout, result, ink);
    if reference_lines {
        let stroke = Stroke::new(1.5, theme::map_reference(ui));
        if let Some(x) = layout.x_of(&result.bots, REFERENCE_BOT) {
            let x = x - cell / 2.0;
            painter.extend(Shape::dashed_line(
                &[pos2(x, grid.top()), pos2(x, grid.bottom())],
                stroke,
                5.0,
                3.0,
            ));
        }
        if let Some(y) = layout.y_of(&result.risks, REFERENCE_RISK) {
            let y = y + cell / 2.0;
            painter.extend(Shape::dashed_line(
                &[pos2(grid.left(), y), pos2(grid.right(), y)],
                stroke,
                5.0,
                3.0,
            ));
        }
    }
    if let Some(comparison) = changes {
        let stroke = Stroke::new(if cell >= 6.0 { 1.5 } else { 1.0 }, theme::map_changed(ui));
        for change in &comparison.changes {
            if let Some(spot) = spot_of(result, change.bot, change.risk) {
                painter.rect_stroke(layout.spot_rect(spot), 0.0, stroke, StrokeKind::Inside);
            }
        }
    }
    marker_ui(&painter, &layout, result, current, theme::map_marker(ui));

    let hovered = response.hover_pos().and_then(|p| layout.spot_at(p));
    if let Some(spot) = hovered
        && let Some(c) = cell_at(result, spot)
    {
        painter.rect_stroke(
            layout.spot_rect(spot).expand(1.0),
            0.0,
            Stroke::new(2.0, ink),
            StrokeKind::Outside,
        );
        let clicked = response.clicked();
        response.on_hover_ui_at_pointer(|ui| cell_tooltip_ui(ui, c));
        if clicked {
            commands.push(Command::Map(MapCommand::LoadCell {
                bot: c.bot,
                risk: c.risk,
            }));
        }
    }
    layout
}

fn axes_ui(painter: &egui::Painter, layout: &Layout, result: &SweepResult, ink: Color32) {
    let font = FontId::proportional(11.0);
    let grid = layout.grid;
    let below = grid.bottom() + GAP + layout.strip;
    for tick in (0..=100).step_by(10).map(f64::from) {
        if let Some(x) = layout.x_of(&result.bots, tick) {
            painter.line_segment(
                [pos2(x, below + 1.0), pos2(x, below + 5.0)],
                Stroke::new(1.0, ink),
            );
            painter.text(
                pos2(x, below + 6.0),
                Align2::CENTER_TOP,
                fmt_num(tick),
                font.clone(),
                ink,
            );
        }
        if let Some(y) = layout.y_of(&result.risks, tick) {
            painter.line_segment(
                [pos2(grid.left() - 5.0, y), pos2(grid.left() - 1.0, y)],
                Stroke::new(1.0, ink),
            );
            painter.text(
                pos2(grid.left() - 7.0, y),
                Align2::RIGHT_CENTER,
                fmt_num(tick),
                font.clone(),
                ink,
            );
        }
    }
    painter.text(
        pos2(grid.center().x, below + 20.0),
        Align2::CENTER_TOP,
        "bot score (akamaiBot.botScore) →",
        font.clone(),
        ink,
    );
    painter.text(
        pos2(grid.left() - 30.0, grid.top() - 4.0),
        Align2::LEFT_BOTTOM,
        "↑ user risk (akamaiUserRisk.score)",
        font.clone(),
        ink,
    );
    let strip_x = grid.right() + GAP + layout.strip;
    painter.text(
        pos2(strip_x, grid.top() - 4.0),
        Align2::RIGHT_BOTTOM,
        "no bot signal ↓",
        font.clone(),
        ink,
    );
    painter.text(
        pos2(grid.left() - 7.0, grid.bottom() + GAP + layout.strip / 2.0),
        Align2::RIGHT_CENTER,
        "no risk →",
        font,
        ink,
    );
}

fn marker_ui(
    painter: &egui::Painter,
    layout: &Layout,
    result: &SweepResult,
    current: Position,
    color: Color32,
) {
    let centre = match (current.bot, current.risk) {
        (Some(b), Some(r)) => layout
            .x_of(&result.bots, b)
            .zip(layout.y_of(&result.risks, r))
            .map(|(x, y)| pos2(x, y)),
        (None, Some(r)) => layout
            .y_of(&result.risks, r)
            .map(|y| pos2(layout.spot_rect(Spot::AllMissing).center().x, y)),
        (Some(b), None) => layout
            .x_of(&result.bots, b)
            .map(|x| pos2(x, layout.spot_rect(Spot::AllMissing).center().y)),
        (None, None) => Some(layout.spot_rect(Spot::AllMissing).center()),
    };
    if let Some(c) = centre {
        let radius = (layout.cell * 0.6).clamp(6.0, 12.0);
        painter.circle_stroke(
            c,
            radius + 1.5,
            Stroke::new(1.5, Color32::from_black_alpha(160)),
        );
        painter.circle_stroke(c, radius, Stroke::new(2.0, color));
        painter.circle_filled(c, 1.5, color);
    }
}

/// The tooltip of a cell: scores, outcome, reason, calls.
pub fn cell_tooltip_ui(ui: &mut egui::Ui, cell: &Cell) {
    let score = |v: Option<f64>| v.map_or_else(|| "signal missing".to_owned(), fmt_num);
    ui.label(format!(
        "bot score {} · user risk {}",
        score(cell.bot),
        score(cell.risk)
    ));
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
        ui.painter()
            .rect_filled(rect, 2.0, theme::map_cell(cell.kind));
        ui.strong(cell.kind.label());
    });
    if let Some(reason) = &cell.reason {
        ui.label(format!("Reason: {reason}"));
    }
    if cell.calls.is_empty() {
        ui.weak("No api calls.");
    }
    for call in &cell.calls {
        ui.monospace(call);
    }
    ui.weak("Click to load these scores into the event and run.");
}
