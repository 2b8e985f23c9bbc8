//! The little of HTTP the review needs beyond the server crate: a request reduced to
//! what the routes read, replies with the security headers every response carries, and
//! percent-decoding of paths and query strings.

/// The largest request body read: a decision is a few names. Larger bodies are refused
/// unread (the server crate reads bodies up to 1 KB before handing the request over,
/// so a client that stalls mid-body never holds up the server).
pub const MAX_BODY: usize = 1024;

/// A request as the routes see it.
#[derive(Debug, Clone, Default)]
pub struct Req {
    pub post: bool,
    /// The path, percent-decoded (`None`: not valid UTF-8 once decoded).
    pub path: Option<String>,
    pub query: Vec<(String, String)>,
    /// The `X-Newsmend-Token` header.
    pub token_header: Option<String>,
    pub body: Vec<u8>,
}

impl Req {
    /// A request from its method, raw URL, token header and body.
    pub fn new(post: bool, url: &str, token_header: Option<String>, body: Vec<u8>) -> Req {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        Req { post, path: decode(path, false), query: parse_query(query), token_header, body }
    }

    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A reply: status, content type, body, and the Content-Security-Policy's nonce when
/// the body is a page with a script.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub nonce: Option<String>,
}

impl Reply {
    pub fn html(body: String, nonce: String) -> Reply {
        Reply { status: 200, content_type: "text/html; charset=utf-8", body: body.into_bytes(), nonce: Some(nonce) }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply { status, content_type: "application/json", body: value.to_string().into_bytes(), nonce: None }
    }

    /// An error said in a line of JSON, which the page shows.
    pub fn error(status: u16, why: &str) -> Reply {
        Reply::json(status, &serde_json::json!({ "error": why }))
    }

    pub fn file(body: Vec<u8>, content_type: &'static str) -> Reply {
        Reply { status: 200, content_type, body, nonce: None }
    }

    /// The headers every reply carries: nothing runs but the page's own script (by its
    /// nonce), nothing loads from elsewhere, no page frames it, nothing is cached, and
    /// no address with the token leaves in a Referer.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let csp = match &self.nonce {
            Some(n) => format!(
                "default-src 'none'; script-src 'nonce-{n}'; style-src 'nonce-{n}'; img-src data:; \
                 connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            ),
            None => "default-src 'none'; img-src 'self' data:; frame-ancestors 'none'; sandbox".to_string(),
        };
        vec![
            ("Content-Type", self.content_type.to_string()),
            ("Content-Security-Policy", csp),
            ("X-Content-Type-Options", "nosniff".into()),
            ("Referrer-Policy", "no-referrer".into()),
            ("Cache-Control", "no-store".into()),
            ("X-Frame-Options", "DENY".into()),
        ]
    }
}

/// The content type of a file served from OUT, by its extension; anything else is
/// bytes to download, never a page to run.
pub fn content_type(path: &std::path::Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("txt" | "md" | "html" | "hocr" | "xml") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((decode(k, true)?, decode(v, true)?))
        })
        .collect()
}

/// Percent-decoding (`+` a space in a query); `None` when the bytes are not UTF-8.
pub fn decode(s: &str, plus: bool) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// A fresh random token or nonce: 128 bits, hex.
pub fn random_hex() -> crate::error::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::error::Error::Serve { addr: "-".into(), why: format!("no random numbers: {e}") })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_are_decoded() {
        assert_eq!(decode("%2e%2E/x", false).as_deref(), Some("../x"));
        assert_eq!(decode("a+b%20c", true).as_deref(), Some("a b c"));
        assert_eq!(decode("100%", false).as_deref(), Some("100%"));
        assert_eq!(decode("%zz", false).as_deref(), Some("%zz"));
        assert_eq!(decode("%ff", false), None);
        let r = Req::new(false, "/page?p=a%2Fb.txt&token=T", None, Vec::new());
        assert_eq!(r.param("p"), Some("a/b.txt"));
        assert_eq!(r.param("token"), Some("T"));
    }
}
