//! The per-thread JavaScript sandbox: a QuickJS runtime whose heap lives in an [`Arena`], set up
//! once (context, host functions, prelude, every trigger's `api` builder) and put back to exactly
//! that pristine state before every run.
//!
//! Each run therefore sees a runtime that no earlier run has touched: the restore copies the
//! whole heap back, atoms and garbage included, so no global, prototype, timer, module or cache
//! entry can leak from one run to the next. It replaced a fresh context per run (create the
//! intrinsics, load and run the prelude, collect everything afterwards), which cost about
//! 0.5 ms of the 0.75 ms a run took.
//!
//! The rule that keeps the restore sound: during a run, nothing outside the heap may start
//! pointing into it. Handles a run makes (`Persistent`, `Value`) are dropped before it returns,
//! and host functions only exchange plain values: they must not create Rust-backed JavaScript
//! objects (`Function::new`, `Class::instance`), because rquickjs remembers their prototypes in
//! Rust-side state that the restore cannot undo. All such objects are made in `Sandbox::build`,
//! before the snapshot.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rquickjs::{CatchResultExt as _, Context, Function, Object, Persistent, Runtime};

use super::arena::Arena;
use super::bytecode::{self, Lib};
use super::cache::Cache;
use super::error::EngineError;
use super::host::{self, HostState};
use super::runtime::WRAP_PREFIX;
use super::trigger::Trigger;

/// Address space reserved per sandbox (pages are committed only when used).
const MIN_ARENA_BYTES: usize = 1 << 30;

/// What the interrupt handler checks while JavaScript runs.
#[derive(Default)]
pub struct Interrupt {
    /// Whether the current run is being watched.
    armed: Cell<bool>,
    /// When the current run must stop (`None`: no limit, e.g. a timeout too large to add).
    deadline: Cell<Option<Instant>>,
    /// Set by the caller to stop the current run early.
    cancel: RefCell<Option<Arc<AtomicBool>>>,
    /// Set by the handler when it stopped the run.
    timed_out: Cell<bool>,
}

impl Interrupt {
    /// Starts watching a run: stop it at `deadline` (`None`: never) or when `cancel` is set.
    pub fn arm(&self, deadline: Option<Instant>, cancel: Option<Arc<AtomicBool>>) {
        self.timed_out.set(false);
        self.deadline.set(deadline);
        *self.cancel.borrow_mut() = cancel;
        self.armed.set(true);
    }

    /// Stops watching (the run is over).
    pub fn disarm(&self) {
        self.armed.set(false);
        *self.cancel.borrow_mut() = None;
    }

    /// Whether the handler stopped the current run (time limit or cancellation).
    pub fn timed_out(&self) -> bool {
        self.timed_out.get()
    }

    /// Whether the caller cancelled the current run.
    pub fn cancelled(&self) -> bool {
        self.cancel
            .borrow()
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }

    fn should_stop(&self) -> bool {
        if !self.armed.get() {
            return false;
        }
        let late = self.deadline.get().is_some_and(|d| Instant::now() >= d);
        if late || self.cancelled() {
            self.timed_out.set(true);
            return true;
        }
        false
    }
}

/// A runtime, its one context and the studio objects set up in it.
///
/// Fields drop in order: the handles into the heap, then the context, the runtime and last the
/// arena that holds their memory.
pub struct Sandbox {
    /// The prelude's bridge object (`invoke`, `begin`, timers, …).
    pub studio: Persistent<Object<'static>>,
    /// Trigger id → that trigger's `buildApi` function.
    pub builders: Persistent<Object<'static>>,
    /// The context every run uses.
    pub context: Context,
    /// The runtime (limits are set per run).
    pub runtime: Runtime,
    /// What the host functions record into; replaced at the start of every run.
    pub state: Rc<RefCell<HostState>>,
    /// Time limit and cancellation of the current run.
    pub interrupt: Rc<Interrupt>,
    arena: Arena,
}

fn setup_err(what: &str, e: impl std::fmt::Display) -> EngineError {
    EngineError::Runtime(format!("setting up the JavaScript sandbox ({what}): {e}"))
}

/// Every trigger's handler names, mapped to the trigger id (for "wrong trigger" hints).
fn handler_map() -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for t in Trigger::ALL {
        map.insert(t.execute_handler().to_owned(), t.id().into());
        if let Some(c) = t.continue_handler() {
            map.insert(c.to_owned(), t.id().into());
        }
    }
    serde_json::Value::Object(map)
}

impl Sandbox {
    /// Builds a sandbox whose heap may grow to `capacity` bytes, and snapshots it.
    fn build(capacity: usize) -> Result<Self, EngineError> {
        let mut arena = Arena::new(capacity).map_err(|e| {
            setup_err(
                &format!("reserving {} MiB of address space", capacity >> 20),
                e,
            )
        })?;
        let runtime =
            Runtime::new_with_alloc(arena.allocator()).map_err(|e| setup_err("runtime", e))?;
        let interrupt = Rc::new(Interrupt::default());
        {
            let interrupt = Rc::clone(&interrupt);
            runtime.set_interrupt_handler(Some(Box::new(move || interrupt.should_stop())));
        }
        let context = Context::full(&runtime).map_err(|e| setup_err("context", e))?;
        let state = Rc::new(RefCell::new(HostState::new(
            Cache::default(),
            Vec::new(),
            0,
            0,
        )));
        let (studio, builders) = context.with(|ctx| {
            let host = host::install(&ctx, &state).map_err(|e| setup_err("host functions", e))?;
            let config = serde_json::json!({
                "wrapPrefixLen": WRAP_PREFIX.len(),
                "handlers": handler_map(),
            });
            let config = ctx
                .json_parse(config.to_string())
                .map_err(|e| setup_err("config", e))?;
            let prelude =
                bytecode::load(&ctx, Lib::Prelude).map_err(|e| setup_err("prelude", e))?;
            let studio: Object = prelude
                .call((host, config))
                .catch(&ctx)
                .map_err(|e| setup_err("prelude", e))?;
            studio
                .get::<_, Function>("preload")
                .and_then(|preload| preload.call::<_, ()>(()))
                .catch(&ctx)
                .map_err(|e| setup_err("libraries", e))?;
            let factory = bytecode::load(&ctx, Lib::Api).map_err(|e| setup_err("api", e))?;
            let builders = Object::new(ctx.clone()).map_err(|e| setup_err("api", e))?;
            for trigger in Trigger::ALL {
                let build: Function = factory
                    .call((studio.clone(), trigger.id()))
                    .catch(&ctx)
                    .map_err(|e| setup_err(trigger.id(), e))?;
                builders
                    .set(trigger.id(), build)
                    .map_err(|e| setup_err(trigger.id(), e))?;
            }
            Ok::<_, EngineError>((
                Persistent::save(&ctx, studio),
                Persistent::save(&ctx, builders),
            ))
        })?;
        runtime.run_gc();
        arena.take_snapshot();
        Ok(Self {
            studio,
            builders,
            context,
            runtime,
            state,
            interrupt,
            arena,
        })
    }

    /// Bytes the heap may grow to.
    pub fn capacity(&self) -> usize {
        self.arena.capacity()
    }

    /// Caps the heap of the current run (the pristine heap counts too), like Auth0's memory limit.
    pub fn limit_memory(&mut self, bytes: usize) {
        self.arena.set_limit(bytes);
    }

    /// Whether the current run asked for memory past its limit.
    pub fn ran_out_of_memory(&self) -> bool {
        self.arena.refused()
    }

    /// Puts the heap back to the pristine snapshot.
    #[allow(unsafe_code)]
    fn reset(&mut self) {
        self.interrupt.disarm();
        // SAFETY: `&mut self` means no run is using the heap. Runs keep their handles inside
        // `runtime::execute` and drop them before it returns, so the only pointers into the heap
        // are the ones this struct holds, and those were all made before the snapshot.
        unsafe { self.arena.restore() };
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // Free the runtime from the state its Rust-side handles were made in.
        self.reset();
    }
}

thread_local! {
    static SANDBOX: RefCell<Option<Sandbox>> = const { RefCell::new(None) };
}

/// Room the heap needs for a run with this memory limit: a block wastes at most a fifth of
/// itself, and freed blocks of one size are not reused for another, so leave twice the limit
/// (plus the pristine heap).
fn minimum_capacity(memory_limit: usize) -> usize {
    memory_limit.saturating_mul(2).saturating_add(16 << 20)
}

/// Builds a sandbox with generous room (four times the limit, at least 1 GiB of address space),
/// or with the minimum if the system refuses to reserve that much (strict overcommit).
fn build_for(memory_limit: usize) -> Result<Sandbox, EngineError> {
    let preferred = memory_limit.saturating_mul(4).max(MIN_ARENA_BYTES);
    Sandbox::build(preferred).or_else(|e| {
        let minimum = minimum_capacity(memory_limit);
        if minimum < preferred {
            Sandbox::build(minimum)
        } else {
            Err(e)
        }
    })
}

/// Runs `f` with this thread's sandbox, freshly reset. The sandbox is built on first use (about
/// two milliseconds) and rebuilt if `memory_limit` needs a larger heap than it has.
pub fn with_sandbox<R>(
    memory_limit: usize,
    f: impl FnOnce(&mut Sandbox) -> R,
) -> Result<R, EngineError> {
    SANDBOX.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            // A run inside a run on the same thread: give it a sandbox of its own.
            let mut own = build_for(memory_limit)?;
            own.reset();
            return Ok(f(&mut own));
        };
        if slot
            .as_ref()
            .is_none_or(|s| s.capacity() < minimum_capacity(memory_limit))
        {
            *slot = None;
            *slot = Some(build_for(memory_limit)?);
        }
        let Some(sandbox) = slot.as_mut() else {
            return Err(EngineError::Runtime("the sandbox is missing".to_owned()));
        };
        sandbox.reset();
        Ok(f(sandbox))
    })
}
