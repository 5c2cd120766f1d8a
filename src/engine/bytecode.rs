//! The studio's own JavaScript (prelude, `api` builders, Node library), compiled once per process
//! to QuickJS bytecode and loaded into each thread's sandbox (`sandbox.rs`) before its snapshot.
//!
//! Parsing the ~40 KB of studio JavaScript takes about 4 ms; loading bytecode takes a fraction of
//! that, which keeps setting up a sandbox near a millisecond.

use std::sync::OnceLock;

use rquickjs::{Context, Ctx, Function, Module, Runtime, WriteOptions};

/// One of the studio's JavaScript libraries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lib {
    /// `js/prelude.js`: globals, console, timers, require, the bridge.
    Prelude,
    /// `js/api.js`: the `api` object of each trigger.
    Api,
    /// `js/node.js`: Buffer, URL, crypto, util (instantiated by `studio.preload`).
    Node,
    /// `js/extras.js`: inspect/format, fetch, Headers, AbortController (instantiated by `studio.preload`).
    Extras,
    /// `js/api_more.js`: rarely used `api` namespaces and builders (instantiated by `studio.preload`).
    ApiMore,
}

impl Lib {
    fn name(self) -> &'static str {
        match self {
            Self::Prelude => "studio:prelude.js",
            Self::Api => "studio:api.js",
            Self::Node => "studio:node.js",
            Self::Extras => "studio:extras.js",
            Self::ApiMore => "studio:api_more.js",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Self::Prelude => include_str!("js/prelude.js"),
            Self::Api => include_str!("js/api.js"),
            Self::Node => include_str!("js/node.js"),
            Self::Extras => include_str!("js/extras.js"),
            Self::ApiMore => include_str!("js/api_more.js"),
        }
    }

    fn cell(self) -> &'static OnceLock<Result<Vec<u8>, String>> {
        static PRELUDE: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
        static API: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
        static NODE: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
        static EXTRAS: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
        static API_MORE: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
        match self {
            Self::Prelude => &PRELUDE,
            Self::Api => &API,
            Self::Node => &NODE,
            Self::Extras => &EXTRAS,
            Self::ApiMore => &API_MORE,
        }
    }
}

/// Compiles a library (its source is one function expression) as a module exporting that function.
fn compile(lib: Lib) -> Result<Vec<u8>, String> {
    let rt = Runtime::new().map_err(|e| e.to_string())?;
    let ctx = Context::full(&rt).map_err(|e| e.to_string())?;
    ctx.with(|ctx| {
        let module = Module::declare(
            ctx.clone(),
            lib.name(),
            format!("export default {}", lib.source()),
        )
        .map_err(|e| {
            format!(
                "{}: {}",
                lib.name(),
                rquickjs::CaughtError::from_error(&ctx, e)
            )
        })?;
        module
            .write(WriteOptions {
                strip_source: true,
                strip_debug: true,
                ..WriteOptions::default()
            })
            .map_err(|e| e.to_string())
    })
}

/// The bytecode of a library, compiled on first use.
fn bytes(lib: Lib) -> Result<&'static [u8], String> {
    match lib.cell().get_or_init(|| compile(lib)) {
        Ok(b) => Ok(b.as_slice()),
        Err(e) => Err(e.clone()),
    }
}

#[allow(unsafe_code)]
fn load_module<'js>(ctx: &Ctx<'js>, bytes: &'static [u8]) -> rquickjs::Result<Module<'js>> {
    // SAFETY: `bytes` was produced by `Module::write` in this process, by the same QuickJS build,
    // from our own source, and is 'static (QuickJS may keep references into it).
    unsafe { Module::load(ctx.clone(), bytes) }
}

/// Loads a library into `ctx` and returns the function it exports.
pub fn load<'js>(ctx: &Ctx<'js>, lib: Lib) -> Result<Function<'js>, String> {
    let bytes = bytes(lib)?;
    let module = load_module(ctx, bytes).map_err(|e| format!("{}: {e}", lib.name()))?;
    let (module, promise) = module.eval().map_err(|e| {
        format!(
            "{}: {}",
            lib.name(),
            rquickjs::CaughtError::from_error(ctx, e)
        )
    })?;
    promise
        .finish::<()>()
        .map_err(|e| format!("{}: {e}", lib.name()))?;
    module
        .get("default")
        .map_err(|e| format!("{}: {e}", lib.name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_compiles() {
        for lib in [Lib::Prelude, Lib::Api, Lib::Node, Lib::Extras, Lib::ApiMore] {
            assert!(bytes(lib).is_ok(), "{lib:?}: {:?}", bytes(lib).err());
        }
    }
}
