//! A named background thread that runs actions for an interactive caller (the studio).
//!
//! A newer request supersedes an older one: the running one is cancelled (it ends as a timeout
//! that nobody looks at) and queued ones are skipped. The `wake` callback tells the caller that a
//! result is waiting (the GUI passes `request_repaint`), so the engine stays UI-free.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use super::report::RunReport;
use super::request::RunRequest;

/// Stack size of engine threads (QuickJS recursion needs room beyond its own limit).
pub const ENGINE_THREAD_STACK_BYTES: usize = 16 * 1024 * 1024;

struct Job {
    id: u64,
    request: RunRequest,
}

/// A finished run.
#[derive(Debug)]
pub struct Finished {
    /// The id [`Worker::submit`] returned.
    pub id: u64,
    /// The report, or why the engine could not run.
    pub result: Result<RunReport, String>,
}

/// Runs requests one at a time on its own thread.
pub struct Worker {
    jobs: Option<Sender<Job>>,
    results: Receiver<Finished>,
    current_cancel: Option<Arc<AtomicBool>>,
    next_id: u64,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker thread; `wake` is called after every finished run.
    pub fn new(wake: impl Fn() + Send + 'static) -> Self {
        let (job_tx, job_rx) = channel::<Job>();
        let (res_tx, res_rx) = channel::<Finished>();
        let thread = std::thread::Builder::new()
            .name("action-studio-engine".to_owned())
            .stack_size(ENGINE_THREAD_STACK_BYTES)
            .spawn(move || {
                while let Ok(mut job) = job_rx.recv() {
                    // Only the newest queued job matters.
                    while let Ok(newer) = job_rx.try_recv() {
                        job = newer;
                    }
                    let result = super::run(&job.request).map_err(|e| e.to_string());
                    if res_tx.send(Finished { id: job.id, result }).is_err() {
                        break;
                    }
                    wake();
                }
            })
            .ok();
        Self {
            jobs: Some(job_tx),
            results: res_rx,
            current_cancel: None,
            next_id: 1,
            thread,
        }
    }

    /// Queues a run, cancelling the one in progress; returns its id.
    pub fn submit(&mut self, mut request: RunRequest) -> u64 {
        if let Some(old) = self.current_cancel.take() {
            old.store(true, Ordering::Relaxed);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        request.options.cancel = Some(Arc::clone(&cancel));
        self.current_cancel = Some(cancel);
        let id = self.next_id;
        self.next_id += 1;
        if let Some(tx) = &self.jobs
            && tx.send(Job { id, request }).is_err()
        {
            self.jobs = None;
        }
        id
    }

    /// Whether the worker thread is alive.
    pub fn is_alive(&self) -> bool {
        self.jobs.is_some() && self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Results that arrived since the last call.
    pub fn poll(&self) -> Vec<Finished> {
        self.results.try_iter().collect()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(c) = self.current_cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            t.join().ok();
        }
    }
}
