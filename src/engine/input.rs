//! Reading action and event files with messages that name the file and the problem.

use std::path::{Path, PathBuf};

use super::event::{self, EventParseError};

/// Largest action file the studio reads (Auth0 recommends ≤ 100 kB; 5 MB leaves room).
pub const MAX_ACTION_BYTES: u64 = 5 * 1024 * 1024;
/// Largest event file the studio reads.
pub const MAX_EVENT_BYTES: u64 = 20 * 1024 * 1024;

/// Why an input file could not be used. Its `Display` is one line: file, place, problem.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read.
    #[error("{path}: cannot read the file: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is larger than the studio reads.
    #[error("{path}: the file is {size} bytes, more than the {limit} bytes the studio reads")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    #[error("{path}: not a UTF-8 text file (invalid byte at offset {offset})")]
    NotText {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The action file is empty.
    #[error("{path}: the file is empty; an action must export {handler_hint}")]
    Empty {
        /// The file.
        path: PathBuf,
        /// What it should contain.
        handler_hint: &'static str,
    },
    /// The event file is not a JSON object.
    #[error("{path}: {source}")]
    Event {
        /// The file.
        path: PathBuf,
        /// The parse problem.
        source: EventParseError,
    },
}

fn read_text(path: &Path, limit: u64) -> Result<String, InputError> {
    let meta = std::fs::metadata(path).map_err(|source| InputError::Io {
        path: path.to_owned(),
        source,
    })?;
    if meta.len() > limit {
        return Err(InputError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| InputError::NotText {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.contains('\0') {
        let offset = text.find('\0').unwrap_or(0);
        return Err(InputError::NotText {
            path: path.to_owned(),
            offset,
        });
    }
    Ok(text)
}

/// Reads an action file: UTF-8 text, not empty, not huge.
pub fn read_action(path: &Path) -> Result<String, InputError> {
    let text = read_text(path, MAX_ACTION_BYTES)?;
    if text.trim().is_empty() {
        return Err(InputError::Empty {
            path: path.to_owned(),
            handler_hint: "a handler such as exports.onExecutePostLogin = async (event, api) => {}",
        });
    }
    Ok(text)
}

/// Reads an event file: a JSON object.
pub fn read_event(path: &Path) -> Result<serde_json::Value, InputError> {
    let text = read_text(path, MAX_EVENT_BYTES)?;
    event::parse(text.trim_start_matches('\u{feff}')).map_err(|source| InputError::Event {
        path: path.to_owned(),
        source,
    })
}

/// Writes a file atomically: a temporary file in the same directory, then a rename, so a crash
/// never leaves a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        std::fs::remove_file(&tmp).ok();
    }
    result
}
