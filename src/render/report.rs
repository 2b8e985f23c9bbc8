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
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for e in &edits {
        let c = counts.entry(e.rule()).or_default();
        c.0 += 1;
        if e.applicability == Applicability::Review {
            c.1 += 1;
        }
    }
    let title = |e: &Edit| {
        format!(
            "{} ({}): {} — 「{}」→「{}」",
            e.rule(),
            e.applicability.as_str(),
            e.reason(),
            visible(&text[e.start()..e.end()]),
            visible(e.replacement())
        )
    };
    let class = |base: &str, e: &Edit| {
        if e.applicability == Applicability::Review {
            format!("{base} review")
        } else {
            base.to_string()
        }
    };
    let mut original = String::new();
    let mut result = String::new();
    let mut pos = 0;
    for (e, id) in edits.iter().zip(&ids) {
        original.push_str(&escape(&text[pos..e.start()]));
        result.push_str(&escape(&text[pos..e.start()]));
        let t = escape(&title(e));
        let _ = write!(
            original,
            r#"<span class="{}" data-rule="{}" data-id="{}" title="{}">{}</span>"#,
            class("e", e),
            escape(e.rule()),
            escape(id),
            t,
            // Line breaks stay breaks beside their mark, so the original keeps its lines.
            escape(&visible(&text[e.start()..e.end()])).replace('⏎', "⏎\n")
        );
        // The cleaned side keeps real line breaks, so it reads as the output does.
        let del = if e.replacement().is_empty() { " del" } else { "" };
        let _ = write!(
            result,
            r#"<span class="{}{del}" data-rule="{}" data-id="{}" title="{}">{}</span>"#,
            class("n", e),
            escape(e.rule()),
            escape(id),
            t,
            escape(e.replacement())
        );
        pos = e.end();
    }
    original.push_str(&escape(&text[pos..]));
    result.push_str(&escape(&text[pos..]));

    let mut html = String::with_capacity(text.len() * 4 + 4096);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>newsmend: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&source.name)
    );
    let reviews: usize = counts.values().map(|c| c.1).sum();
    let _ = write!(
        html,
        "<h1>newsmend report: {}</h1>\n<p class=\"meta\">{} · {} edits, {} for review · click an edit for its rule and reason</p>\n",
        escape(&source.name),
        escape(source.encoding),
        edits.len(),
        reviews
    );
    html.push_str("<div class=\"rules\">Rules: ");
    for (rule, (n, r)) in &counts {
        let _ = write!(
            html,
            "<label><input type=\"checkbox\" value=\"{0}\" checked> {0} <span class=\"count\">×{1}</span>{2}</label>",
            escape(rule),
            n,
            if *r > 0 { format!(" ({r} review)") } else { String::new() }
        );
    }
    html.push_str("</div>\n<div id=\"detail\"></div>\n");
    let whole = scan.and_then(|s| embed_image(&s.image, 1000));
    let _ = writeln!(html, "<div class=\"panes{}\">", if whole.is_some() { " with-scan" } else { "" });
    if let Some(src) = whole {
        let _ = writeln!(html, "<div class=\"pane scan\"><h2>Scan</h2><img alt=\"page scan\" src=\"{src}\"></div>");
    }
    let _ = writeln!(html, "<div class=\"pane\" id=\"original\"><h2>Original</h2>{original}</div>");
    let _ = writeln!(html, "<div class=\"pane\" id=\"cleaned\"><h2>Cleaned</h2>{result}</div>");
    html.push_str("</div>\n");
    if let (Some(scan), Some(layout)) = (scan, source.layout.as_ref()) {
        html.push_str(&crops(scan, layout, text, &edits, &ids, &title));
    }
    html.push_str("<script>");
    html.push_str(SCRIPT);
    html.push_str("</script>\n</body>\n</html>\n");
    html
}

/// The edited lines on the scan: one crop per line (or the few lines an edit spans), with
/// its edits under it.
fn crops(
    scan: &Scan,
    layout: &Layout,
    text: &str,
    edits: &[&Edit],
    ids: &[String],
    title: &dyn Fn(&Edit) -> String,
) -> String {
    // Edits come in text order: those on the same lines are neighbours.
    let mut groups: Vec<(std::ops::Range<usize>, Vec<usize>)> = Vec::new();
    for (k, e) in edits.iter().enumerate() {
        let lines = scan::lines_of(layout, e.start()..e.end());
        match groups.last_mut() {
            Some((l, members)) if *l == lines => members.push(k),
            _ => groups.push((lines, vec![k])),
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
        for &k in members {
            let e = edits[k];
            let _ = write!(
                out,
                r#"<span class="c{}" data-rule="{}" data-id="{}" title="{}">「{}」→「{}」</span>"#,
                if e.applicability == Applicability::Review { " review" } else { "" },
                escape(e.rule()),
                escape(&ids[k]),
                escape(&title(e)),
                escape(&visible(&text[e.start()..e.end()])),
                escape(&visible(e.replacement()))
            );
        }
        out.push_str("</figcaption></figure>\n");
    }
    out.push_str("</div></div>\n");
    out
}
