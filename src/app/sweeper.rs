//! Decision-map sweeps off the UI thread: one named coordinator thread per sweep (the engine's
//! `sweep` spreads the cells over its own threads), progress in atomics, a cancel flag, the result
//! over a channel. A new sweep cancels the running one. Also remembers what the shown map was
//! swept from, so Live mode re-sweeps only when something other than the two scores changed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::engine::Trigger;
use crate::engine::event::{self, Signal};
use crate::engine::sweep::{self, Comparison, SweepRequest, SweepResult};

/// What a map depends on: the trigger, the code, the event without its two scores, the step.
#[derive(Clone, Debug, PartialEq)]
pub struct MapInput {
    /// The trigger.
    pub trigger: Trigger,
    /// The action's source.
    pub code: String,
    /// The event with both scores set to 0 (exactly what every cell starts from, scores aside).
    pub event: Value,
    /// The score step.
    pub step: f64,
}

impl MapInput {
    /// The input of a map of `event` (its scores do not matter: the sweep replaces them).
    pub fn new(trigger: Trigger, code: &str, event: &Value, step: f64) -> Self {
        let mut event = base_event(event);
        if event.is_object() && trigger.has_akamai() {
            event::set_score(&mut event, Signal::Bot, 0.0);
            event::set_score(&mut event, Signal::UserRisk, 0.0);
        }
        Self {
            trigger,
            code: code.to_owned(),
            event,
            step,
        }
    }
}

/// The event a map starts from: the current one with the Akamai object and both signals present
/// (their default contents when the event lacks them). The grid is "both signals present"; the
/// strips cover the absent cases, so loading a strip cell does not change the map.
pub fn base_event(event: &Value) -> Value {
    let mut event = event.clone();
    if event.is_object() {
        event::set_akamai_present(&mut event, true);
        event::set_signal_present(&mut event, Signal::Bot, true);
        event::set_signal_present(&mut event, Signal::UserRisk, true);
    }
    event
}

/// A finished comparison: which version was compared and what changed.
#[derive(Clone, Debug)]
pub struct CompareView {
    /// The other version ("the saved file", a path).
    pub label: String,
    /// Changes from the other version to the editor's code.
    pub comparison: Comparison,
}

enum Finished {
    Map(Box<SweepResult>),
    Compare(Box<SweepResult>, Box<SweepResult>),
    Cancelled,
    Failed(String),
}

struct Job {
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    results: Receiver<Finished>,
    input: MapInput,
    compare_label: Option<String>,
    started: Instant,
}

/// The studio's decision-map state: the running sweep, the last complete map, the comparison.
pub struct Sweeper {
    ctx: egui::Context,
    job: Option<Job>,
    result: Option<SweepResult>,
    input: Option<MapInput>,
    compare: Option<CompareView>,
    message: Option<(String, bool)>,
    dirty_at: Option<Instant>,
    finished: u64,
}

impl Sweeper {
    /// No map yet; `ctx` is repainted when a sweep ends.
    pub fn new(ctx: &egui::Context) -> Self {
        Self {
            ctx: ctx.clone(),
            job: None,
            result: None,
            input: None,
            compare: None,
            message: None,
            dirty_at: None,
            finished: 0,
        }
    }

    /// Starts sweeping `request` (and, for a comparison, `other` first), cancelling a running sweep.
    pub fn start(
        &mut self,
        mut request: SweepRequest,
        input: MapInput,
        other: Option<(String, SweepRequest)>,
    ) {
        self.cancel();
        let cancel = Arc::new(AtomicBool::new(false));
        // The flag also interrupts the cell that is running, so Cancel answers at once.
        request.options.cancel = Some(Arc::clone(&cancel));
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = channel();
        let (compare_label, other) = match other {
            Some((label, mut req)) => {
                req.options.cancel = Some(Arc::clone(&cancel));
                (Some(label), Some(req))
            }
            None => (None, None),
        };
        let (c, d, t, ctx) = (
            Arc::clone(&cancel),
            Arc::clone(&done),
            Arc::clone(&total),
            self.ctx.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("action-studio-map".to_owned())
            .spawn(move || {
                let finished = sweep_all(&request, other.as_ref(), &c, &d, &t);
                tx.send(finished).ok();
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.job = Some(Job {
                    cancel,
                    done,
                    total,
                    results: rx,
                    input,
                    compare_label,
                    started: Instant::now(),
                });
                self.message = None;
            }
            Err(e) => self.message = Some((format!("Cannot start the sweep thread: {e}"), true)),
        }
    }

    /// Cancels the running sweep, if any (the last complete map stays).
    pub fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
            self.message = Some((
                "Sweep cancelled; the map shows the last complete sweep.".to_owned(),
                false,
            ));
        }
    }

    /// Takes a finished sweep; returns whether one arrived.
    pub fn poll(&mut self) -> bool {
        let Some(job) = &self.job else { return false };
        let Ok(finished) = job.results.try_recv() else {
            return false;
        };
        let elapsed = job.started.elapsed();
        let (input, label) = (job.input.clone(), job.compare_label.clone());
        self.job = None;
        self.finished += 1;
        match finished {
            Finished::Map(result) => self.show(*result, input, elapsed, 1),
            Finished::Compare(other, mine) => {
                let comparison = sweep::compare(&other, &mine);
                self.compare = Some(CompareView {
                    label: label.unwrap_or_default(),
                    comparison,
                });
                self.show(*mine, input, elapsed, 2);
            }
            Finished::Cancelled => {
                self.message = Some((
                    "Sweep cancelled; the map shows the last complete sweep.".to_owned(),
                    false,
                ))
            }
            Finished::Failed(e) => self.message = Some((format!("Cannot sweep: {e}"), true)),
        }
        true
    }

    fn show(&mut self, result: SweepResult, input: MapInput, elapsed: Duration, maps: usize) {
        let cells = result.all_cells().count() * maps;
        let runs = result.runs;
        let reused = if maps == 1 && runs < cells {
            format!(
                " ({runs} runs; the other cells differ only in signals the action never looked at)"
            )
        } else {
            String::new()
        };
        self.message = Some((
            format!("{cells} cells in {:.2} s{reused}", elapsed.as_secs_f64()),
            false,
        ));
        if self
            .input
            .as_ref()
            .is_some_and(|old| old.step != input.step || old.trigger != input.trigger)
        {
            // A comparison on another grid no longer lines up with the map.
            self.compare = None;
        }
        self.result = Some(result);
        self.input = Some(input);
    }

    /// `(cells done, cells in all)` of the running sweep.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.job.as_ref().map(|j| {
            (
                j.done.load(Ordering::Relaxed),
                j.total.load(Ordering::Relaxed),
            )
        })
    }

    /// Whether a sweep is running.
    pub fn is_sweeping(&self) -> bool {
        self.job.is_some()
    }

    /// The last complete map.
    pub fn result(&self) -> Option<&SweepResult> {
        self.result.as_ref()
    }

    /// What the shown map was swept from.
    pub fn input(&self) -> Option<&MapInput> {
        self.input.as_ref()
    }

    /// What the running sweep sweeps.
    pub fn running_input(&self) -> Option<&MapInput> {
        self.job.as_ref().map(|j| &j.input)
    }

    /// The last comparison.
    pub fn compare(&self) -> Option<&CompareView> {
        self.compare.as_ref()
    }

    /// Hides the comparison.
    pub fn clear_compare(&mut self) {
        self.compare = None;
    }

    /// The last message (timing, cancellation, error) and whether it is an error.
    pub fn message(&self) -> Option<(&str, bool)> {
        self.message.as_ref().map(|(m, e)| (m.as_str(), *e))
    }

    /// Shows a message in the map tab.
    pub fn set_message(&mut self, text: String, is_error: bool) {
        self.message = Some((text, is_error));
    }

    /// How many sweeps have finished (cancelled ones included).
    pub fn finished_sweeps(&self) -> u64 {
        self.finished
    }

    /// Notes an edit: Live mode re-sweeps once edits pause for `debounce`.
    pub fn touch(&mut self) {
        self.dirty_at = Some(Instant::now());
    }

    /// After the debounce: `Ok(())` once (then forgotten), or `Err(time left)`; `None` when clean.
    pub fn due(&mut self, debounce: Duration) -> Option<Result<(), Duration>> {
        let at = self.dirty_at?;
        let elapsed = at.elapsed();
        if elapsed >= debounce {
            self.dirty_at = None;
            Some(Ok(()))
        } else {
            Some(Err(debounce - elapsed))
        }
    }
}

impl Drop for Sweeper {
    fn drop(&mut self) {
        if let Some(job) = &self.job {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }
}

fn sweep_all(
    request: &SweepRequest,
    other: Option<&SweepRequest>,
    cancel: &AtomicBool,
    done: &AtomicUsize,
    total: &AtomicUsize,
) -> Finished {
    let passes = if other.is_some() { 2 } else { 1 };
    let run = |req: &SweepRequest, pass: usize| {
        let progress = |d: usize, t: usize| {
            total.store(t * passes, Ordering::Relaxed);
            done.store(pass * t + d, Ordering::Relaxed);
        };
        let mut result = sweep::sweep(req, &progress, cancel).map_err(|e| e.to_string());
        if let Ok(r) = &mut result {
            // A cell interrupted by the flag reads as a timeout: the map is not usable.
            r.cancelled |= cancel.load(Ordering::Relaxed);
        }
        result
    };
    let theirs = match other.map(|o| run(o, 0)) {
        Some(Ok(r)) if r.cancelled => return Finished::Cancelled,
        Some(Err(e)) => return Finished::Failed(e),
        Some(Ok(r)) => Some(r),
        None => None,
    };
    match run(request, passes - 1) {
        Ok(r) if r.cancelled => Finished::Cancelled,
        Ok(r) => match theirs {
            Some(t) => Finished::Compare(Box::new(t), Box::new(r)),
            None => Finished::Map(Box::new(r)),
        },
        Err(e) => Finished::Failed(e),
    }
}
