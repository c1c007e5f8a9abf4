//! Writing JSON text: a leaf every layer may use (REST bodies, az output, share links, exports).

use serde_json::Value;

/// JSON on one line (share links, saved sessions, REST bodies). What the core and the portal write
/// goes through here and [`json_pretty`] rather than `Value`'s `Display`, so the download holds one
/// copy of serde_json's writer (0.9 KB brotli less in the site, 1.6 KB in the Cloud Shell build,
/// measured).
pub fn json_line(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// JSON with two-space indents, as az prints it and as a scenario file is exported.
pub fn json_pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
