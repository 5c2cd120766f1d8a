//! Decision map: runs one action over a grid of `akamaiBot.botScore` × `akamaiUserRisk.score`,
//! plus strips where one signal (or the whole Akamai object) is absent.
//!
//! Every cell is an independent, isolated run with the same clock and seed, so the map is
//! deterministic. Work is spread over one thread per core (each creates its own runtimes),
//! progress is reported as cells finish, and a cancel flag stops the sweep between cells.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::event::{self, Signal};
use super::report::{OutcomeKind, RunReport};
use super::request::{RunOptions, RunRequest};
use super::runtime::SignalReads;
use super::trigger::Trigger;
use super::worker::ENGINE_THREAD_STACK_BYTES;

/// One axis of the grid: `from..=to` by `step`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Axis {
    /// First value.
    pub from: f64,
    /// Last value (included when the steps land on it).
    pub to: f64,
    /// Distance between values (> 0).
    pub step: f64,
}

impl Default for Axis {
    fn default() -> Self {
        Self {
            from: 0.0,
            to: 100.0,
            step: 1.0,
        }
    }
}

impl Axis {
    /// An axis from 0 to 100 with `step`.
    pub fn full(step: f64) -> Self {
        Self {
            step,
            ..Self::default()
        }
    }

    /// The values along the axis (at most 10,001; a bad step gives just `from`).
    pub fn values(&self) -> Vec<f64> {
        let valid =
            self.step > 0.0 && self.from.is_finite() && self.to.is_finite() && self.to >= self.from;
        if !valid {
            return vec![self.from];
        }
        let n = (((self.to - self.from) / self.step) + 1e-9).floor() as usize;
        (0..=n.min(10_000))
            .map(|i| round(self.from + i as f64 * self.step))
            .collect()
    }
}

fn round(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// What to sweep.
#[derive(Clone, Debug)]
pub struct SweepRequest {
    /// The trigger (must carry Akamai signals).
    pub trigger: Trigger,
    /// The event every cell starts from; only the scores (and presence) change.
    pub event: Value,
    /// The action's source.
    pub code: String,
    /// File name for positions.
    pub file_name: String,
    /// Per-run options (timeout, memory, clock, seed); the clock is fixed if absent.
    pub options: RunOptions,
    /// Bot score axis (x).
    pub bot: Axis,
    /// User risk axis (y).
    pub risk: Axis,
    /// Also sweep with the bot signal absent, the user-risk signal absent and both absent.
    pub missing_strips: bool,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Reuse a cell's result for other cells that differ only in signals the action never looked
    /// at (sound because runs are deterministic; see [`SignalReads`]). Off: run every cell.
    pub reuse: bool,
}

impl SweepRequest {
    /// The full 0–100 grid, step 1, with the missing-signal strips.
    pub fn new(trigger: Trigger, event: Value, code: impl Into<String>) -> Self {
        Self {
            trigger,
            event,
            code: code.into(),
            file_name: "action.js".to_owned(),
            options: RunOptions::reproducible(),
            bot: Axis::default(),
            risk: Axis::default(),
            missing_strips: true,
            threads: 0,
            reuse: true,
        }
    }
}

/// The result of one cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Bot score, or `None` when the bot signal was absent.
    pub bot: Option<f64>,
    /// User risk score, or `None` when the user-risk signal was absent.
    pub risk: Option<f64>,
    /// The outcome class.
    pub kind: OutcomeKind,
    /// The outcome's reason (deny reason, error message, …).
    pub reason: Option<String>,
    /// The accepted api calls, as JavaScript.
    pub calls: Vec<String>,
}

impl Cell {
    fn from_report(bot: Option<f64>, risk: Option<f64>, report: &RunReport) -> Self {
        Self {
            bot,
            risk,
            kind: report.outcome.kind,
            reason: report.outcome.reason.clone(),
            calls: report
                .calls
                .iter()
                .filter(|c| c.accepted())
                .map(|c| c.display.clone())
                .collect(),
        }
    }
}

/// A change of outcome between neighbouring values of one axis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    /// `bot` or `risk`: the axis along which the outcome changes.
    pub axis: String,
    /// The last value before the change.
    pub below: f64,
    /// The first value after the change.
    pub at: f64,
    /// Outcome before.
    pub from: OutcomeKind,
    /// Outcome after.
    pub to: OutcomeKind,
    /// In how many rows (or columns) this change happens at this place.
    pub count: usize,
    /// Rows (or columns) in all.
    pub of: usize,
}

/// A whole decision map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepResult {
    /// Trigger swept.
    pub trigger: Trigger,
    /// Bot scores (x), ascending.
    pub bots: Vec<f64>,
    /// User-risk scores (y), ascending.
    pub risks: Vec<f64>,
    /// Grid cells, row-major: `cells[r * bots.len() + b]`.
    pub cells: Vec<Cell>,
    /// Bot signal absent, one cell per user-risk value.
    pub bot_missing: Vec<Cell>,
    /// User-risk signal absent, one cell per bot value.
    pub risk_missing: Vec<Cell>,
    /// Whole Akamai object absent.
    pub all_missing: Option<Cell>,
    /// Whether the sweep was cancelled (then some cells are missing and this result is partial).
    pub cancelled: bool,
    /// Wall-clock time, in milliseconds.
    pub duration_ms: f64,
    /// How many cells were actually run (the others reused a result, see [`SweepRequest::reuse`]).
    pub runs: usize,
}

impl SweepResult {
    /// The cell at (bot index, risk index).
    pub fn cell(&self, bot_index: usize, risk_index: usize) -> Option<&Cell> {
        self.cells.get(risk_index * self.bots.len() + bot_index)
    }

    /// Every cell, strips included.
    pub fn all_cells(&self) -> impl Iterator<Item = &Cell> {
        self.cells
            .iter()
            .chain(&self.bot_missing)
            .chain(&self.risk_missing)
            .chain(&self.all_missing)
    }

    /// Cells per outcome kind (grid only), in [`OutcomeKind::ALL`] order, zero counts left out.
    pub fn counts(&self) -> Vec<(OutcomeKind, usize)> {
        let mut map: BTreeMap<OutcomeKind, usize> = BTreeMap::new();
        for c in &self.cells {
            *map.entry(c.kind).or_default() += 1;
        }
        OutcomeKind::ALL
            .into_iter()
            .filter_map(|k| map.get(&k).map(|n| (k, *n)))
            .collect()
    }

    /// Places where the outcome changes between neighbouring scores, most common first.
    pub fn boundaries(&self) -> Vec<Boundary> {
        let mut found: BTreeMap<(u8, u64, u64, OutcomeKind, OutcomeKind), usize> = BTreeMap::new();
        let (nb, nr) = (self.bots.len(), self.risks.len());
        for r in 0..nr {
            for b in 1..nb {
                if let (Some(x), Some(y)) = (self.cell(b - 1, r), self.cell(b, r))
                    && x.kind != y.kind
                {
                    *found
                        .entry((
                            0,
                            self.bots[b - 1].to_bits(),
                            self.bots[b].to_bits(),
                            x.kind,
                            y.kind,
                        ))
                        .or_default() += 1;
                }
            }
        }
        for b in 0..nb {
            for r in 1..nr {
                if let (Some(x), Some(y)) = (self.cell(b, r - 1), self.cell(b, r))
                    && x.kind != y.kind
                {
                    *found
                        .entry((
                            1,
                            self.risks[r - 1].to_bits(),
                            self.risks[r].to_bits(),
                            x.kind,
                            y.kind,
                        ))
                        .or_default() += 1;
                }
            }
        }
        let mut out: Vec<Boundary> = found
            .into_iter()
            .map(|((axis, below, at, from, to), count)| Boundary {
                axis: if axis == 0 { "bot" } else { "risk" }.to_owned(),
                below: f64::from_bits(below),
                at: f64::from_bits(at),
                from,
                to,
                count,
                of: if axis == 0 { nr } else { nb },
            })
            .collect();
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.axis.cmp(&b.axis))
                .then(a.at.total_cmp(&b.at))
        });
        out
    }

    /// A short human summary: counts, boundaries and the missing-signal strips.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let total = self.cells.len();
        let counts: Vec<String> = self
            .counts()
            .iter()
            .map(|(k, n)| format!("{}: {n}", k.id()))
            .collect();
        lines.push(format!(
            "{total} cells ({} bot scores × {} user-risk scores): {}",
            self.bots.len(),
            self.risks.len(),
            counts.join(", ")
        ));
        for b in self.boundaries().iter().take(12) {
            let axis = if b.axis == "bot" {
                "bot score"
            } else {
                "user risk"
            };
            lines.push(format!(
                "boundary: {axis} {}→{}: {} → {} ({} of {})",
                fmt_num(b.below),
                fmt_num(b.at),
                b.from.id(),
                b.to.id(),
                b.count,
                b.of
            ));
        }
        let strip = |name: &str, cells: &[Cell]| {
            if cells.is_empty() {
                return None;
            }
            let mut map: BTreeMap<OutcomeKind, usize> = BTreeMap::new();
            for c in cells {
                *map.entry(c.kind).or_default() += 1;
            }
            let parts: Vec<String> = map
                .iter()
                .map(|(k, n)| format!("{}: {n}", k.id()))
                .collect();
            Some(format!("{name}: {}", parts.join(", ")))
        };
        lines.extend(strip("bot signal missing", &self.bot_missing));
        lines.extend(strip("user-risk signal missing", &self.risk_missing));
        if let Some(c) = &self.all_missing {
            lines.push(format!("all Akamai signals missing: {}", c.kind.id()));
        }
        let total_cells = self.all_cells().count();
        if self.runs < total_cells {
            lines.push(format!(
                "ran the action {} times for {total_cells} cells: the others differ only in signals the action never looked at",
                self.runs
            ));
        }
        if self.cancelled {
            lines.push("cancelled: the map is incomplete".to_owned());
        }
        lines
    }

    /// The map as CSV: `bot_score,user_risk,outcome,reason` (an absent signal is `missing`).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("bot_score,user_risk,outcome,reason\n");
        for c in self.all_cells() {
            let score = |v: Option<f64>| v.map_or_else(|| "missing".to_owned(), fmt_num);
            out.push_str(&format!(
                "{},{},{},{}\n",
                score(c.bot),
                score(c.risk),
                c.kind.id(),
                csv_field(c.reason.as_deref().unwrap_or(""))
            ));
        }
        out
    }
}

/// Formats a score without a trailing `.0`.
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

struct Job {
    slot: usize,
    bot: Option<f64>,
    risk: Option<f64>,
}

impl Job {
    fn akamai(&self) -> bool {
        self.bot.is_some() || self.risk.is_some()
    }
}

/// A result that holds for every cell agreeing with `job` on what the run looked at.
struct Rule {
    reads: SignalReads,
    akamai: bool,
    bot: Option<f64>,
    risk: Option<f64>,
    cell: Cell,
}

impl Rule {
    fn applies(&self, job: &Job) -> bool {
        let same = |a: Option<f64>, b: Option<f64>| a.map(f64::to_bits) == b.map(f64::to_bits);
        (!self.reads.akamai || self.akamai == job.akamai())
            && (!self.reads.bot || self.bot.is_some() == job.bot.is_some())
            && (!self.reads.bot_score || same(self.bot, job.bot))
            && (!self.reads.risk || self.risk.is_some() == job.risk.is_some())
            && (!self.reads.risk_score || same(self.risk, job.risk))
    }
}

/// Why a sweep could not start.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SweepError {
    /// The trigger carries no Akamai signals.
    #[error("{0} carries no Akamai signals, so there is nothing to sweep")]
    NoSignals(Trigger),
    /// The event is not an object.
    #[error("the event must be a JSON object")]
    EventNotObject,
}

/// Sweeps the grid (and strips); `progress(done, total)` is called as cells finish.
pub fn sweep(
    request: &SweepRequest,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<SweepResult, SweepError> {
    if !request.trigger.has_akamai() {
        return Err(SweepError::NoSignals(request.trigger));
    }
    if !request.event.is_object() {
        return Err(SweepError::EventNotObject);
    }
    let started = Instant::now();
    let bots = request.bot.values();
    let risks = request.risk.values();
    let mut jobs = Vec::with_capacity(bots.len() * risks.len() + bots.len() + risks.len() + 1);
    for r in &risks {
        for b in &bots {
            jobs.push(Job {
                slot: jobs.len(),
                bot: Some(*b),
                risk: Some(*r),
            });
        }
    }
    if request.missing_strips {
        for r in &risks {
            jobs.push(Job {
                slot: jobs.len(),
                bot: None,
                risk: Some(*r),
            });
        }
        for b in &bots {
            jobs.push(Job {
                slot: jobs.len(),
                bot: Some(*b),
                risk: None,
            });
        }
        jobs.push(Job {
            slot: jobs.len(),
            bot: None,
            risk: None,
        });
    }
    let total = jobs.len();
    let threads = if request.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        request.threads
    };
    let threads = threads.clamp(1, total.max(1));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Cell>>> = Mutex::new(vec![None; total]);
    let mut options = request.options.clone();
    options.clock_ms = Some(
        options
            .clock_ms
            .unwrap_or(super::request::REFERENCE_CLOCK_MS),
    );
    options.track_signals = request.reuse;
    let rules: Mutex<Vec<Rule>> = Mutex::new(Vec::new());
    let runs = AtomicUsize::new(0);
    let options = Arc::new(options);
    std::thread::scope(|scope| {
        for i in 0..threads {
            let (jobs, next, done, results, options, rules, runs) = (
                &jobs,
                &next,
                &done,
                &results,
                Arc::clone(&options),
                &rules,
                &runs,
            );
            let spawned = std::thread::Builder::new()
                .name(format!("action-studio-sweep-{i}"))
                .stack_size(ENGINE_THREAD_STACK_BYTES)
                .spawn_scoped(scope, move || {
                    loop {
                        if cancel.load(Ordering::Relaxed) {
                            break;
                        }
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(index) else { break };
                        let known = rules.lock().ok().and_then(|r| {
                            r.iter()
                                .find(|rule| rule.applies(job))
                                .map(|rule| rule.cell.clone())
                        });
                        let cell = match known {
                            Some(c) => Cell {
                                bot: job.bot,
                                risk: job.risk,
                                ..c
                            },
                            None => {
                                runs.fetch_add(1, Ordering::Relaxed);
                                let (cell, reads) = run_cell(request, &options, job.bot, job.risk);
                                if let Some(reads) = reads
                                    && let Ok(mut r) = rules.lock()
                                {
                                    r.push(Rule {
                                        reads,
                                        akamai: job.akamai(),
                                        bot: job.bot,
                                        risk: job.risk,
                                        cell: cell.clone(),
                                    });
                                }
                                cell
                            }
                        };
                        if let Ok(mut r) = results.lock()
                            && let Some(slot) = r.get_mut(job.slot)
                        {
                            *slot = Some(cell);
                        }
                        let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                        progress(finished, total);
                    }
                });
            if spawned.is_err() {
                break;
            }
        }
    });
    let cells: Vec<Option<Cell>> = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let cancelled = cells.iter().any(Option::is_none);
    let grid = bots.len() * risks.len();
    let mut it = cells.into_iter();
    let take = |it: &mut std::vec::IntoIter<Option<Cell>>, n: usize| -> Vec<Cell> {
        it.by_ref().take(n).flatten().collect()
    };
    let cells = take(&mut it, grid);
    let (bot_missing, risk_missing, all_missing) = if request.missing_strips {
        let a = take(&mut it, risks.len());
        let b = take(&mut it, bots.len());
        (a, b, it.next().flatten())
    } else {
        (Vec::new(), Vec::new(), None)
    };
    Ok(SweepResult {
        trigger: request.trigger,
        bots,
        risks,
        cells,
        bot_missing,
        risk_missing,
        all_missing,
        cancelled,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        runs: runs.into_inner(),
    })
}

fn run_cell(
    request: &SweepRequest,
    options: &RunOptions,
    bot: Option<f64>,
    risk: Option<f64>,
) -> (Cell, Option<SignalReads>) {
    let mut ev = request.event.clone();
    if bot.is_none() && risk.is_none() {
        event::set_akamai_present(&mut ev, false);
    } else {
        match bot {
            Some(b) => event::set_score(&mut ev, Signal::Bot, b),
            None => event::set_signal_present(&mut ev, Signal::Bot, false),
        }
        match risk {
            Some(r) => event::set_score(&mut ev, Signal::UserRisk, r),
            None => event::set_signal_present(&mut ev, Signal::UserRisk, false),
        }
    }
    let run = RunRequest {
        trigger: request.trigger,
        handler: super::request::HandlerKind::Execute,
        event: ev,
        code: request.code.clone(),
        file_name: request.file_name.clone(),
        options: options.clone(),
    };
    match super::run(&run) {
        Ok(report) => {
            // Only deterministic endings may stand for other cells (a timeout depends on the clock).
            let reusable = match &report.error {
                None => true,
                Some(e) => !matches!(e.name.as_str(), "Timeout" | "OutOfMemory" | "InternalError"),
            };
            (
                Cell::from_report(bot, risk, &report),
                if reusable { report.signal_reads } else { None },
            )
        }
        Err(e) => (
            Cell {
                bot,
                risk,
                kind: OutcomeKind::Error,
                reason: Some(e.to_string()),
                calls: Vec::new(),
            },
            None,
        ),
    }
}

/// A cell whose outcome differs between two maps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellChange {
    /// Bot score (`None`: bot signal absent).
    pub bot: Option<f64>,
    /// User risk (`None`: user-risk signal absent).
    pub risk: Option<f64>,
    /// Outcome in the first map.
    pub from: OutcomeKind,
    /// Outcome in the second map.
    pub to: OutcomeKind,
}

/// How two maps of the same grid differ.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Every changed cell (strips included).
    pub changes: Vec<CellChange>,
    /// Number of cells per kind of change, most first.
    pub counts: Vec<(OutcomeKind, OutcomeKind, usize)>,
}

/// Compares two maps cell by cell (cells are matched by their scores).
pub fn compare(a: &SweepResult, b: &SweepResult) -> Comparison {
    let key = |c: &Cell| (c.bot.map(f64::to_bits), c.risk.map(f64::to_bits));
    let theirs: BTreeMap<_, &Cell> = b.all_cells().map(|c| (key(c), c)).collect();
    let mut changes = Vec::new();
    let mut counts: BTreeMap<(OutcomeKind, OutcomeKind), usize> = BTreeMap::new();
    for c in a.all_cells() {
        if let Some(other) = theirs.get(&key(c))
            && other.kind != c.kind
        {
            changes.push(CellChange {
                bot: c.bot,
                risk: c.risk,
                from: c.kind,
                to: other.kind,
            });
            *counts.entry((c.kind, other.kind)).or_default() += 1;
        }
    }
    let mut counts: Vec<(OutcomeKind, OutcomeKind, usize)> =
        counts.into_iter().map(|((f, t), n)| (f, t, n)).collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.2));
    Comparison { changes, counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_values() {
        assert_eq!(Axis::full(25.0).values(), [0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(Axis::full(1.0).values().len(), 101);
        assert_eq!(
            Axis {
                from: 0.0,
                to: 1.0,
                step: 0.3
            }
            .values(),
            [0.0, 0.3, 0.6, 0.9]
        );
        assert_eq!(
            Axis {
                from: 5.0,
                to: 1.0,
                step: 1.0
            }
            .values(),
            [5.0]
        );
        assert_eq!(
            Axis {
                from: 0.0,
                to: 1.0,
                step: 0.0
            }
            .values(),
            [0.0]
        );
    }

    #[test]
    fn csv_quotes_reasons() {
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(fmt_num(90.0), "90");
        assert_eq!(fmt_num(0.5), "0.5");
    }
}
