//! The browser review (`review --web`) over HTTP and in a real headless Chromium: the
//! token guards every request, a GET never decides, only files under OUT are served,
//! the server listens on loopback alone, and the decisions clicked and typed in the
//! page are the files `accept`/`reject` would write, for a page and across a batch.

use crate::common::{newsmend, repo, skipped, BIN};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `review --web` server running for a test, stopped when the test ends.
struct Served {
    child: Child,
    url: String,
    addr: SocketAddr,
    token: String,
}

impl Served {
    fn start(dir: &Path, target: &str) -> Served {
        let mut child = Command::new(BIN)
            .current_dir(dir)
            .args(["review", target, "--web", "--no-open", "--idle-timeout", "5m"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start review --web");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("first line");
        let url = line.trim().to_string();
        let rest = url.strip_prefix("http://").expect("an http address");
        let (host, token) = rest.split_once("/?token=").expect("address with token");
        Served { addr: host.parse().expect("host:port"), token: token.to_string(), url, child }
    }

    /// A request; its status and body.
    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
        http(self.addr, method, target, headers, body)
    }

    fn get(&self, target: &str) -> (u16, String) {
        self.request("GET", target, &[], "")
    }

    fn post(&self, path: &str, body: &str) -> (u16, String) {
        self.request("POST", path, &[("X-Newsmend-Token", &self.token), ("Content-Type", "application/json")], body)
    }

    /// Wait for the server to stop by itself (the page's quit).
    fn wait_stopped(mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.child.try_wait().expect("wait").is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("review --web did not stop after quit");
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request on its own connection, bounded in time: its status and body.
fn http(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let (status, _, body) = http_full(addr, method, target, headers, body);
    (status, body)
}

/// [`http`] with the reply's headers.
fn http_full(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    let mut req = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).expect("status line");
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status, head.to_string(), body.to_string())
}

/// A page cleaned into `dir/out.txt` from the bundled example.
fn cleaned_page(dir: &Path) {
    std::fs::copy(repo().join("testdata/example.txt"), dir.join("page.txt")).expect("copy");
    assert!(newsmend(dir, &["clean", "page.txt", "-o", "out.txt"]).status.success());
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

#[test]
fn web_every_request_needs_the_token() {
    let dir = tempfile::tempdir().expect("tmp");
    cleaned_page(dir.path());
    let s = Served::start(dir.path(), "out.txt");
    let before = read(&dir.path().join("out.txt.review.json"));
    assert_eq!(s.get("/").0, 403, "no token");
    assert_eq!(s.get("/?token=0123456789abcdef0123456789abcdef").0, 403, "wrong token");
    assert_eq!(s.get(&format!("/?token={}x", s.token)).0, 403, "token and more");
    let decide = r#"{"page":"out.txt","action":"reject","all":true}"#;
    let wrong = [("X-Newsmend-Token", "nope"), ("Content-Type", "application/json")];
    assert_eq!(s.request("POST", "/api/decide", &wrong, decide).0, 403, "POST with a wrong token");
    // A POST's token must come in its header: one in the query is not enough.
    assert_eq!(s.request("POST", &format!("/api/decide?token={}", s.token), &[], decide).0, 403);
    assert_eq!(read(&dir.path().join("out.txt.review.json")), before, "nothing decided without the token");
    let (status, page) = s.get(&format!("/?token={}", s.token));
    assert_eq!(status, 200);
    assert!(page.contains("id=\"cleaned\"") && page.contains("data-status=\"pending\""));
    assert!(!page.contains("http://") && !page.contains("https://"), "no external resources");
    assert_eq!(page.matches("<script").count(), 1, "one script, the page's own");
    assert!(s.url.starts_with("http://127.0.0.1:"));
}

#[test]
fn web_page_runs_only_its_own_script() {
    let dir = tempfile::tempdir().expect("tmp");
    let evil = "他说<script>document.title='pwned'</script>好\n<img src=x onerror=\"alert(1)\">\n";
    std::fs::write(dir.path().join("page.txt"), evil).expect("write");
    assert!(newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]).status.success());
    let s = Served::start(dir.path(), "out.txt");
    let (status, head, page) = http_full(s.addr, "GET", &format!("/?token={}", s.token), &[], "");
    assert_eq!(status, 200);
    let csp = head.lines().find_map(|l| l.strip_prefix("Content-Security-Policy: ")).expect("a CSP");
    let nonce = csp.split("'nonce-").nth(1).and_then(|n| n.split('\'').next()).expect("a nonce");
    assert!(csp.starts_with("default-src 'none'; script-src 'nonce-"), "{csp}");
    assert!(!csp.contains("unsafe-inline") && !csp.contains("http"), "{csp}");
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains(&format!("<script nonce=\"{nonce}\">")));
    assert!(page.contains("&lt;script&gt;document.title=") && !page.contains("<img src=x"), "page text escaped");
    // A fresh nonce for every page.
    let (_, again, _) = http_full(s.addr, "GET", &format!("/?token={}", s.token), &[], "");
    assert!(!again.contains(nonce));
}

#[test]
fn web_get_never_decides() {
    let dir = tempfile::tempdir().expect("tmp");
    cleaned_page(dir.path());
    let s = Served::start(dir.path(), "out.txt");
    let (review, out) = (dir.path().join("out.txt.review.json"), dir.path().join("out.txt"));
    let before = (read(&review), read(&out));
    for path in ["/api/decide", "/api/undo", "/api/quit"] {
        let target = format!("{path}?token={}&page=out.txt&action=reject&all=true", s.token);
        assert_eq!(s.get(&target).0, 405, "GET {path}");
        let headers = [("X-Newsmend-Token", s.token.as_str())];
        assert_eq!(s.request("GET", path, &headers, r#"{"page":"out.txt","action":"reject","all":true}"#).0, 405);
    }
    assert_eq!((read(&review), read(&out)), before, "a GET changed nothing");
    assert_eq!(s.get(&format!("/?token={}", s.token)).0, 200, "and the server is still there");
}

#[test]
fn web_decisions_are_the_cli_decisions() {
    let dir = tempfile::tempdir().expect("tmp");
    cleaned_page(dir.path());
    std::fs::copy(dir.path().join("out.txt"), dir.path().join("cli.txt")).expect("copy");
    std::fs::copy(dir.path().join("out.txt.review.json"), dir.path().join("cli.txt.review.json")).expect("copy");
    let s = Served::start(dir.path(), "out.txt");
    let (status, said) = s.post("/api/decide", r#"{"page":"out.txt","action":"reject","rules":["space"]}"#);
    assert_eq!(status, 200, "{said}");
    assert!(said.contains("edits rejected"), "{said}");
    assert!(newsmend(dir.path(), &["reject", "cli.txt", "--rule", "space"]).status.success());
    assert_eq!(read(&dir.path().join("out.txt")), read(&dir.path().join("cli.txt")));
    // The command line's decision is the browser's on reload, and the other way round.
    assert!(newsmend(dir.path(), &["accept", "out.txt", "--edit", "a741367ebcfd"]).status.success());
    let (_, page) = s.get(&format!("/?token={}", s.token));
    assert!(page.contains(r#"data-id="a741367ebcfd" data-status="accepted""#));
    // Undo sets back the browser's last decision, and nothing the command line did.
    let (status, said) = s.post("/api/undo", r#"{"page":"out.txt"}"#);
    assert_eq!(status, 200, "{said}");
    let st = String::from_utf8(newsmend(dir.path(), &["status", "out.txt"]).stdout).expect("utf8");
    assert!(st.contains(", 1 accepted, 0 rejected"), "{st}");
    // Mistakes are refused before anything is written.
    assert_eq!(s.post("/api/decide", r#"{"page":"out.txt","action":"reject","ids":["000000000000"]}"#).0, 400);
    assert_eq!(s.post("/api/decide", r#"{"page":"out.txt","action":"reject","rules":["nosuch"]}"#).0, 400);
    assert_eq!(s.post("/api/decide", r#"{"page":"out.txt","action":"delete","all":true}"#).0, 400);
    assert_eq!(s.post("/api/decide", "not json").0, 400);
    assert_eq!(
        s.post("/api/decide", &format!(r#"{{"page":"out.txt","action":"reject","ids":["{}"]}}"#, "a".repeat(2000))).0,
        413
    );
    assert_eq!(s.post("/api/decide", r#"{"page":"../out.txt","action":"reject","all":true}"#).0, 404);
}

#[test]
fn web_serves_only_files_under_out() {
    let dir = tempfile::tempdir().expect("tmp");
    let (scans, out) = (dir.path().join("scans"), dir.path().join("out"));
    std::fs::create_dir_all(scans.join("issue")).expect("mkdir");
    std::fs::copy(repo().join("testdata/example.txt"), scans.join("issue/p01.txt")).expect("copy");
    assert!(newsmend(dir.path(), &["batch", "scans", "-o", "out", "-q"]).status.success());
    std::fs::write(dir.path().join("secret.txt"), "secret").expect("secret");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt")).expect("symlink");
    let s = Served::start(dir.path(), "out");
    let t = &s.token;
    assert_eq!(s.get(&format!("/files/issue/p01/page.txt?token={t}")).0, 200, "a file under OUT");
    for bad in [
        "/files/../secret.txt",
        "/files/%2e%2e/secret.txt",
        "/files/issue/../../secret.txt",
        "/files//etc/passwd",
        "/files/%2Fetc%2Fpasswd",
        "/files/link.txt",
        "/files/issue",
        "/files/",
    ] {
        let (status, body) = s.get(&format!("{bad}?token={t}"));
        assert_eq!(status, 404, "{bad}");
        assert!(!body.contains("secret") && !body.contains("root:"), "{bad}");
    }
    for bad in ["../secret.txt", "%2Fetc%2Fpasswd", "issue/p01/page.json", "link.txt"] {
        assert_eq!(s.get(&format!("/page?p={bad}&token={t}")).0, 404, "page {bad}");
    }
    assert_eq!(s.get(&format!("/page?p=issue/p01/page.txt&token={t}")).0, 200);
}

#[test]
fn web_listens_on_loopback_only() {
    let dir = tempfile::tempdir().expect("tmp");
    cleaned_page(dir.path());
    let s = Served::start(dir.path(), "out.txt");
    assert!(s.addr.ip().is_loopback() && s.addr.ip().to_string() == "127.0.0.1", "{}", s.url);
    // Another address of this machine (127.0.0.2 answers as this machine does when a
    // server listens on every address) does not reach it.
    let other = SocketAddr::new([127, 0, 0, 2].into(), s.addr.port());
    assert!(TcpStream::connect_timeout(&other, Duration::from_secs(2)).is_err(), "reachable on {other}");
    assert_eq!(s.get(&format!("/?token={}", s.token)).0, 200);
}

#[test]
fn web_batch_of_fifty_pages() {
    let dir = tempfile::tempdir().expect("tmp");
    let example = read(&repo().join("testdata/example.txt"));
    for i in 1..=50 {
        let issue = dir.path().join(format!("scans/issue{:02}", (i - 1) / 10));
        std::fs::create_dir_all(&issue).expect("mkdir");
        std::fs::write(issue.join(format!("p{i:02}.txt")), format!("第{i}页 记者 王{i}\n\n{example}")).expect("page");
    }
    assert!(newsmend(dir.path(), &["batch", "scans", "-o", "out", "-q"]).status.success());
    let s = Served::start(dir.path(), "out");
    let (status, index) = s.get(&format!("/?token={}", s.token));
    assert_eq!(status, 200);
    assert_eq!(index.matches("<tr class=\"page").count(), 50, "every page listed");
    assert!(index.contains("href=\"/page?p=issue00/p01/page.txt&amp;token="));
    // Batch-wide decisions name rules only.
    assert_eq!(s.post("/api/decide", r#"{"action":"reject","all":true,"batch":true}"#).0, 400);
    let (status, said) = s.post("/api/decide", r#"{"action":"reject","rules":["space.cjk-latin"],"batch":true}"#);
    assert_eq!(status, 200, "{said}");
    assert!(said.contains("in 50 pages"), "{said}");
    let pages: Vec<std::path::PathBuf> =
        (1..=50).map(|i| dir.path().join(format!("out/issue{:02}/p{i:02}/page.txt", (i - 1) / 10))).collect();
    let rejected = |page: &Path| {
        let v: serde_json::Value = serde_json::from_str(&read(&page.with_extension("txt.review.json"))).expect("json");
        let edits = v["edits"].as_array().expect("edits").clone();
        let of = |rule: &str| edits.iter().filter(|e| e["rule"] == rule).collect::<Vec<_>>();
        let cjk_latin = of("space.cjk-latin");
        assert!(!cjk_latin.is_empty(), "{}", page.display());
        cjk_latin.iter().all(|e| e["status"] == "rejected")
            && edits.iter().filter(|e| e["rule"] != "space.cjk-latin").all(|e| e["status"] == "pending")
    };
    assert!(pages.iter().all(|p| rejected(p)), "the rejection reached every page");
    let before: Vec<String> = pages.iter().map(|p| read(p)).collect();
    drop(s);
    // A batch run again (over a changed option, so every page is cleaned again) keeps
    // every decision.
    assert!(newsmend(dir.path(), &["batch", "scans", "-o", "out", "-q", "--format", "markdown"]).status.success());
    assert!(pages.iter().all(|p| rejected(p)), "decisions kept by batch");
    assert_eq!(pages.iter().map(|p| read(p)).collect::<Vec<_>>(), before);
}

/// chromedriver and chromium, when this machine has both.
fn browser(test: &str) -> bool {
    let ok = |p: &str| Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success());
    if !(ok("chromium") && ok("chromedriver")) {
        skipped(test, "needs chromium and chromedriver (apt-get install chromium chromium-driver)");
        return false;
    }
    true
}

/// chromedriver on a free port, stopped when the test ends.
struct Driver(Child, u16);

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver(child, port)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn web_review_in_headless_chromium() {
    if !browser("web_review_in_headless_chromium") {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    cleaned_page(dir.path());
    let served = Served::start(dir.path(), "out.txt");
    let driver = Driver::start();
    let profile = tempfile::tempdir().expect("profile");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(drive(driver.1, &served.url, profile.path())).expect("the page in chromium");
    served.wait_stopped();
    drop(driver);

    // The one edit rejected by click, the family `space` by keys; the accept undone.
    let v: serde_json::Value = serde_json::from_str(&read(&dir.path().join("out.txt.review.json"))).expect("json");
    for e in v["edits"].as_array().expect("edits") {
        let rule = e["rule"].as_str().expect("rule");
        let want = if e["id"] == ONE || rule.starts_with("space.") { "rejected" } else { "pending" };
        assert_eq!(e["status"], want, "{e}");
    }
    let spaces = v["edits"]
        .as_array()
        .expect("edits")
        .iter()
        .filter(|e| e["rule"].as_str().is_some_and(|r| r.starts_with("space.")))
        .count();
    let st = String::from_utf8(newsmend(dir.path(), &["status", "out.txt"]).stdout).expect("utf8");
    assert!(st.contains(&format!(", 0 accepted, {} rejected", spaces + 1)), "{st}");
    // OUT is `clean --disable space` with the one edit rejected.
    assert!(newsmend(dir.path(), &["clean", "page.txt", "-o", "expected.txt", "--disable", "space"]).status.success());
    assert!(newsmend(dir.path(), &["reject", "expected.txt", "--edit", ONE]).status.success());
    assert_eq!(read(&dir.path().join("out.txt")), read(&dir.path().join("expected.txt")));
}

/// A WebDriver session of headless Chromium with its own profile.
async fn session(port: u16, profile: &Path) -> fantoccini::Client {
    let mut args =
        ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"].map(String::from).to_vec();
    args.push(format!("--user-data-dir={}", profile.display()));
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), serde_json::json!({ "args": args }));
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    fantoccini::ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a chromium session")
}

/// The edit rejected by a click: the example's first opening quote (`punct.quote`).
const ONE: &str = "a741367ebcfd";

/// In the page: click an edit and its reject button; select a `space` edit and type
/// `f r` (its family rejected); `j a` (the next edit accepted), `u` (that undone); quit.
async fn drive(port: u16, url: &str, profile: &Path) -> Result<(), fantoccini::error::CmdError> {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    use fantoccini::Locator;
    let client = session(port, profile).await;
    client.goto(url).await?;
    let done = |n: usize| format!("body[data-done=\"{n}\"]");
    let wait = |css: String| {
        let client = client.clone();
        async move { client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(&css)).await.map(|_| ()) }
    };
    let keys = |s: &str| {
        let mut k = KeyActions::new("keys".into());
        for c in s.chars() {
            k = k.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
        }
        k
    };
    client.find(Locator::Css(&format!("#original [data-id=\"{ONE}\"]"))).await?.click().await?;
    client.find(Locator::Id("reject-edit")).await?.click().await?;
    wait(done(1)).await?;
    client.find(Locator::Css("#original [data-rule^=\"space.\"]")).await?.click().await?;
    client.perform_actions(keys("fr")).await?;
    wait(done(2)).await?;
    client.perform_actions(keys("ja")).await?;
    wait(done(3)).await?;
    client.perform_actions(keys("u")).await?;
    wait(done(4)).await?;
    let counts = client.find(Locator::Id("n-accepted")).await?.text().await?;
    assert_eq!(counts, "0", "the accept undone");
    client.find(Locator::Id("quit")).await?.click().await?;
    wait(done(5)).await?;
    client.close().await
}

#[test]
fn web_batch_in_headless_chromium() {
    if !browser("web_batch_in_headless_chromium") {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    for i in 1..=3 {
        let issue = dir.path().join("scans/issue");
        std::fs::create_dir_all(&issue).expect("mkdir");
        std::fs::copy(repo().join("testdata/example.txt"), issue.join(format!("p{i:02}.txt"))).expect("page");
    }
    assert!(newsmend(dir.path(), &["batch", "scans", "-o", "out", "-q"]).status.success());
    let served = Served::start(dir.path(), "out");
    let driver = Driver::start();
    let profile = tempfile::tempdir().expect("profile");
    let pages: Vec<std::path::PathBuf> =
        (1..=3).map(|i| dir.path().join(format!("out/issue/p{i:02}/page.txt.review.json"))).collect();
    let all_rejected = || {
        pages.iter().all(|p| {
            let v: serde_json::Value = serde_json::from_str(&read(p)).expect("json");
            let edits = v["edits"].as_array().expect("edits").clone();
            edits.iter().filter(|e| e["rule"] == "space.cjk-latin").all(|e| e["status"] == "rejected")
        })
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(drive_batch(driver.1, &served.url, profile.path(), &all_rejected)).expect("the index in chromium");
    assert!(all_rejected());
}

/// In the index: a rule chosen and rejected in every page, which nothing does until it
/// is confirmed; then a page opened from the index.
async fn drive_batch(
    port: u16,
    url: &str,
    profile: &Path,
    all_rejected: &dyn Fn() -> bool,
) -> Result<(), fantoccini::error::CmdError> {
    use fantoccini::Locator;
    let client = session(port, profile).await;
    client.goto(url).await?;
    assert_eq!(client.find_all(Locator::Css("tr.page")).await?.len(), 3);
    client.find(Locator::Id("rule")).await?.select_by_value("space.cjk-latin").await?;
    client.find(Locator::Id("reject-batch")).await?.click().await?;
    let ask = client.find(Locator::Id("ask")).await?.text().await?;
    assert!(ask.contains("space.cjk-latin in 3 pages"), "{ask}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!all_rejected(), "nothing decided before the confirmation");
    client.find(Locator::Id("yes")).await?.click().await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while !all_rejected() {
        assert!(Instant::now() < deadline, "the batch-wide rejection did not reach every page");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let link = client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("tr.page a")).await?;
    link.click().await?;
    client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("#cleaned [data-status=rejected]")).await?;
    client.close().await
}

#[test]
fn web_stops_by_itself_when_idle() {
    let dir = tempfile::tempdir().expect("tmp");
    cleaned_page(dir.path());
    let t = Instant::now();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["review", "out.txt", "--web", "--no-open", "--idle-timeout", "1s"])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(t.elapsed() < Duration::from_secs(30));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.lines().next().is_some_and(|l| l.starts_with("http://127.0.0.1:") && l.contains("/?token=")));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no request for 1 s: stopped"));
}
