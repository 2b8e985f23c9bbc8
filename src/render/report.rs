//! Report: one self-contained HTML file per page for reviewing its edits. The original
//! and the cleaned text side by side, each edit highlighted with its rule and reason, a
//! filter by rule, counts per rule, review edits marked, and the page scan beside the
//! text when an image with the input's stem lies next to it. When the input gave line
//! positions (hOCR, ALTO, PaddleOCR), each edited line's crop of the scan is shown with
//! its edits, and clicking an edit shows its crop. No network: CSS, script and images are
//! inline. Every piece of page text is escaped.

use crate::edit::{Applicability, Edit};
use crate::geometry::Layout;
use crate::ingest::Source;
use crate::scan::{self, Scan};
use crate::Cleaned;
use base64::Engine as _;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whitespace made visible, for showing what an edit removed.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' ' => '␣',
            '\u{3000}' => '□',
            '\n' => '⏎',
            '\t' => '⇥',
            c => c,
        })
        .collect()
}

/// Most line crops in one report: past them a page is better reviewed beside its scan.
const MAX_CROPS: usize = 400;

/// The image scaled to at most `max_width` pixels wide, as a PNG data URL.
fn embed_image(img: &image::DynamicImage, max_width: u32) -> Option<String> {
    let resized;
    let img = if img.width() > max_width {
        resized = img.resize(max_width, u32::MAX, image::imageops::FilterType::Triangle);
        &resized
    } else {
        img
    };
    let mut png = Vec::new();
    img.write_with_encoder(scan::png_encoder(&mut png)).ok()?;
    Some(format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(png)))
}

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; margin: 1em; color: #222; }
h1 { font-size: 1.2em; }
.meta { color: #555; font-size: 0.9em; }
.rules { margin: 0.5em 0 1em; font-size: 0.9em; }
.rules label { margin-right: 1em; white-space: nowrap; }
.panes { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.panes.with-scan { grid-template-columns: 1fr 1fr 1fr; }
.pane { border: 1px solid #ccc; padding: 0.5em; white-space: pre-wrap; word-break: break-all; line-height: 1.7; }
.pane h2 { font-size: 1em; margin: 0 0 0.5em; white-space: normal; }
.scan img { max-width: 100%; }
.crop-list { display: flex; flex-wrap: wrap; gap: 0.8em 1.2em; align-items: flex-start; }
.crops figure { margin: 0; max-width: 100%; }
.crops img, #detail img { display: block; max-width: 100%; border: 1px solid #ddd; margin-top: 0.3em; }
.crops figcaption { font-size: 0.9em; }
.c { background: #eef; cursor: pointer; border-radius: 2px; margin-right: 0.6em; }
.e { background: #fde2e2; cursor: pointer; border-radius: 2px; }
.n { background: #dcf5dc; cursor: pointer; border-radius: 2px; }
.n.del::after { content: "⌫"; color: #999; font-size: 0.7em; }
.review { outline: 2px solid #e6a100; }
.hidden { background: none; outline: none; }
.sel { box-shadow: 0 0 0 2px #3366cc; }
#detail { position: sticky; top: 0; background: #f6f6f6; border: 1px solid #ddd; padding: 0.4em; min-height: 1.5em; font-size: 0.9em; }
"#;

const SCRIPT: &str = r#"
(function () {
  var boxes = document.querySelectorAll('.rules input[type=checkbox]');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    document.querySelectorAll('[data-rule]').forEach(function (el) {
      el.classList.toggle('hidden', !on[el.getAttribute('data-rule')]);
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  var detail = document.getElementById('detail');
  document.querySelectorAll('[data-id]').forEach(function (el) {
    el.addEventListener('click', function () {
      var id = el.getAttribute('data-id');
      document.querySelectorAll('.sel').forEach(function (s) { s.classList.remove('sel'); });
      document.querySelectorAll('[data-id="' + id + '"]').forEach(function (s) { s.classList.add('sel'); });
      detail.textContent = el.getAttribute('title');
      var fig = document.querySelector('.crops [data-id="' + id + '"]');
      var img = fig && fig.closest('figure').querySelector('img');
      if (img) { detail.appendChild(img.cloneNode()); }
    });
  });
})();
"#;

/// The live page's look: each edit's state, and the decision bar.
const LIVE_STYLE: &str = r#"
#decide { position: sticky; top: 0; z-index: 1; background: #fffbea; border: 1px solid #e6d9a8; padding: 0.4em; margin-bottom: 0.5em; font-size: 0.9em; }
#decide button, .act button { margin: 0 0.15em; }
.keys, #note { margin: 0.3em 0 0; color: #555; }
kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 0.3em; background: #fff; }
.act button { font-size: 0.8em; padding: 0 0.3em; }
.family { font-weight: bold; margin-left: 0.6em; }
.n .before { display: none; }
.n[data-status=rejected] .after { display: none; }
.n[data-status=rejected] .before { display: inline; }
[data-status=accepted] { background: #b9e7b9; }
.e[data-status=rejected], .c[data-status=rejected] { background: #eee; text-decoration: line-through; }
.n[data-status=rejected] { background: #eee; }
.n.del[data-status=rejected]::after { content: none; }
#detail { top: 7em; }
"#;

/// How a live page sends a decision: a POST of JSON with the token in its header (never
/// in the address), answered with JSON; an error's message when the server refuses.
/// Both live pages (a page's review, the batch index) send theirs through it.
pub(super) const LIVE_POST: &str = r#"
function newsmendPost(token, path, body) {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Newsmend-Token': token },
    body: JSON.stringify(body)
  }).then(function (r) {
    return r.json().then(function (j) {
      if (!r.ok) { throw new Error(j.error || String(r.status)); }
      return j;
    });
  });
}
"#;

/// The live page's decisions: clicks and keys, each sent at once to the server, which
/// writes it to the review file and the page and answers with the page's states.
const LIVE_SCRIPT: &str = r#"
(function () {
  var token = document.querySelector('meta[name=newsmend-token]').getAttribute('content');
  var page = document.body.getAttribute('data-page');
  var done = 0;
  var order = Array.prototype.slice.call(document.querySelectorAll('#original [data-id]'));
  order = order.filter(function (e) { return e.classList.contains('review'); })
    .concat(order.filter(function (e) { return !e.classList.contains('review'); }));
  var cur = -1, family = false;
  var note = document.getElementById('note');
  function say(t) { note.textContent = t; }
  function finish() { done += 1; document.body.setAttribute('data-done', String(done)); }
  function show(state) {
    ['pending', 'accepted', 'rejected'].forEach(function (k) {
      document.getElementById('n-' + k).textContent = String(state.counts[k]);
    });
    document.querySelectorAll('[data-id]').forEach(function (el) {
      var s = state.status[el.getAttribute('data-id')];
      if (s) { el.setAttribute('data-status', s); }
    });
  }
  function post(path, body) {
    return newsmendPost(token, path, body).then(function (j) {
      if (j.state) { show(j.state); }
      say(j.said || '');
      finish();
      return j;
    }).catch(function (e) { say('not saved: ' + e.message); finish(); });
  }
  function decide(action, what) {
    var body = { page: page, action: action };
    Object.keys(what).forEach(function (k) { body[k] = what[k]; });
    return post('/api/decide', body);
  }
  function select(i) {
    if (!order.length) { return; }
    cur = (i + order.length) % order.length;
    order[cur].click();
    order[cur].scrollIntoView({ block: 'center' });
  }
  function current() { return cur >= 0 ? order[cur] : null; }
  function nextPending() {
    for (var k = 1; k <= order.length; k++) {
      var i = (cur + k) % order.length;
      if (order[i].getAttribute('data-status') === 'pending') { select(i); return; }
    }
  }
  function onEdit(action) {
    var el = current();
    if (!el) { say('select an edit first (click it, or j)'); return; }
    decide(action, { ids: [el.getAttribute('data-id')] });
    if (action !== 'pending') { el.setAttribute('data-status', action === 'accept' ? 'accepted' : 'rejected'); nextPending(); }
  }
  function onRule(action, wide) {
    var el = current();
    if (!el) { say('select an edit first (click it, or j)'); return; }
    var rule = el.getAttribute('data-rule');
    decide(action, { rules: [wide ? rule.split('.')[0] : rule] });
  }
  order.forEach(function (el, i) { el.addEventListener('click', function () { cur = i; }); });
  document.querySelectorAll('#cleaned [data-id], .crops [data-id]').forEach(function (el) {
    el.addEventListener('click', function () {
      var i = order.findIndex(function (o) { return o.getAttribute('data-id') === el.getAttribute('data-id'); });
      if (i >= 0) { cur = i; }
    });
  });
  document.getElementById('accept-edit').addEventListener('click', function () { onEdit('accept'); });
  document.getElementById('reject-edit').addEventListener('click', function () { onEdit('reject'); });
  document.getElementById('pending-edit').addEventListener('click', function () { onEdit('pending'); });
  document.getElementById('accept-all').addEventListener('click', function () { decide('accept', { all: true }); });
  document.getElementById('reject-all').addEventListener('click', function () { decide('reject', { all: true }); });
  document.getElementById('undo').addEventListener('click', function () { post('/api/undo', { page: page }); });
  document.getElementById('quit').addEventListener('click', function () {
    post('/api/quit', {}).then(function () { document.getElementById('decide').textContent = 'newsmend review has stopped: every decision is saved; close this tab.'; });
  });
  document.querySelectorAll('.act').forEach(function (act) {
    act.querySelectorAll('button').forEach(function (b) {
      b.addEventListener('click', function () { decide(b.getAttribute('data-do'), { rules: [act.getAttribute('data-name')] }); });
    });
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target && ev.target.tagName;
    if (t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT') { return; }
    var wide = family;
    family = false;
    switch (ev.key) {
      case 'j': select(cur + 1); break;
      case 'k': select(cur < 0 ? -1 : cur - 1); break;
      case 'a': if (wide) { onRule('accept', true); } else { onEdit('accept'); } break;
      case 'r': if (wide) { onRule('reject', true); } else { onEdit('reject'); } break;
      case 'A': onRule('accept', false); break;
      case 'R': onRule('reject', false); break;
      case 'f': family = true; say('family of the edit: a accept, r reject'); break;
      case 'u': post('/api/undo', { page: page }); break;
      default: return;
    }
    ev.preventDefault();
  });
})();
"#;

/// One edit as the report shows it: from a page just cleaned, or from its review file
/// (whose ids and decisions the browser review shows and changes).
#[derive(Debug, Clone)]
pub struct Mark<'a> {
    pub id: String,
    pub rule: &'a str,
    pub start: usize,
    pub end: usize,
    pub after: &'a str,
    pub applicability: Applicability,
    pub reason: &'a str,
    /// `pending`, `accepted` or `rejected`, as the review file says.
    pub status: &'a str,
}

/// What a report is of: the page's name and encoding, the text the edits refer to, the
/// edits in text order, and the line positions when the input gave them (for crops).
pub struct Page<'a> {
    pub name: &'a str,
    pub encoding: &'a str,
    pub text: &'a str,
    pub marks: Vec<Mark<'a>>,
    pub layout: Option<&'a Layout>,
}

/// The report as a page of the browser review (`review --web`): the same report, plus
/// the decision controls and their script. The script and style carry `nonce`, which
/// the server's Content-Security-Policy names, so that nothing else inline runs; the
/// token goes back with every decision, in a header.
pub struct Live<'a> {
    pub nonce: &'a str,
    pub token: &'a str,
    /// The page's key, which every decision names.
    pub page: &'a str,
    /// The batch index's address, when the page is one of a batch.
    pub index: Option<&'a str>,
}

/// The HTML report of one cleaned page. `image`: the page scan to show beside it.
pub fn html(source: &Source, cleaned: &Cleaned, image: Option<&Path>) -> String {
    let scan = image.and_then(|p| Scan::open(p, source.layout.as_ref()));
    html_with_scan(source, cleaned, scan.as_ref())
}

/// [`html`] with the scan decoded already (the batch draws its overview from it too).
pub(crate) fn html_with_scan(source: &Source, cleaned: &Cleaned, scan: Option<&Scan>) -> String {
    let text = &source.text;
    let edits: Vec<&Edit> = cleaned.accepted_edits().collect();
    let ids = crate::edit::EditIds::new(text, edits.iter().copied()).all();
    let marks = edits
        .iter()
        .zip(ids)
        .map(|(e, id)| Mark {
            id,
            rule: e.rule(),
            start: e.start(),
            end: e.end(),
            after: e.replacement(),
            applicability: e.applicability,
            reason: e.reason(),
            status: "pending",
        })
        .collect();
    let page = Page { name: &source.name, encoding: source.encoding, text, marks, layout: source.layout.as_ref() };
    render(&page, scan, None)
}

/// The report of `page` for the browser review: see [`Live`].
pub(crate) fn live_html(page: &Page, scan: Option<&Scan>, live: &Live) -> String {
    render(page, scan, Some(live))
}

/// The one report renderer: the static file, or with `live` the browser review's page.
fn render(page: &Page, scan: Option<&Scan>, live: Option<&Live>) -> String {
    let text = page.text;
    let (original, result) = panes(page, live.is_some());
    let nonce = live.map(|l| format!(" nonce=\"{}\"", escape(l.nonce))).unwrap_or_default();
    let mut html = String::with_capacity(text.len() * 4 + 4096);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>newsmend: {}</title>\n<style{nonce}>{STYLE}{}</style>\n",
        escape(page.name),
        if live.is_some() { LIVE_STYLE } else { "" }
    );
    if let Some(l) = live {
        let _ = writeln!(html, "<meta name=\"newsmend-token\" content=\"{}\">", escape(l.token));
    }
    html.push_str("</head>\n");
    match live {
        Some(l) => {
            let _ = writeln!(html, "<body data-page=\"{}\" data-done=\"0\">", escape(l.page));
        }
        None => html.push_str("<body>\n"),
    }
    let reviews = page.marks.iter().filter(|m| m.applicability == Applicability::Review).count();
    let heading = if live.is_some() { "newsmend review" } else { "newsmend report" };
    let _ = write!(
        html,
        "<h1>{heading}: {}</h1>\n<p class=\"meta\">{} · {} edits, {} for review · click an edit for its rule and reason</p>\n",
        escape(page.name),
        escape(page.encoding),
        page.marks.len(),
        reviews
    );
    if let Some(l) = live {
        html.push_str(&controls(page, l));
    }
    html.push_str(&rules(page, live.is_some()));
    html.push_str("<div id=\"detail\"></div>\n");
    let whole = scan.and_then(|s| embed_image(&s.image, 1000));
    let _ = writeln!(html, "<div class=\"panes{}\">", if whole.is_some() { " with-scan" } else { "" });
    if let Some(src) = whole {
        let _ = writeln!(html, "<div class=\"pane scan\"><h2>Scan</h2><img alt=\"page scan\" src=\"{src}\"></div>");
    }
    let _ = writeln!(html, "<div class=\"pane\" id=\"original\"><h2>Original</h2>{original}</div>");
    let _ = writeln!(html, "<div class=\"pane\" id=\"cleaned\"><h2>Cleaned</h2>{result}</div>");
    html.push_str("</div>\n");
    if let (Some(scan), Some(layout)) = (scan, page.layout) {
        html.push_str(&crops(scan, layout, page, live.is_some()));
    }
    let _ = write!(
        html,
        "<script{nonce}>{SCRIPT}{}{}</script>\n</body>\n</html>\n",
        if live.is_some() { LIVE_POST } else { "" },
        if live.is_some() { LIVE_SCRIPT } else { "" }
    );
    html
}

/// The rule, its applicability, its reason and the change, shown on hover and click.
fn title(text: &str, m: &Mark) -> String {
    format!(
        "{} ({}): {} — 「{}」→「{}」",
        m.rule,
        m.applicability.as_str(),
        m.reason,
        visible(&text[m.start..m.end]),
        visible(m.after)
    )
}

/// The attributes every mark of an edit carries, wherever it is shown: its class (with
/// `review` for an edit a rule is unsure of), rule, id, title, and live its state.
fn attributes(base: &str, text: &str, m: &Mark, live: bool) -> String {
    let review = if m.applicability == Applicability::Review { " review" } else { "" };
    let status = if live { format!(" data-status=\"{}\"", escape(m.status)) } else { String::new() };
    format!(
        r#"class="{base}{review}" data-rule="{}" data-id="{}"{status} title="{}""#,
        escape(m.rule),
        escape(&m.id),
        escape(&title(text, m))
    )
}

/// The original and the cleaned text, each edit marked. Live, the cleaned side holds
/// both the edit's text and the original's, and the edit's state shows the one the
/// page has now (a rejected edit reads as the original).
fn panes(page: &Page, live: bool) -> (String, String) {
    let text = page.text;
    let mut original = String::new();
    let mut result = String::new();
    let mut pos = 0;
    for m in &page.marks {
        original.push_str(&escape(&text[pos..m.start]));
        result.push_str(&escape(&text[pos..m.start]));
        let before = &text[m.start..m.end];
        // Line breaks stay breaks beside their mark, so the original keeps its lines.
        let shown = escape(&visible(before)).replace('⏎', "⏎\n");
        let _ = write!(original, "<span {}>{shown}</span>", attributes("e", text, m, live));
        // The cleaned side keeps real line breaks, so it reads as the output does.
        let base = if m.after.is_empty() { "n del" } else { "n" };
        let after = if live {
            format!(r#"<span class="after">{}</span><span class="before">{}</span>"#, escape(m.after), escape(before))
        } else {
            escape(m.after)
        };
        let _ = write!(result, "<span {}>{after}</span>", attributes(base, text, m, live));
        pos = m.end;
    }
    original.push_str(&escape(&text[pos..]));
    result.push_str(&escape(&text[pos..]));
    (original, result)
}

/// The rule filter with each rule's count; live, with a decision for each rule and
/// each family.
fn rules(page: &Page, live: bool) -> String {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for m in &page.marks {
        let c = counts.entry(m.rule).or_default();
        c.0 += 1;
        c.1 += usize::from(m.applicability == Applicability::Review);
    }
    let mut html = String::from("<div class=\"rules\">Rules: ");
    for (rule, (n, r)) in &counts {
        let _ = write!(
            html,
            "<label><input type=\"checkbox\" value=\"{0}\" checked> {0} <span class=\"count\">×{1}</span>{2}</label>",
            escape(rule),
            n,
            if *r > 0 { format!(" ({r} review)") } else { String::new() }
        );
        if live {
            html.push_str(&decide_buttons("rule", rule));
        }
    }
    html.push_str("</div>\n");
    if live {
        html.push_str("<div class=\"rules families\">Families: ");
        let families: std::collections::BTreeSet<&str> = counts.keys().map(|r| family(r)).collect();
        for f in families {
            let _ = write!(html, "<span class=\"family\">{}</span>{}", escape(f), decide_buttons("rule", f));
        }
        html.push_str("</div>\n");
    }
    html
}

/// A rule's family: its name up to the first dot (`space` of `space.cjk-latin`).
pub fn family(rule: &str) -> &str {
    rule.split('.').next().unwrap_or(rule)
}

/// Accept and reject buttons for the pending and earlier decided edits of a rule or a
/// family (the live script sends them as `accept`/`reject --rule NAME` would).
fn decide_buttons(scope: &str, name: &str) -> String {
    format!(
        "<span class=\"act\" data-scope=\"{scope}\" data-name=\"{0}\"><button type=\"button\" data-do=\"accept\" title=\"accept every edit of {0}\">✓</button><button type=\"button\" data-do=\"reject\" title=\"reject every edit of {0}\">✗</button></span> ",
        escape(name)
    )
}

/// The live page's decision bar: counters, the selected edit's buttons, all pending,
/// undo, the keys, quit, and the way back to the batch index.
fn controls(page: &Page, live: &Live) -> String {
    let count = |s: &str| page.marks.iter().filter(|m| m.status == s).count();
    let back =
        live.index.map(|i| format!("<a id=\"index\" href=\"{}\">← all pages</a> · ", escape(i))).unwrap_or_default();
    format!(
        "<div id=\"decide\">{back}<span id=\"counts\">pending <b id=\"n-pending\">{}</b> · accepted <b id=\"n-accepted\">{}</b> · rejected <b id=\"n-rejected\">{}</b></span>\n\
         <span class=\"edit-act\">edit: <button type=\"button\" id=\"accept-edit\">accept</button><button type=\"button\" id=\"reject-edit\">reject</button><button type=\"button\" id=\"pending-edit\">undecide</button></span>\n\
         <span>all pending: <button type=\"button\" id=\"accept-all\">accept</button><button type=\"button\" id=\"reject-all\">reject</button></span>\n\
         <button type=\"button\" id=\"undo\">undo</button> <button type=\"button\" id=\"quit\">quit</button>\n\
         <p class=\"keys\">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous edit (review edits first) · <kbd>a</kbd> accept · <kbd>r</kbd> reject · <kbd>A</kbd>/<kbd>R</kbd> all of its rule · <kbd>f</kbd> then <kbd>a</kbd>/<kbd>r</kbd> all of its family · <kbd>u</kbd> undo. Every decision is saved at once.</p>\n\
         <p id=\"note\" role=\"status\"></p></div>\n",
        count("pending"),
        count("accepted"),
        count("rejected")
    )
}

/// The edited lines on the scan: one crop per line (or the few lines an edit spans), with
/// its edits under it.
fn crops(scan: &Scan, layout: &Layout, page: &Page, live: bool) -> String {
    let text = page.text;
    // Edits come in text order: those on the same lines are neighbours.
    let mut groups: Vec<(std::ops::Range<usize>, Vec<&Mark>)> = Vec::new();
    for m in &page.marks {
        let lines = scan::lines_of(layout, m.start..m.end);
        match groups.last_mut() {
            Some((l, members)) if *l == lines => members.push(m),
            _ => groups.push((lines, vec![m])),
        }
    }
    let mut out = String::from("<div class=\"crops\"><h2>Edited lines on the scan</h2>\n<div class=\"crop-list\">\n");
    for (n, (lines, members)) in groups.iter().enumerate() {
        if n == MAX_CROPS {
            let _ = writeln!(out, "<p class=\"meta\">{} more edited lines not shown.</p>", groups.len() - n);
            break;
        }
        let placed: Vec<&crate::geometry::Placed> = layout.lines[lines.clone()].iter().collect();
        let Some(src) = scan.crop(&placed) else { continue };
        let first = placed.first().map(|l| &text[l.span.clone()]).unwrap_or("");
        let _ = write!(
            out,
            "<figure><img class=\"crop\" alt=\"scan of line {}: {}\" src=\"{src}\"><figcaption>",
            lines.start + 1,
            escape(first)
        );
        for m in members {
            let _ = write!(
                out,
                "<span {}>「{}」→「{}」</span>",
                attributes("c", text, m, live),
                escape(&visible(&text[m.start..m.end])),
                escape(&visible(m.after))
            );
        }
        out.push_str("</figcaption></figure>\n");
    }
    out.push_str("</div></div>\n");
    out
}
