//! URL encoding for the links the server's own pages build. HTML escaping itself is the
//! report's (`newstrace_report::escape`), so the server and the report escape one way.
//!
//! Hand-written: percent-encoding of one path segment or query value is a short loop, and
//! the `percent-encoding` crate would be a dependency for it alone.

use std::fmt::Write;

/// `s` percent-encoded for a URL path segment or query value (everything but unreserved
/// characters), so an id or a query cannot break out of the URL it is put in.
pub fn url_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_components_cannot_break_out() {
        assert_eq!(url_component("a b/c?d#e\"<"), "a%20b%2Fc%3Fd%23e%22%3C");
        assert_eq!(url_component("wire-0001"), "wire-0001");
        assert_eq!(url_component("é"), "%C3%A9");
    }
}
