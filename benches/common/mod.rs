//! The pages both benches are made of: the testdata pages, then the devset inputs when
//! `../shared/devset` lies beside the repository, in a stable order.

use std::path::Path;

pub fn seed_pages() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seed = Vec::new();
    for name in ["example.txt", "ecpo-jingbao-1930-04-03-wrap.txt", "ecpo-jingbao-1930-04-06-lines.txt"] {
        seed.push(std::fs::read_to_string(root.join("testdata").join(name)).expect("testdata page"));
    }
    let mut stack = vec![root.join("../shared/devset")];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(p.file_name().and_then(|f| f.to_str()), Some("input.txt" | "page.txt")) {
                found.push(p);
            }
        }
    }
    // A stable order, so every run benches the same stream.
    found.sort();
    seed.extend(found.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    seed
}
