//! Reading and writing action files: clear error messages, atomic saves (temp file + rename in
//! the same directory), and the modification time used to detect changes made on disk.

use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::time::SystemTime;

/// Largest action file the studio opens (Auth0 actions are a few KB; this stops accidents).
pub const MAX_ACTION_BYTES: u64 = 5 * 1024 * 1024;

/// Reads an action file as UTF-8 text; the error names the file and the problem.
pub fn read_action(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let meta = fs::metadata(path).map_err(|e| format!("Cannot open {shown}: {}", describe(&e)))?;
    if meta.is_dir() {
        return Err(format!("Cannot open {shown}: it is a folder"));
    }
    if meta.len() > MAX_ACTION_BYTES {
        return Err(format!(
            "Cannot open {shown}: {} bytes is too large for an action (limit {MAX_ACTION_BYTES})",
            meta.len()
        ));
    }
    let bytes = fs::read(path).map_err(|e| format!("Cannot open {shown}: {}", describe(&e)))?;
    if bytes.contains(&0) {
        return Err(format!(
            "Cannot open {shown}: it looks like a binary file, not JavaScript"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "Cannot open {shown}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Writes `contents` to `path` atomically: a temp file in the same directory, synced, then
/// renamed over the target, so a crash never leaves a half-written action.
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), String> {
    let shown = path.display();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => {
            std::env::current_dir().map_err(|e| format!("Cannot save {shown}: {}", describe(&e)))?
        }
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("Cannot save {shown}: not a file name"))?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut file = fs::File::create(&temp)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    result.map_err(|e| {
        fs::remove_file(&temp).ok();
        format!("Cannot save {shown}: {}", describe(&e))
    })
}

/// The file's modification time, if it can be read.
pub fn modified_time(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_then_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        write_atomic(&path, "one").unwrap();
        write_atomic(&path, "two").unwrap();
        assert_eq!(read_action(&path).unwrap(), "two");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temp file left behind");
    }

    #[test]
    fn errors_name_the_file_and_problem() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.js");
        assert!(
            read_action(&missing).unwrap_err().contains("no such file"),
            "missing"
        );
        let binary = dir.path().join("bin.js");
        fs::write(&binary, [0u8, 159, 146, 150]).unwrap();
        assert!(
            read_action(&binary).unwrap_err().contains("binary"),
            "binary"
        );
        let unwritable = dir.path().join("no-such-dir").join("a.js");
        assert!(
            write_atomic(&unwritable, "x")
                .unwrap_err()
                .contains("Cannot save"),
            "unwritable"
        );
        assert!(
            read_action(dir.path()).unwrap_err().contains("folder"),
            "folder"
        );
    }
}
