//! The same page in every supported encoding and newline style gives byte-identical output.

use std::process::Command;

fn clean(bytes: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("page.txt");
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_newsmend")).arg("clean").arg(&path).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn gb18030_utf16_bom_and_crlf_copies_clean_identically() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example.txt")).expect("example");
    let reference = clean(text.as_bytes());
    assert!(!reference.is_empty());
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert_eq!(clean(&gb), reference, "GB18030");
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(clean(&le), reference, "UTF-16LE");
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(clean(&be), reference, "UTF-16BE");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    assert_eq!(clean(&bom), reference, "UTF-8 with BOM");
    assert_eq!(clean(text.replace('\n', "\r\n").as_bytes()), reference, "CRLF");
    assert_eq!(clean(text.replace('\n', "\r").as_bytes()), reference, "CR");
}

#[test]
fn big5_traditional_page_is_decoded_and_left_traditional() {
    let text = "荷蘭政府取締新式跳舞，指為可怕的不正當。中國學究反對跳舞，外人亦反對跳舞，奇矣。\n\
                北里主人每自誇其家無跳舞者，以此道互誘之功，遠勝和酒故也。據性學家言，觸覺與性美的關係至深。\n";
    let (b5, _, unmappable) = encoding_rs::BIG5.encode(text);
    assert!(!unmappable);
    // Two paragraphs alone: the output opens on the blank line that marks its layout.
    assert_eq!(String::from_utf8(clean(&b5)).expect("utf-8"), format!("\n{text}"));
}

fn clean_err(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("page.txt");
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_newsmend")).arg("clean").arg(&path).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).replace(&path.display().to_string(), "page.txt")
}

fn example() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example.txt")).expect("example")
}

/// UTF-16 without a byte-order mark is told from its head (NUL bytes where ASCII's high
/// bytes are, the text it reads as in each byte order) and read as with one.
#[test]
fn utf16_without_a_bom_reads_as_with_one() {
    let text = example();
    let reference = clean(text.as_bytes());
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(clean(&le), reference, "UTF-16LE");
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_eq!(clean(&be), reference, "UTF-16BE");
    let latin = "Page 3 of the Evening News, 12 May 1930.\n".repeat(20);
    let le: Vec<u8> = latin.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert!(String::from_utf8(clean(&le)).expect("utf-8").contains("Page 3 of the Evening News"));
}

/// UTF-8 with a few damaged sequences (a character cut at the end, a bad byte mid-page)
/// is UTF-8 with U+FFFD there, not a legacy encoding's nonsense or an error.
#[test]
fn damaged_utf8_stays_utf8() {
    let text = example();
    let mut cut = text.as_bytes().to_vec();
    cut.extend(&"中".as_bytes()[..2]);
    assert!(String::from_utf8(clean(&cut)).expect("utf-8").trim_end().ends_with('\u{FFFD}'));
    let mid = text.find("改造").expect("a word");
    let mut bad = text.as_bytes().to_vec();
    bad.insert(mid, 0xFF);
    let out = String::from_utf8(clean(&bad)).expect("utf-8");
    assert!(out.contains("\u{FFFD}改造"), "{out}");
}

/// Bytes no encoding reads: the error says UTF-8 fails and where (byte offset and line
/// of the first bad sequence), and what GB18030 and Big5 gave.
#[test]
fn undecodable_bytes_say_where_utf8_fails_and_what_was_tried() {
    let text = example();
    let line = text.lines().nth(10).expect("line 11");
    let at = text.find(line).expect("line") + line.char_indices().nth(2).expect("a third character").0;
    let mut bad = text.as_bytes().to_vec();
    // High bytes, 0xFF first: invalid from its first byte on.
    let mut noise: Vec<u8> = (0..400u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80).collect();
    noise[0] = 0xFF;
    bad.splice(at..at, noise);
    let err = clean_err(&bad);
    assert!(err.starts_with("newsmend: page.txt: cannot decode as text: not valid UTF-8 ("), "{err}");
    assert!(
        err.contains(&format!("invalid sequences, the first at byte offset {at}, line 11), nor GB18030 (")),
        "{err}"
    );
    assert!(err.contains(") nor Big5 (") && err.ends_with("); save it as UTF-8\n"), "{err}");
}
