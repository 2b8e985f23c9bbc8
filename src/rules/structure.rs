//! The structure stage's word lists: the `[structure.LIST]` tables of `rules/structure.toml`
//! and of the user's files, each list's words or patterns merged and compiled once per
//! rule set into the matchers the stage runs ([`StructureRules`]).
//!
//! Three lists are guarded by the line scan's hints (`text::script::LINE_HINTS`): the
//! stage looks for them only on lines holding one of their hint characters. The
//! built-in entries are kept to their hints by the tests; a user's entry that holds no
//! hint of its list is compiled apart and looked for without the guard.

use super::rules_err;
use crate::error::Result;
use crate::text::script::{hint, sets_hint, HSPACE_CLASS};
use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// One `[structure.LIST]` table of a rule file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListSection {
    pub description: Option<String>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
}

/// The `[structure]` section: its lists by id.
pub(crate) type StructureSection = BTreeMap<String, ListSection>;

/// What a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Words, matched as written.
    Words,
    /// Regular expressions.
    Patterns,
    /// Single characters.
    Marks,
}

/// A list the stage reads: its id, what it holds, and the [`hint`] bits of the line
/// scan that guard it (0: looked for on every line it applies to).
#[derive(Debug)]
pub struct ListSpec {
    pub id: &'static str,
    pub holds: Holds,
    pub hints: u8,
}

/// Every list, in the order `newsmend rules` shows them.
pub const LISTS: &[ListSpec] = &[
    ListSpec {
        id: "running-head",
        holds: Holds::Patterns,
        hints: hint::YEAR | hint::STAR | hint::BAN | hint::UPPER | hint::ISSUE,
    },
    // The bare number has no hint: the stage looks for it on short lines instead.
    ListSpec { id: "folio", holds: Holds::Patterns, hints: hint::BAN },
    ListSpec { id: "editor", holds: Holds::Words, hints: hint::EDITOR },
    ListSpec { id: "masthead", holds: Holds::Words, hints: 0 },
    ListSpec { id: "section", holds: Holds::Words, hints: 0 },
    ListSpec { id: "jump-onward", holds: Holds::Words, hints: 0 },
    ListSpec { id: "jump-from", holds: Holds::Words, hints: 0 },
    ListSpec { id: "credit", holds: Holds::Words, hints: 0 },
    ListSpec { id: "credit-lead", holds: Holds::Words, hints: 0 },
    ListSpec { id: "photo-credit", holds: Holds::Words, hints: 0 },
    ListSpec { id: "bracket-end", holds: Holds::Words, hints: 0 },
    ListSpec { id: "byline", holds: Holds::Words, hints: 0 },
    ListSpec { id: "byline-lead", holds: Holds::Words, hints: 0 },
    ListSpec { id: "dateline", holds: Holds::Patterns, hints: 0 },
    ListSpec { id: "item-mark", holds: Holds::Marks, hints: 0 },
];

/// One word, pattern or mark of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub text: String,
    /// From `rules/structure.toml`, not a user's file.
    pub builtin: bool,
    /// Every match holds one of the list's hint characters: the scan's guard may be
    /// trusted with it.
    pub hinted: bool,
}

/// One list as the files gave it: for `newsmend rules` and the tests of its examples.
#[derive(Debug, Clone)]
pub struct StructureList {
    pub spec: &'static ListSpec,
    pub description: String,
    /// The built-in entries, then the user's in the order of their files.
    pub entries: Vec<ListEntry>,
    /// Lines the stage reads by this list.
    pub examples: Vec<String>,
}

impl StructureList {
    fn texts(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.text.as_str())
    }
}

/// A list the line scan guards. The entries it may trust the guard with run only on a
/// line the scan saw one of the list's hints in; a user's entries that hold no hint run
/// on every line.
#[derive(Debug, Clone)]
pub struct Guarded {
    /// The [`hint`] bits that guard the list.
    pub hints: u8,
    hinted: Regex,
    /// The unguarded entries alone, and every entry (to count matches as one
    /// alternation would): only when a user's file holds such an entry.
    open: Option<(Regex, Regex)>,
}

impl Guarded {
    /// Does `t` match? `seen` says the scan saw one of the list's hints in the line.
    #[inline]
    pub(crate) fn is_match(&self, t: &str, seen: bool) -> bool {
        (seen && self.hinted.is_match(t)) || self.open.as_ref().is_some_and(|(open, _)| open.is_match(t))
    }

    /// How many matches `t` holds, apart, leftmost first.
    #[inline]
    pub fn count(&self, t: &str, seen: bool) -> usize {
        match &self.open {
            // The built-in entries of a counted list all hold a hint (a test checks):
            // with the guard off they find what they found with it.
            Some((_, all)) => all.find_iter(t).count(),
            None if seen => self.hinted.find_iter(t).count(),
            None => 0,
        }
    }

    /// Does any entry match, the guard aside?
    pub(crate) fn is_match_unguarded(&self, t: &str) -> bool {
        self.is_match(t, true)
    }
}

/// A few characters, asked after for every character of a line: a 64-bit filter of
/// their low bits rules most characters out in one test.
#[derive(Debug, Clone, Default)]
pub struct CharSet {
    filter: u64,
    chars: Vec<char>,
}

impl CharSet {
    fn new(chars: impl IntoIterator<Item = char>) -> Self {
        let mut set = CharSet::default();
        for c in chars {
            set.filter |= 1 << (c as u32 % 64);
            set.chars.push(c);
        }
        set
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        self.filter & (1 << (c as u32 % 64)) != 0 && self.chars.contains(&c)
    }
}

/// A pattern compiled once per rule set, on first use: a page that never needs it pays
/// nothing for it (the text output reads no byline; most pages hold no jump note).
#[derive(Debug, Clone)]
pub struct LazyRegex {
    source: String,
    re: OnceLock<Regex>,
}

impl LazyRegex {
    /// `now`: compile at once, so that a user's entries fail when the rules load and
    /// not on a page; the built-in lists compile (the tests read every one).
    fn new(source: String, now: bool) -> Result<Self> {
        let re = OnceLock::new();
        if now {
            let compiled = Regex::new(&source)
                .map_err(|e| rules_err(Path::new("structure"), format!("the lists do not compile: {e}")))?;
            let _ = re.set(compiled);
        }
        Ok(LazyRegex { source, re })
    }

    pub fn get(&self) -> &Regex {
        self.re.get_or_init(|| Regex::new(&self.source).expect("the built-in structure lists compile"))
    }
}

/// The structure stage's word lists, compiled: built once per rule set.
#[derive(Debug, Clone)]
pub struct StructureRules {
    /// Running-head labels: the date, the weekday, the page label.
    pub running_head: Guarded,
    /// A folio line, whole: the number between dashes or spaces.
    pub folio: Guarded,
    /// An editor's credit opening a line, to its colon.
    pub editor: Guarded,
    /// The editor and hotline words anywhere in a line (`16　编辑　曹阳　校对　冯涛`,
    /// `巴渝日报　第3版　新闻热线：…`): each counts as a running head's label.
    pub credit_words: Guarded,
    pub masthead: Vec<String>,
    /// The names of a paper's sections (`财经`, `民生`): a running head's field.
    pub section: Vec<String>,
    /// A jump note: the group `on` holds an onward word, `page` the page label.
    pub jump: LazyRegex,
    pub credit: Vec<String>,
    pub credit_lead: Vec<String>,
    pub photo_credit: Vec<String>,
    /// The first character of every credit and credit-lead word: a line holding none is
    /// no credit, but for a photo credit in brackets.
    pub credit_first: CharSet,
    pub bracket_end: Vec<String>,
    pub byline: LazyRegex,
    pub dateline: LazyRegex,
    /// The credit and byline-lead words: a line opening on one opens on its credit
    /// (`本报记者 王五`, `通讯员 李四`).
    pub credit_open: Vec<String>,
    /// The reporters' roles (`记者`, `通讯员`): the byline words.
    pub roles: Vec<String>,
    pub item_marks: CharSet,
    /// Every list as the files gave it, in [`LISTS`] order.
    pub lists: Vec<StructureList>,
}

impl StructureRules {
    /// The lists of `rules/structure.toml` alone, compiled once for the process: for
    /// callers of the stage that hold no rule set.
    pub fn builtin() -> &'static StructureRules {
        static BUILTIN: OnceLock<StructureRules> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let (name, text) = super::BUILTIN_STRUCTURE;
            let file: super::RuleFile = toml::from_str(text).expect("rules/structure.toml parses");
            let mut lists = Lists::default();
            lists.add(Path::new(name), file.structure.unwrap_or_default(), true).expect("rules/structure.toml lists");
            lists.finish().expect("rules/structure.toml compiles")
        })
    }

    /// The list `id`, as the files gave it.
    pub fn list(&self, id: &str) -> Option<&StructureList> {
        self.lists.iter().find(|l| l.spec.id == id)
    }
}

/// The lists read so far, one per [`LISTS`] entry.
pub(super) struct Lists(Vec<StructureList>);

impl Default for Lists {
    fn default() -> Self {
        Lists(
            LISTS
                .iter()
                .map(|spec| StructureList {
                    spec,
                    description: String::new(),
                    entries: Vec::new(),
                    examples: Vec::new(),
                })
                .collect(),
        )
    }
}

impl Lists {
    /// Add a file's `[structure]` tables: their entries go after the list's own.
    pub(super) fn add(&mut self, path: &Path, section: StructureSection, builtin: bool) -> Result<()> {
        for (id, s) in section {
            let Some(list) = self.0.iter_mut().find(|l| l.spec.id == id) else {
                let ids: Vec<&str> = LISTS.iter().map(|l| l.id).collect();
                return Err(rules_err(path, format!("structure.{id}: no such list (lists: {})", ids.join(", "))));
            };
            let spec = list.spec;
            let (entries, other) = match spec.holds {
                Holds::Patterns => (s.patterns, s.words),
                Holds::Words | Holds::Marks => (s.words, s.patterns),
            };
            if !other.is_empty() {
                let (holds, not) =
                    if spec.holds == Holds::Patterns { ("patterns", "words") } else { ("words", "patterns") };
                return Err(rules_err(path, format!("structure.{id}: a list of {holds}, not {not}")));
            }
            for text in entries {
                let hinted = check(spec, &text).map_err(|why| rules_err(path, format!("structure.{id}: {why}")))?;
                list.entries.push(ListEntry { text, builtin, hinted });
            }
            if list.description.is_empty() {
                list.description = s.description.unwrap_or_default();
            }
            list.examples.extend(s.examples);
        }
        Ok(())
    }

    pub(super) fn finish(self) -> Result<StructureRules> {
        let lists = self.0;
        let list = |id: &str| lists.iter().find(|l| l.spec.id == id).expect("every list is in LISTS");
        let words = |id: &str| list(id).texts().map(String::from).collect::<Vec<_>>();
        let user = |ids: &[&str]| ids.iter().any(|&id| list(id).entries.iter().any(|e| !e.builtin));
        let jump = jump_pattern(list("jump-onward"), list("jump-from"));
        let jump = LazyRegex::new(jump, user(&["jump-onward", "jump-from"]))?;
        let byline = byline_pattern(list("byline"), list("byline-lead"));
        let byline = LazyRegex::new(byline, user(&["byline", "byline-lead"]))?;
        let dateline = format!("^(?:{})", alternation(list("dateline").texts().map(String::from)));
        let dateline = LazyRegex::new(dateline, user(&["dateline"]))?;
        let (credit, credit_lead) = (words("credit"), words("credit-lead"));
        let credit_open = credit.iter().cloned().chain(words("byline-lead")).collect();
        let credit_first = CharSet::new(credit.iter().chain(&credit_lead).filter_map(|w| w.chars().next()));
        Ok(StructureRules {
            running_head: guarded(list("running-head"), str::to_string, str::to_string)?,
            folio: guarded(list("folio"), str::to_string, |alt| format!(r"^[-－—–\s]*(?:{alt})[-－—–\s]*$"))?,
            // Spaces between the characters too (Tesseract's `责 任 编 辑 ：`): the space
            // pass removes them, and the output must read as the input did.
            editor: guarded(
                list("editor"),
                |w| spaced(w, r"\s*"),
                |alt| format!(r"^[.,，。·、\s]{{0,2}}(?:{alt})\s*[:：]"),
            )?,
            credit_words: guarded(list("editor"), |w| spaced(w, r"\s*"), str::to_string)?,
            masthead: words("masthead"),
            section: words("section"),
            jump,
            credit,
            credit_lead,
            photo_credit: words("photo-credit"),
            credit_first,
            bracket_end: words("bracket-end"),
            byline,
            dateline,
            credit_open,
            roles: words("byline"),
            item_marks: CharSet::new(list("item-mark").texts().filter_map(|m| m.chars().next())),
            lists,
        })
    }
}

/// A jump note: brackets, an onward (group `on`) or a from word, `第`, the page label
/// (group `page`), `版`.
fn jump_pattern(onward: &StructureList, from: &StructureList) -> String {
    // OCR reads the brackets as 《 or 【 and the O of A01 as o: accept them. Spaces
    // are the ones `is_hspace` knows, which the line tests skip: with `\s` a note
    // broken by a stray `\r` was a note to the pattern and too long a line to be one.
    // Spaces inside 下转 and 上接 too: the space pass closes them up, and read as
    // `接` alone the note left `(上` behind, a word, until it did.
    let sp = HSPACE_CLASS;
    let word = |w: &str| spaced(w, &format!("{sp}*"));
    format!(
        r"[（(《〈【\[]?{sp}*(?:(?P<on>{})|(?:{})){sp}*(?:第{sp}*)?(?P<page>[A-Za-z]?[0-9OoIl]{{1,3}}){sp}*版{sp}*[）)》〉】\]]?",
        alternation(onward.texts().map(word)),
        alternation(from.texts().map(word)),
    )
}

/// A byline: a bracket holding a marker word (group 1 its inside), or a lead word
/// opening the paragraph and the name after it.
fn byline_pattern(markers: &StructureList, leads: &StructureList) -> String {
    format!(
        r"[（(]((?:[^（()）]{{0,12}}?)(?:{})[^（()）]{{1,30}})[）)]|^(?:{})[ \u3000]*\p{{Han}}{{2,3}}",
        alternation(markers.texts().map(regex::escape)),
        alternation(leads.texts().map(regex::escape)),
    )
}

/// Check one entry of `spec`'s list, and say whether every match of it holds one of
/// the list's hints.
fn check(spec: &ListSpec, text: &str) -> std::result::Result<bool, String> {
    let hinted = |c: char| sets_hint(c, spec.hints);
    match spec.holds {
        _ if text.is_empty() => Err("an empty entry".into()),
        Holds::Marks if text.chars().nth(1).is_some() => Err(format!("`{text}` is not a single character")),
        Holds::Words | Holds::Marks => Ok(text.chars().any(hinted)),
        Holds::Patterns => {
            let hir = regex_syntax::Parser::new().parse(text).map_err(|e| format!("pattern `{text}`: {e}"))?;
            Ok(covered(&hir, &hinted))
        }
    }
}

/// Does every match of `hir` hold a character `hint` accepts? Conservative: false when
/// it cannot tell.
fn covered(hir: &Hir, hint: &impl Fn(char) -> bool) -> bool {
    match hir.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0).is_ok_and(|s| s.chars().any(hint)),
        // A class stops at its first character that is no hint: `\p{Han}` costs little.
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().all(|r| (r.start()..=r.end()).all(hint)),
        HirKind::Class(Class::Bytes(_)) | HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Repetition(rep) => rep.min > 0 && covered(&rep.sub, hint),
        HirKind::Capture(cap) => covered(&cap.sub, hint),
        HirKind::Concat(parts) => parts.iter().any(|h| covered(h, hint)),
        HirKind::Alternation(parts) => parts.iter().all(|h| covered(h, hint)),
    }
}

/// Compile a guarded list: each entry made a pattern by `piece`, their alternation made
/// the whole matcher by `whole`.
fn guarded(list: &StructureList, piece: impl Fn(&str) -> String, whole: impl Fn(&str) -> String) -> Result<Guarded> {
    let compile = |entries: &mut dyn Iterator<Item = &ListEntry>| {
        let re = whole(&alternation(entries.map(|e| piece(&e.text))));
        Regex::new(&re).map_err(|e| rules_err(Path::new("structure"), format!("structure.{}: {e}", list.spec.id)))
    };
    // The built-in entries are trusted with the guard: the tests keep them to it.
    let trusted = |e: &&ListEntry| e.builtin || e.hinted;
    let hinted = compile(&mut list.entries.iter().filter(trusted))?;
    let open = if list.entries.iter().all(|e| trusted(&e)) {
        None
    } else {
        Some((compile(&mut list.entries.iter().filter(|e| !trusted(e)))?, compile(&mut list.entries.iter())?))
    };
    Ok(Guarded { hints: list.spec.hints, hinted, open })
}

/// `parts` as one alternation, each part a group of its own; an empty class, which
/// matches nothing, when there are none.
fn alternation(parts: impl Iterator<Item = String>) -> String {
    let alt: Vec<String> = parts.map(|p| format!("(?:{p})")).collect();
    if alt.is_empty() {
        r"[^\s\S]".to_string()
    } else {
        alt.join("|")
    }
}

/// `word` as a pattern that allows `space` between its characters.
fn spaced(word: &str, space: &str) -> String {
    let chars: Vec<String> = word.chars().map(|c| regex::escape(c.encode_utf8(&mut [0; 4]))).collect();
    chars.join(space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_is_read_from_the_pattern() {
        let year = |c: char| c == '年';
        let cov = |p: &str| covered(&regex_syntax::Parser::new().parse(p).unwrap(), &year);
        assert!(cov(r"\d{4}\s*年"));
        assert!(cov(r"(?:年|年份)\d"));
        assert!(!cov(r"\d{4}(?:年|-)"));
        assert!(!cov(r"年?\d{4}"));
        assert!(!cov(r"\d{4}"));
        let upper = |c: char| sets_hint(c, hint::UPPER);
        assert!(covered(&regex_syntax::Parser::new().parse(r"(?-u:\b)[A-Z]\d{2}").unwrap(), &upper));
        assert!(!covered(&regex_syntax::Parser::new().parse(r"[A-Za-z]\d{2}").unwrap(), &upper));
    }

    #[test]
    fn an_empty_list_matches_nothing() {
        let re = Regex::new(&format!("^(?:{})", alternation(std::iter::empty()))).unwrap();
        assert!(!re.is_match("") && !re.is_match("本报讯"));
    }

    #[test]
    fn words_allow_spaces_between_their_characters() {
        let re = Regex::new(&format!("^{}$", spaced("责.编", r"\s*"))).unwrap();
        assert!(re.is_match("责.编") && re.is_match("责 . 编") && !re.is_match("责x编"));
    }
}
