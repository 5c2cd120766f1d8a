//! Runs actions off the UI thread through the engine's [`Worker`]: submit, track the newest run,
//! keep its report. Older results that arrive late are dropped (a newer run superseded them).

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::engine::worker::Worker;
use crate::engine::{HandlerKind, RunReport, RunRequest, Trigger};

/// What a run was given (kept with its report, so "Save as scenario" pins exactly that case).
#[derive(Clone, Debug, PartialEq)]
pub struct RunInput {
    /// The trigger.
    pub trigger: Trigger,
    /// The handler called.
    pub handler: HandlerKind,
    /// The event.
    pub event: Value,
    /// The action's source.
    pub code: String,
}

/// The studio's connection to the engine worker.
pub struct Runner {
    worker: Worker,
    pending: Option<(u64, Instant)>,
    pending_input: Option<RunInput>,
    report: Option<RunReport>,
    report_input: Option<RunInput>,
    engine_error: Option<String>,
    finished_runs: u64,
}

impl Runner {
    /// Starts the worker thread; it repaints `ctx` when a run finishes.
    pub fn new(ctx: &egui::Context) -> Self {
        let ctx = ctx.clone();
        Self {
            worker: Worker::new(move || ctx.request_repaint()),
            pending: None,
            pending_input: None,
            report: None,
            report_input: None,
            engine_error: None,
            finished_runs: 0,
        }
    }

    /// Queues a run; a run in progress is cancelled.
    pub fn submit(&mut self, request: RunRequest) {
        self.pending_input = Some(RunInput {
            trigger: request.trigger,
            handler: request.handler,
            event: request.event.clone(),
            code: request.code.clone(),
        });
        let id = self.worker.submit(request);
        self.pending = Some((id, Instant::now()));
    }

    /// Takes finished runs; returns whether the newest one arrived.
    pub fn poll(&mut self) -> bool {
        let mut arrived = false;
        for finished in self.worker.poll() {
            if self.pending.is_some_and(|(id, _)| id == finished.id) {
                self.pending = None;
                self.finished_runs += 1;
                arrived = true;
                match finished.result {
                    Ok(report) => {
                        self.report = Some(report);
                        self.report_input = self.pending_input.take();
                        self.engine_error = None;
                    }
                    Err(e) => self.engine_error = Some(e),
                }
            }
        }
        arrived
    }

    /// How long the current run has been going, if one is.
    pub fn running_for(&self) -> Option<Duration> {
        self.pending.map(|(_, started)| started.elapsed())
    }

    /// Whether a run is in progress.
    pub fn is_running(&self) -> bool {
        self.pending.is_some()
    }

    /// The newest report.
    pub fn report(&self) -> Option<&RunReport> {
        self.report.as_ref()
    }

    /// What the newest report's run was given.
    pub fn report_input(&self) -> Option<&RunInput> {
        self.report_input.as_ref()
    }

    /// Why the engine could not run the newest request, if it could not.
    pub fn engine_error(&self) -> Option<&str> {
        self.engine_error.as_deref()
    }

    /// How many runs have finished (superseded ones excluded).
    pub fn finished_runs(&self) -> u64 {
        self.finished_runs
    }

    /// Whether the worker thread is alive.
    pub fn is_alive(&self) -> bool {
        self.worker.is_alive()
    }
}
