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
