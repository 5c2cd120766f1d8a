//! Native functions the prelude calls (`host.*`) and the run state they record into.
//!
//! Everything an action does that the report needs (api calls, console lines, notes, cache) lands
//! here in Rust as it happens, so a run that times out or runs out of memory still reports what it
//! did before it stopped.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use base64::Engine as _;
use hmac::Mac as _;
use rquickjs::{Ctx, Function, Object};
use serde_json::json;
use sha2::Digest as _;

use super::cache::Cache;
use super::report::{ApiCall, LogLevel, LogLine, NetworkRequest, Note, NoteKind};
use super::request::FetchMock;

/// What the natives record during one run.
pub struct HostState {
    /// When the run started (for `performance.now` with a live clock).
    pub started: Instant,
    /// Recorded api calls.
    pub calls: Vec<ApiCall>,
    /// Captured console lines.
    pub logs: Vec<LogLine>,
    /// Notes raised during the run (deduplicated).
    pub notes: Vec<Note>,
    /// The run's `api.cache`.
    pub cache: Cache,
    /// Canned fetch answers.
    pub fetch_mocks: Vec<FetchMock>,
    /// Every fetch the action made.
    pub network: Vec<NetworkRequest>,
    log_bytes: usize,
    max_log_bytes: usize,
    logs_truncated: bool,
    max_calls: usize,
    calls_dropped: usize,
}

impl HostState {
    /// Fresh state for a run.
    pub fn new(
        cache: Cache,
        fetch_mocks: Vec<FetchMock>,
        max_log_bytes: usize,
        max_calls: usize,
    ) -> Self {
        Self {
            started: Instant::now(),
            calls: Vec::new(),
            logs: Vec::new(),
            notes: Vec::new(),
            cache,
            fetch_mocks,
            network: Vec::new(),
            log_bytes: 0,
            max_log_bytes,
            logs_truncated: false,
            max_calls,
            calls_dropped: 0,
        }
    }

    /// Adds a note unless the same text is already there.
    pub fn note(&mut self, note: Note) {
        if !self.notes.iter().any(|n| n.text == note.text) {
            self.notes.push(note);
        }
    }

    /// Limit notes about captured output, added once the run is over.
    pub fn finish_notes(&mut self) {
        if self.logs_truncated {
            let cap = self.max_log_bytes / 1024;
            self.note(Note::limit(format!(
                "Console output passed {cap} KiB and the rest was dropped, as Auth0 does (its capture buffer is 256 KiB; its logs keep far less)."
            )));
        }
        if self.calls_dropped > 0 {
            let (max, dropped) = (self.max_calls, self.calls_dropped);
            self.note(Note::limit(format!(
                "The action made more than {max} api calls; the last {dropped} were not recorded."
            )));
        }
    }

    fn log(&mut self, level: &str, text: String) {
        if self.logs_truncated {
            return;
        }
        let room = self.max_log_bytes.saturating_sub(self.log_bytes);
        let mut text = text;
        if text.len() + 1 > room {
            let mut cut = room.saturating_sub(1);
            while cut > 0 && !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            self.logs_truncated = true;
            if text.is_empty() {
                return;
            }
        }
        self.log_bytes += text.len() + 1;
        self.logs.push(LogLine {
            level: LogLevel::parse(level),
            text,
        });
    }

    fn fetch(&mut self, request: &serde_json::Value) -> serde_json::Value {
        let method = request
            .get("method")
            .and_then(|m| m.as_str())
            .unwrap_or("GET")
            .to_owned();
        let url = request
            .get("url")
            .and_then(|u| u.as_str())
            .unwrap_or("")
            .to_owned();
        let found = self
            .fetch_mocks
            .iter()
            .find(|m| {
                let method_ok = m
                    .method
                    .as_deref()
                    .is_none_or(|want| want.eq_ignore_ascii_case(&method));
                let url_ok = match m.url.strip_suffix('*') {
                    Some(prefix) => url.starts_with(prefix),
                    None => m.url == url,
                };
                method_ok && url_ok
            })
            .cloned();
        self.network.push(NetworkRequest {
            method: method.clone(),
            url: url.clone(),
            headers: request
                .get("headers")
                .and_then(|h| h.as_object())
                .cloned()
                .unwrap_or_default(),
            body: request
                .get("body")
                .and_then(|b| b.as_str())
                .map(str::to_owned),
            status: found.as_ref().map(|m| m.status.unwrap_or(200)),
        });
        match found {
            Some(mock) => {
                let status = mock.status.unwrap_or(200);
                let body = match &mock.body {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                self.note(Note {
                    kind: NoteKind::Network,
                    text: format!("fetch {method} {url} answered by a mock with HTTP {status}."),
                });
                json!({"status": status, "statusText": status_text(status), "headers": mock.headers, "body": body})
            }
            None => {
                self.note(Note {
                    kind: NoteKind::Network,
                    text: format!(
                        "fetch {method} {url} was refused: the network is off in Action Studio."
                    ),
                });
                json!({"error": format!("network is off in Action Studio: {method} {url} was not sent (add a fetch mock to answer it)")})
            }
        }
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Bytes carried in a JavaScript "binary string" (one char per byte).
fn bin_to_bytes(s: &str) -> Vec<u8> {
    s.chars().map(|c| (u32::from(c) & 0xff) as u8).collect()
}

/// A JavaScript "binary string" holding `bytes`.
fn bytes_to_bin(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn digest(alg: &str, data: &[u8], key: Option<&[u8]>) -> Option<Vec<u8>> {
    macro_rules! run {
        ($h:ty) => {
            match key {
                None => Some(<$h>::digest(data).to_vec()),
                Some(k) => {
                    let mut mac = hmac::Hmac::<$h>::new_from_slice(k).ok()?;
                    mac.update(data);
                    Some(mac.finalize().into_bytes().to_vec())
                }
            }
        };
    }
    match alg {
        "sha1" => run!(sha1::Sha1),
        "sha256" => run!(sha2::Sha256),
        "sha512" => run!(sha2::Sha512),
        "md5" => run!(md5::Md5),
        _ => None,
    }
}

fn url_parts(u: &url::Url) -> String {
    let port = u.port().map(|p| p.to_string()).unwrap_or_default();
    let host = u.host_str().unwrap_or("");
    let host_port = if port.is_empty() {
        host.to_owned()
    } else {
        format!("{host}:{port}")
    };
    let search = u.query().map(|q| format!("?{q}")).unwrap_or_default();
    let hash = u.fragment().map(|f| format!("#{f}")).unwrap_or_default();
    json!({
        "href": u.as_str(),
        "protocol": format!("{}:", u.scheme()),
        "username": u.username(),
        "password": u.password().unwrap_or(""),
        "host": host_port,
        "hostname": host,
        "port": port,
        "pathname": u.path(),
        "search": if search == "?" { String::new() } else { search },
        "hash": if hash == "#" { String::new() } else { hash },
        "origin": u.origin().ascii_serialization(),
    })
    .to_string()
}

fn url_set(href: &str, part: &str, value: &str) -> Option<String> {
    let mut u = url::Url::parse(href).ok()?;
    match part {
        "protocol" => u.set_scheme(value.trim_end_matches(':')).ok()?,
        "username" => u.set_username(value).ok()?,
        "password" => u.set_password(Some(value)).ok()?,
        "host" => {
            let (h, p) = value
                .rsplit_once(':')
                .map_or((value, None), |(h, p)| (h, p.parse::<u16>().ok()));
            u.set_host(Some(h)).ok()?;
            u.set_port(p).ok()?;
        }
        "hostname" => u.set_host(Some(value)).ok()?,
        "port" => u
            .set_port(if value.is_empty() {
                None
            } else {
                Some(value.parse().ok()?)
            })
            .ok()?,
        "pathname" => u.set_path(value),
        "search" => u.set_query(match value.trim_start_matches('?') {
            "" => None,
            q => Some(q),
        }),
        "hash" => u.set_fragment(match value.trim_start_matches('#') {
            "" => None,
            f => Some(f),
        }),
        _ => return None,
    }
    Some(url_parts(&u))
}

/// Builds the `host` object the prelude receives. Called once per sandbox, before its snapshot:
/// the functions here must not create Rust-backed JavaScript objects when called (see
/// `sandbox.rs`).
pub fn install<'js>(
    ctx: &Ctx<'js>,
    state: &Rc<RefCell<HostState>>,
) -> rquickjs::Result<Object<'js>> {
    let host = Object::new(ctx.clone())?;

    let s = Rc::clone(state);
    host.set(
        "elapsed",
        Function::new(ctx.clone(), move || {
            s.borrow().started.elapsed().as_secs_f64() * 1000.0
        })?,
    )?;

    let s = Rc::clone(state);
    host.set(
        "log",
        Function::new(ctx.clone(), move |level: String, text: String| {
            s.borrow_mut().log(&level, text)
        })?,
    )?;

    let s = Rc::clone(state);
    host.set(
        "rec",
        Function::new(
            ctx.clone(),
            move |api: String,
                  args: String,
                  display: String,
                  line: f64,
                  column: f64,
                  undef: String,
                  rejected: Option<String>| {
                let mut st = s.borrow_mut();
                if st.calls.len() >= st.max_calls {
                    st.calls_dropped += 1;
                    return;
                }
                let args = match serde_json::from_str::<serde_json::Value>(&args) {
                    Ok(serde_json::Value::Array(a)) => a,
                    _ => Vec::new(),
                };
                let undefined_args = serde_json::from_str::<Vec<usize>>(&undef).unwrap_or_default();
                st.calls.push(ApiCall {
                    api,
                    args,
                    display,
                    line: line.max(0.0) as u32,
                    column: column.max(0.0) as u32,
                    undefined_args,
                    rejected,
                });
            },
        )?,
    )?;

    let s = Rc::clone(state);
    host.set(
        "note",
        Function::new(ctx.clone(), move |kind: String, text: String| {
            let kind = match kind.as_str() {
                "fidelity" => NoteKind::Fidelity,
                "limit" => NoteKind::Limit,
                "network" => NoteKind::Network,
                _ => NoteKind::Warning,
            };
            s.borrow_mut().note(Note { kind, text });
        })?,
    )?;

    let s = Rc::clone(state);
    host.set(
        "cache",
        Function::new(
            ctx.clone(),
            move |op: String,
                  key: String,
                  value: Option<String>,
                  options: Option<String>,
                  now: f64| {
                let mut st = s.borrow_mut();
                let now_ms = now as i64;
                let options: serde_json::Value = options
                    .and_then(|o| serde_json::from_str(&o).ok())
                    .unwrap_or_default();
                let result = match op.as_str() {
                    "get" => st.cache.get(&key, now_ms),
                    "set" => st
                        .cache
                        .set(&key, value.as_deref().unwrap_or(""), &options, now_ms),
                    _ => st.cache.delete(&key, now_ms),
                };
                result.to_string()
            },
        )?,
    )?;

    let s = Rc::clone(state);
    host.set(
        "fetch",
        Function::new(ctx.clone(), move |request: String| {
            let req: serde_json::Value = serde_json::from_str(&request).unwrap_or_default();
            s.borrow_mut().fetch(&req).to_string()
        })?,
    )?;

    host.set(
        "hash",
        Function::new(
            ctx.clone(),
            |alg: String, data: String, key: Option<String>| {
                let key = key.map(|k| bin_to_bytes(&k));
                digest(&alg, &bin_to_bytes(&data), key.as_deref())
                    .map(|d| bytes_to_bin(&d))
                    .unwrap_or_default()
            },
        )?,
    )?;
    host.set(
        "b64enc",
        Function::new(ctx.clone(), |data: String, url_safe: bool| {
            let bytes = bin_to_bytes(&data);
            if url_safe {
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
            } else {
                base64::engine::general_purpose::STANDARD.encode(bytes)
            }
        })?,
    )?;
    host.set(
        "b64dec",
        Function::new(ctx.clone(), |text: String| {
            let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let normalized = cleaned.replace('-', "+").replace('_', "/");
            let trimmed = normalized.trim_end_matches('=');
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(trimmed)
                .ok()
                .map(|b| bytes_to_bin(&b))
        })?,
    )?;
    host.set(
        "utf8enc",
        Function::new(ctx.clone(), |text: String| bytes_to_bin(text.as_bytes()))?,
    )?;
    host.set(
        "utf8dec",
        Function::new(ctx.clone(), |data: String| {
            String::from_utf8_lossy(&bin_to_bytes(&data)).into_owned()
        })?,
    )?;
    host.set(
        "url",
        Function::new(ctx.clone(), |input: String, base: Option<String>| {
            let parsed = match base {
                Some(b) => url::Url::parse(&b).and_then(|b| b.join(&input)),
                None => url::Url::parse(&input),
            };
            parsed.ok().map(|u| url_parts(&u))
        })?,
    )?;
    host.set(
        "urlset",
        Function::new(ctx.clone(), |href: String, part: String, value: String| {
            url_set(&href, &part, &value)
        })?,
    )?;
    host.set(
        "lib",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, name: String| -> rquickjs::Result<Function<'js>> {
                let lib = match name.as_str() {
                    "node" => super::bytecode::Lib::Node,
                    "extras" => super::bytecode::Lib::Extras,
                    "api_more" => super::bytecode::Lib::ApiMore,
                    _ => {
                        return Err(rquickjs::Exception::throw_message(
                            &ctx,
                            &format!("unknown studio library {name}"),
                        ));
                    }
                };
                super::bytecode::load(&ctx, lib)
                    .map_err(|e| rquickjs::Exception::throw_internal(&ctx, &e))
            },
        )?,
    )?;
    Ok(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_match_known_vectors() {
        let hex = |v: Option<Vec<u8>>| hex::encode(v.unwrap_or_default());
        assert_eq!(
            hex(digest("sha256", b"abc", None)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(digest("md5", b"", None)),
            "d41d8cd98f00b204e9800998ecf8427e"
        );
        assert_eq!(
            hex(digest(
                "sha256",
                b"The quick brown fox jumps over the lazy dog",
                Some(b"key")
            )),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }

    #[test]
    fn binary_strings_roundtrip() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(bin_to_bytes(&bytes_to_bin(&bytes)), bytes);
    }
}
