//! `api.cache`: Auth0's documented algorithm, limits and result codes (fact sheet §1.7).
//!
//! Limits: key ≤ 64 bytes, value ≤ 4096 bytes, and the documented 8 KB cumulative size and
//! 20 entries per trigger (Auth0's harness allows 16 KiB + 256; we follow the docs and say so in
//! README). Default expiry 15 minutes. Expired entries read as absent.

use serde_json::{Value, json};

use super::report::CacheEntry;

/// Longest key, in UTF-8 bytes.
pub const MAX_KEY_BYTES: usize = 64;
/// Longest value, in UTF-8 bytes.
pub const MAX_VALUE_BYTES: usize = 4096;
/// Total of all keys and values, in bytes (Auth0 docs: 8 KB cumulative).
pub const MAX_TOTAL_BYTES: usize = 8 * 1024;
/// Most entries per trigger (Auth0 docs).
pub const MAX_ENTRIES: usize = 20;
/// Default time to live when neither `ttl` nor `expires_at` is given: 15 minutes.
pub const DEFAULT_TTL_MS: i64 = 15 * 60 * 1000;

/// The cache of one trigger execution (seedable, carried across actions of a flow).
#[derive(Clone, Debug, Default)]
pub struct Cache {
    entries: Vec<CacheEntry>,
}

impl Cache {
    /// A cache holding `entries` (for seeding a run).
    pub fn new(entries: Vec<CacheEntry>) -> Self {
        Self { entries }
    }

    /// Entries that have not expired at `now_ms`, sorted by key.
    pub fn live_entries(&self, now_ms: i64) -> Vec<CacheEntry> {
        let mut out: Vec<CacheEntry> = self
            .entries
            .iter()
            .filter(|e| e.expires_at > now_ms)
            .cloned()
            .collect();
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out
    }

    /// `api.cache.get(key)`: `{value, expires_at}` or `null` when absent or expired.
    pub fn get(&self, key: &str, now_ms: i64) -> Value {
        match self
            .entries
            .iter()
            .find(|e| e.key == key && e.expires_at > now_ms)
        {
            Some(e) => json!({"value": e.value, "expires_at": e.expires_at}),
            None => Value::Null,
        }
    }

    /// `api.cache.set(key, value, {ttl?, expires_at?})`.
    pub fn set(&mut self, key: &str, value: &str, options: &Value, now_ms: i64) -> Value {
        let error = |code: &str| json!({"type": "error", "code": code});
        if key.len() > MAX_KEY_BYTES {
            return error("CacheKeySizeExceeded");
        }
        if value.len() > MAX_VALUE_BYTES {
            return error("CacheValueSizeExceeded");
        }
        self.entries.retain(|e| e.expires_at > now_ms);
        let others: Vec<&CacheEntry> = self.entries.iter().filter(|e| e.key != key).collect();
        let total: usize = others
            .iter()
            .map(|e| e.key.len() + e.value.len())
            .sum::<usize>()
            + key.len()
            + value.len();
        if total > MAX_TOTAL_BYTES || others.len() + 1 > MAX_ENTRIES {
            return error("CacheSizeExceeded");
        }
        let mut expiry: Option<f64> = None;
        if let Some(ttl) = options.get("ttl").filter(|v| !v.is_null()) {
            match ttl.as_f64().filter(|t| t.is_finite()) {
                Some(t) => expiry = Some(now_ms as f64 + t.floor()),
                None => return error("InvalidExpiry"),
            }
        }
        if let Some(at) = options.get("expires_at").filter(|v| !v.is_null()) {
            match at.as_f64().filter(|t| t.is_finite()) {
                Some(t) => expiry = Some(expiry.map_or(t, |e| e.min(t))),
                None => return error("InvalidExpiry"),
            }
        }
        let expires = expiry.unwrap_or((now_ms + DEFAULT_TTL_MS) as f64);
        if expires <= now_ms as f64 {
            return error("ItemAlreadyExpired");
        }
        // Number.isSafeInteger: integral and within ±(2^53 - 1).
        if expires.fract() != 0.0 || expires.abs() > 9_007_199_254_740_991.0 {
            return error("InvalidExpiry");
        }
        let expires_at = expires as i64;
        self.entries.retain(|e| e.key != key);
        self.entries.push(CacheEntry {
            key: key.to_owned(),
            value: value.to_owned(),
            expires_at,
        });
        json!({"type": "success", "record": {"value": value, "expires_at": expires_at}})
    }

    /// `api.cache.delete(key)`.
    pub fn delete(&mut self, key: &str, now_ms: i64) -> Value {
        let before = self.entries.len();
        let live = self
            .entries
            .iter()
            .any(|e| e.key == key && e.expires_at > now_ms);
        self.entries.retain(|e| e.key != key);
        if live && self.entries.len() < before {
            json!({"type": "success"})
        } else {
            json!({"type": "error", "code": "CacheKeyDoesNotExist"})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    #[test]
    fn set_get_delete_roundtrip_with_default_expiry() {
        let mut c = Cache::default();
        let r = c.set("k", "v", &Value::Null, NOW);
        assert_eq!(r["type"], "success");
        assert_eq!(r["record"]["expires_at"], NOW + DEFAULT_TTL_MS);
        assert_eq!(c.get("k", NOW)["value"], "v");
        assert_eq!(c.delete("k", NOW)["type"], "success");
        assert_eq!(c.delete("k", NOW)["code"], "CacheKeyDoesNotExist");
        assert!(c.get("k", NOW).is_null(), "gone after delete");
    }

    #[test]
    fn result_codes() {
        let mut c = Cache::default();
        assert_eq!(
            c.set(&"k".repeat(65), "v", &Value::Null, NOW)["code"],
            "CacheKeySizeExceeded"
        );
        assert_eq!(
            c.set("k", &"v".repeat(4097), &Value::Null, NOW)["code"],
            "CacheValueSizeExceeded"
        );
        assert_eq!(
            c.set("k", "v", &json!({"ttl": "soon"}), NOW)["code"],
            "InvalidExpiry"
        );
        assert_eq!(
            c.set("k", "v", &json!({"ttl": -5}), NOW)["code"],
            "ItemAlreadyExpired"
        );
        assert_eq!(
            c.set("k", "v", &json!({"expires_at": NOW - 1}), NOW)["code"],
            "ItemAlreadyExpired"
        );
        let both = c.set(
            "k",
            "v",
            &json!({"ttl": 1000, "expires_at": NOW + 500}),
            NOW,
        );
        assert_eq!(
            both["record"]["expires_at"],
            NOW + 500,
            "earlier expiry wins"
        );
        for i in 0..19 {
            assert_eq!(
                c.set(&format!("k{i}"), "v", &Value::Null, NOW)["type"],
                "success"
            );
        }
        assert_eq!(
            c.set("one-too-many", "v", &Value::Null, NOW)["code"],
            "CacheSizeExceeded"
        );
        assert!(
            c.get("k", NOW + 501).is_null(),
            "expired entries read as absent"
        );
    }
}
