//! CLI tests as data: each `tests/cmd/*.toml` is one invocation of `newsmend` with its
//! expected stdout, stderr and exit code, run from `testdata/`. Regenerate expected
//! output after a deliberate change with `TRYCMD=overwrite cargo test cli_cases`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
