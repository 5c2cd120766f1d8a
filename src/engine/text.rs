//! Plain-text rendering of a report, for the command line and for copying out of the studio.

use std::fmt::Write as _;

use super::diff::ChangeKind;
use super::report::{MetadataReport, NoteKind, RunReport, TokenKind};

fn json_short(v: &serde_json::Value) -> String {
    let s = v.to_string();
    if s.len() > 120 {
        let mut cut = 117;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}...", &s[..cut])
    } else {
        s
    }
}

fn metadata_block(out: &mut String, name: &str, md: &MetadataReport) {
    if md.changes.is_empty() {
        let _ = writeln!(out, "  {name}: unchanged");
        return;
    }
    let _ = writeln!(out, "  {name}:");
    for c in &md.changes {
        let line = match c.kind {
            ChangeKind::Added => format!(
                "    + {} = {}",
                c.path_text(),
                json_short(c.new.as_ref().unwrap_or(&serde_json::Value::Null))
            ),
            ChangeKind::Removed => format!(
                "    - {} (was {})",
                c.path_text(),
                json_short(c.old.as_ref().unwrap_or(&serde_json::Value::Null))
            ),
            ChangeKind::Changed => format!(
                "    ~ {}: {} -> {}",
                c.path_text(),
                json_short(c.old.as_ref().unwrap_or(&serde_json::Value::Null)),
                json_short(c.new.as_ref().unwrap_or(&serde_json::Value::Null))
            ),
        };
        let _ = writeln!(out, "{line}");
    }
}

/// A readable summary: outcome, calls, metadata diff, claims, logs and notes.
pub fn render(report: &RunReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Trigger:  {} ({})",
        report.trigger.id(),
        report.handler
    );
    let summary = if report.error.is_some() {
        "the action did not complete (see Error)"
    } else {
        report.outcome.summary.as_str()
    };
    let _ = writeln!(
        out,
        "Outcome:  {} - {summary}",
        report.outcome.kind.label().to_uppercase()
    );
    if let Some(why) = &report.outcome.why {
        let _ = writeln!(out, "          {why}");
    }
    if let Some(e) = &report.error {
        let place = match (e.line, e.column) {
            (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
            (Some(l), None) => format!(" at line {l}"),
            _ => String::new(),
        };
        let _ = writeln!(out, "Error:    {}: {}{place}", e.name, e.message);
    }
    let _ = writeln!(out);
    if report.calls.is_empty() {
        let _ = writeln!(out, "API calls: none");
    } else {
        let _ = writeln!(out, "API calls ({}):", report.calls.len());
        for (i, c) in report.calls.iter().enumerate() {
            let rejected = c
                .rejected
                .as_ref()
                .map(|r| format!("   <- rejected: {r}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:>2}. line {:<4} {}{rejected}",
                i + 1,
                c.line,
                c.display
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Metadata:");
    metadata_block(&mut out, "app_metadata", &report.app_metadata);
    metadata_block(&mut out, "user_metadata", &report.user_metadata);
    if !report.claims.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Claims:");
        for c in &report.claims {
            let token = match c.token {
                TokenKind::IdToken => "id_token",
                TokenKind::AccessToken => "access_token",
            };
            let dropped = c
                .dropped
                .as_ref()
                .map(|d| format!("   (dropped: {d})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {token:<12} {} = {}{dropped}",
                c.name,
                json_short(&c.value)
            );
        }
    }
    if let Some(s) = &report.scopes {
        let _ = writeln!(out);
        let _ = writeln!(out, "Scopes:   {}", s.result.join(" "));
        if !s.added.is_empty() {
            let _ = writeln!(out, "  added:   {}", s.added.join(" "));
        }
        if !s.removed.is_empty() {
            let _ = writeln!(out, "  removed: {}", s.removed.join(" "));
        }
    }
    if !report.transaction_metadata.is_null() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Transaction metadata: {}",
            json_short(&report.transaction_metadata)
        );
    }
    if !report.cache.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Cache after the run:");
        for e in &report.cache {
            let _ = writeln!(
                out,
                "  {} = {} (expires at {} ms)",
                e.key,
                json_short(&serde_json::Value::String(e.value.clone())),
                e.expires_at
            );
        }
    }
    if !report.network.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Network:");
        for n in &report.network {
            let status = n.status.map_or_else(
                || "refused (network off)".to_owned(),
                |s| format!("HTTP {s} (mock)"),
            );
            let _ = writeln!(out, "  {} {} -> {status}", n.method, n.url);
            if let Some(b) = &n.body {
                let _ = writeln!(
                    out,
                    "    body: {}",
                    json_short(&serde_json::Value::String(b.clone()))
                );
            }
        }
    }
    let _ = writeln!(out);
    if report.logs.is_empty() {
        let _ = writeln!(out, "Console: (no output)");
    } else {
        let _ = writeln!(out, "Console:");
        for l in &report.logs {
            for (i, line) in l.text.lines().enumerate() {
                let level = if i == 0 { l.level.name() } else { "" };
                let _ = writeln!(out, "  [{level:<5}] {line}");
            }
        }
    }
    if !report.notes.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Notes:");
        for n in &report.notes {
            let kind = match n.kind {
                NoteKind::Fidelity => "fidelity",
                NoteKind::Warning => "warning",
                NoteKind::Limit => "limit",
                NoteKind::Network => "network",
            };
            let _ = writeln!(out, "  [{kind}] {}", n.text);
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Ran in {:.2} ms", report.duration_ms);
    out
}
