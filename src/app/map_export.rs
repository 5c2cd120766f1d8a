//! Decision-map export: the cells as a PNG image (built pixel by pixel from the map's colours,
//! with tick marks every 10 points and the reference lines) and the engine's CSV.

use egui::Color32;

use super::theme;
use crate::engine::sweep::SweepResult;

/// Width of the images' margins and tick marks, in pixels.
const MARGIN: usize = 14;
/// Length of a tick mark, in pixels.
const TICK: usize = 7;
/// Target size of the grid in exported images, in pixels.
const TARGET_GRID_PX: usize = 606;

/// Where a score falls along an axis, in cells from the first value's centre (`values` ascending,
/// evenly spaced; a single value is its own axis).
pub fn axis_index(values: &[f64], v: f64) -> f64 {
    match values {
        [] => 0.0,
        [only] => v - only,
        [first, second, ..] => (v - first) / (second - first),
    }
}

struct Canvas {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Canvas {
    fn new(width: usize, height: usize, fill: Color32) -> Self {
        let rgb = (0..width * height)
            .flat_map(|_| [fill.r(), fill.g(), fill.b()])
            .collect();
        Self { width, height, rgb }
    }

    fn rect(&mut self, x: usize, y: usize, w: usize, h: usize, color: Color32) {
        for yy in y..(y + h).min(self.height) {
            for xx in x..(x + w).min(self.width) {
                let i = (yy * self.width + xx) * 3;
                self.rgb[i..i + 3].copy_from_slice(&[color.r(), color.g(), color.b()]);
            }
        }
    }
}

/// The map as a PNG: grid (user risk up, bot score right), the "bot signal missing" column on
/// the right, the "user risk missing" row below, the all-missing cell in the corner.
pub fn png_bytes(result: &SweepResult, reference_lines: bool) -> Result<Vec<u8>, String> {
    let (nb, nr) = (result.bots.len(), result.risks.len());
    if nb == 0 || nr == 0 || result.cells.len() != nb * nr {
        return Err("the map is empty or incomplete".to_owned());
    }
    let px = (TARGET_GRID_PX / nb.max(nr)).clamp(3, 60);
    let gap = px.max(6);
    // The strips stay wide enough to see even when the cells are small.
    let strip = px.max(12);
    let (x0, y0) = (MARGIN, 4);
    let (grid_w, grid_h) = (nb * px, nr * px);
    let strip_x = x0 + grid_w + gap;
    let strip_y = y0 + grid_h + gap;
    let width = strip_x + strip + 4;
    let height = strip_y + strip + MARGIN;
    let mut canvas = Canvas::new(width, height, theme::MAP_EXPORT_BACKGROUND);
    let row_y = |r: usize| y0 + (nr - 1 - r) * px;
    for (i, cell) in result.cells.iter().enumerate() {
        let (b, r) = (i % nb, i / nb);
        canvas.rect(x0 + b * px, row_y(r), px, px, theme::map_cell(cell.kind));
    }
    for cell in &result.bot_missing {
        if let Some(r) = cell
            .risk
            .and_then(|v| result.risks.iter().position(|x| *x == v))
        {
            canvas.rect(strip_x, row_y(r), strip, px, theme::map_cell(cell.kind));
        }
    }
    for cell in &result.risk_missing {
        if let Some(b) = cell
            .bot
            .and_then(|v| result.bots.iter().position(|x| *x == v))
        {
            canvas.rect(x0 + b * px, strip_y, px, strip, theme::map_cell(cell.kind));
        }
    }
    if let Some(cell) = &result.all_missing {
        canvas.rect(strip_x, strip_y, strip, strip, theme::map_cell(cell.kind));
    }
    let ink = theme::MAP_EXPORT_INK;
    let to_px = |values: &[f64], v: f64| -> Option<usize> {
        let at = (axis_index(values, v) + 0.5) * px as f64;
        (at >= 0.0 && at <= (values.len() * px) as f64).then_some(at as usize)
    };
    for tick in (0..=100).step_by(10).map(f64::from) {
        if let Some(x) = to_px(&result.bots, tick) {
            canvas.rect(x0 + x.min(grid_w - 1), strip_y + strip + 2, 1, TICK, ink);
        }
        if let Some(y) = to_px(&result.risks, tick) {
            canvas.rect(
                x0 - TICK - 2,
                y0 + grid_h - y.min(grid_h - 1) - 1,
                TICK,
                1,
                ink,
            );
        }
    }
    if reference_lines {
        // Dashed lines on the edge where the threshold's cells start.
        let edge = |values: &[f64], v: f64| to_px(values, v).map(|p| p.saturating_sub(px / 2));
        if let Some(x) = edge(&result.bots, super::map_canvas::REFERENCE_BOT) {
            for y in (0..grid_h).step_by(6) {
                canvas.rect(x0 + x.min(grid_w - 1), y0 + y, 1, 3, ink);
            }
        }
        if let Some(y) = edge(&result.risks, super::map_canvas::REFERENCE_RISK) {
            for x in (0..grid_w).step_by(6) {
                canvas.rect(x0 + x, y0 + grid_h - y.min(grid_h), 3, 1, ink);
            }
        }
    }
    encode(&canvas)
}

fn encode(canvas: &Canvas) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let (w, h) = (
        u32::try_from(canvas.width).map_err(|e| e.to_string())?,
        u32::try_from(canvas.height).map_err(|e| e.to_string())?,
    );
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&canvas.rgb)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::engine::OutcomeKind;
    use crate::engine::sweep::Cell;

    fn cell(bot: Option<f64>, risk: Option<f64>, kind: OutcomeKind) -> Cell {
        Cell {
            bot,
            risk,
            kind,
            reason: None,
            calls: Vec::new(),
        }
    }

    #[test]
    fn png_has_the_grid_strips_and_a_valid_header() {
        let values = vec![0.0, 50.0, 100.0];
        let mut cells = Vec::new();
        for r in &values {
            for b in &values {
                cells.push(cell(
                    Some(*b),
                    Some(*r),
                    if *r >= 90.0 {
                        OutcomeKind::SessionRevoked
                    } else {
                        OutcomeKind::Allowed
                    },
                ));
            }
        }
        let result = SweepResult {
            trigger: crate::engine::Trigger::PostLogin,
            bots: values.clone(),
            risks: values.clone(),
            cells,
            bot_missing: values
                .iter()
                .map(|r| cell(None, Some(*r), OutcomeKind::Allowed))
                .collect(),
            risk_missing: values
                .iter()
                .map(|b| cell(Some(*b), None, OutcomeKind::Allowed))
                .collect(),
            all_missing: Some(cell(None, None, OutcomeKind::Error)),
            cancelled: false,
            duration_ms: 1.0,
            runs: 13,
        };
        let bytes = png_bytes(&result, true).unwrap();
        assert_eq!(&bytes[1..4], b"PNG", "PNG signature");
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert!(
            info.width > 3 * 60 && info.height > 3 * 60,
            "cells of many pixels: {}×{}",
            info.width,
            info.height
        );
        assert_eq!(axis_index(&values, 100.0), 2.0);
        assert_eq!(axis_index(&values, 75.0), 1.5);
    }
}
