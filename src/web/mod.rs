//! The browser review (`review --web`): a small local HTTP server on one cleaned page or
//! a batch output folder. It shows the page's report with a decision on every edit,
//! rule and family, and the batch's pages with decisions by rule across all of them.
//! Each decision goes through [`crate::review`], under the review file's lock, as
//! `accept` and `reject` make theirs, so the command line, the terminal review and the
//! browser always agree on the same files.
//!
//! It listens on 127.0.0.1 unless told another address, and answers only requests that
//! carry the token it prints ([`routes`]). Requests are taken one at a time, which is
//! what keeps one browser's decisions in order; bodies are small and read before a
//! request is handed over, and large replies are written from a thread of their own, so
//! no client holds the server up.

mod decide;
mod http;
mod routes;
mod site;

use crate::error::{Error, Result};
use http::{Reply, Req, MAX_BODY};
use routes::{App, Next};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

pub use site::Site;

/// How the server is started.
#[derive(Debug, Clone)]
pub struct Options {
    /// A cleaned page (with its review file) or a batch output folder.
    pub target: PathBuf,
    pub bind: IpAddr,
    /// 0: any free port.
    pub port: u16,
    /// The server stops after this long without a request.
    pub idle: Duration,
}

/// Replies larger than this are written from their own thread: a client that does not
/// read them holds up only that thread.
const SMALL_REPLY: usize = 64 << 10;

/// A server bound and ready: its address is known before it serves.
pub struct Server {
    http: tiny_http::Server,
    addr: SocketAddr,
    token: String,
    app: App,
    idle: Duration,
}

/// Why the server stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    Quit,
    Idle,
}

impl Server {
    /// Bind the address and get ready to serve `opts.target`.
    pub fn bind(opts: &Options) -> Result<Server> {
        let site = Site::of(&opts.target)?;
        let token = http::random_hex()?;
        let asked = SocketAddr::new(opts.bind, opts.port);
        let http =
            tiny_http::Server::http(asked).map_err(|e| Error::Serve { addr: asked.to_string(), why: e.to_string() })?;
        let addr = http.server_addr().to_ip().unwrap_or(asked);
        Ok(Server { http, addr, app: App::new(site, token.clone()), token, idle: opts.idle })
    }

    /// The address to open: `http://127.0.0.1:PORT/?token=TOKEN`.
    pub fn url(&self) -> String {
        format!("http://{}/?token={}", self.addr, self.token)
    }

    /// Serve until the page's Quit, or until no request came for the idle time.
    pub fn run(mut self) -> Result<Stopped> {
        loop {
            let request = match self.http.recv_timeout(self.idle) {
                Ok(Some(r)) => r,
                Ok(None) => return Ok(Stopped::Idle),
                Err(e) => return Err(Error::Serve { addr: self.addr.to_string(), why: e.to_string() }),
            };
            if self.serve(request) == Next::Quit {
                return Ok(Stopped::Quit);
            }
        }
    }

    /// Answer one request.
    fn serve(&mut self, mut request: tiny_http::Request) -> Next {
        let post = *request.method() == tiny_http::Method::Post;
        let (reply, next) = match read_body(&mut request, post) {
            Err(reply) => (reply, Next::Go),
            Ok(body) => {
                let token = request
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("X-Newsmend-Token"))
                    .map(|h| h.value.as_str().to_string());
                self.app.handle(&Req::new(post, request.url(), token, body))
            }
        };
        let response = response(reply);
        if next == Next::Quit || response.1 <= SMALL_REPLY {
            let _ = request.respond(response.0);
        } else {
            std::thread::spawn(move || request.respond(response.0));
        }
        next
    }
}

/// The request's body, when it is one the server reads: at most [`MAX_BODY`] bytes, of
/// a known length (a POST without one is refused), none for a GET.
fn read_body(request: &mut tiny_http::Request, post: bool) -> Result<Vec<u8>, Reply> {
    if !post {
        return Ok(Vec::new());
    }
    match request.body_length() {
        Some(n) if n <= MAX_BODY => {
            let mut body = Vec::with_capacity(n);
            use std::io::Read;
            request
                .as_reader()
                .take(MAX_BODY as u64)
                .read_to_end(&mut body)
                .map_err(|_| Reply::error(400, "the body could not be read"))?;
            Ok(body)
        }
        Some(_) => Err(Reply::error(413, "a decision is at most 1 KB")),
        None => Err(Reply::error(411, "a POST needs a Content-Length")),
    }
}

/// The crate's response of a reply, with its length.
fn response(reply: Reply) -> (tiny_http::Response<std::io::Cursor<Vec<u8>>>, usize) {
    let (len, headers) = (reply.body.len(), reply.headers());
    let mut r = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    for (name, value) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            r.add_header(h);
        }
    }
    (r, len)
}
