//! Words: whether a line break falls inside a Chinese word. A headline wrapped onto a
//! second line is often cut mid-word (`…做老` ⏎ `鼠仓`); the break between a headline and
//! its subtitle, or a heading and the text under it, falls between words. jieba's
//! segmenter reads the few characters on each side of the break with the words of
//! `rules/words.txt` (jieba's dictionary, its words seen ten times or more: made by
//! `python3 rules/fit/words.py`).

use std::sync::LazyLock;

use jieba_rs::Jieba;

/// The words, `word frequency` a line.
const WORDS: &str = include_str!("../../rules/words.txt");

/// Characters read on each side of a break: enough for the words of four that span it.
const SIDE: usize = 4;

/// Does the break between `a` and `b` (a line's end and the next line's start) fall
/// inside a word? Spaces are read past; a side without a Chinese character at the
/// break never does.
pub(crate) fn splits_word(a: &str, b: &str) -> bool {
    // The list is checked by the tests: a line it cannot read is a build's bug.
    static JIEBA: LazyLock<Jieba> =
        LazyLock::new(|| Jieba::with_dict(&mut WORDS.as_bytes()).unwrap_or_else(|_| Jieba::empty()));
    let cjk = |c: &char| super::script::is_ideograph_like(*c);
    let mut head: Vec<char> = a.chars().rev().filter(|c| !c.is_whitespace()).take(SIDE).collect();
    head.reverse();
    let mut tail = b.chars().filter(|c| !c.is_whitespace()).take(SIDE).peekable();
    if !head.last().is_some_and(cjk) || !tail.peek().is_some_and(cjk) {
        return false;
    }
    let k = head.len();
    let window: String = head.into_iter().chain(tail).collect();
    JIEBA.cut(&window, false).iter().any(|t| t.start < k && t.end > k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_list_reads_a_word_and_its_frequency_a_line() {
        assert!(Jieba::with_dict(&mut WORDS.as_bytes()).is_ok());
        for line in WORDS.lines() {
            let parts: Vec<&str> = line.split(' ').collect();
            assert!(parts.len() == 2 && parts[1].parse::<u32>().is_ok_and(|f| f >= 10), "{line}");
        }
    }

    #[test]
    fn a_break_inside_a_word_is_told_from_one_between_words() {
        assert!(splits_word("常理上不太可能选择工行建行做老", "鼠仓"));
        assert!(splits_word("关于在上海试行启运港退", "税政策的通知"));
        assert!(!splits_word("煤企纷纷降价促销", "煤炭“黄金十年”或已终结"));
        assert!(!splits_word("记者 王", "Reuters"));
        assert!(!splits_word("", "鼠仓"));
    }
}
