//! The library's import graph has no circles: data flows down the stages (ingest →
//! geometry → structure → passes → render → review → batch), nothing reaches back up,
//! and the library never imports the command line, which lives in the binary.
//!
//! Every source file of the library is parsed (syn) and every path it names — `use`
//! trees and paths in code alike, test code left out — is resolved to the module that
//! defines it. Two graphs must be acyclic: the top-level modules (the stages and their
//! helpers), and the files inside each folder. A folder's `mod.rs` declaring and
//! re-exporting its files, and those files taking the folder's shared types from it, is
//! the parent-child relation and is not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// Each library module (`["edit", "apply"]`) and its file.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(src).into_iter().flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let rel = p.strip_prefix(src).unwrap();
        let mut parts: Vec<String> =
            rel.iter().map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
        if parts.last().is_some_and(|l| l == "mod") {
            parts.pop();
        }
        // The binary's files: its root, its allocator and the command line.
        if parts == ["main"] || parts == ["alloc"] || parts.first().is_some_and(|f| f == "cli") {
            continue;
        }
        if parts == ["lib"] {
            parts.clear();
        }
        // A module's tests in a file of their own (`#[cfg(test)] mod tests;`) are test
        // code, left out as an inline test module is.
        if parts.last().is_some_and(|l| l == "tests") {
            continue;
        }
        out.insert(parts, p.to_path_buf());
    }
    out
}

/// The paths one file names, as segment lists, `use` trees expanded; and the names its
/// `pub use` items re-export, with the path each stands for.
#[derive(Default)]
struct Paths(Vec<Vec<String>>, Vec<(String, Vec<String>)>);

impl Paths {
    fn tree(&mut self, prefix: &mut Vec<String>, t: &syn::UseTree) {
        match t {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut v = prefix.clone();
                if n.ident != "self" {
                    v.push(n.ident.to_string());
                }
                self.0.push(v);
            }
            syn::UseTree::Rename(r) => {
                let mut v = prefix.clone();
                v.push(r.ident.to_string());
                self.0.push(v);
            }
            syn::UseTree::Glob(_) => self.0.push(prefix.clone()),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.tree(prefix, t)),
        }
    }
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string().contains("test")))
    })
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let from = self.0.len();
        self.tree(&mut Vec::new(), &u.tree);
        if !matches!(u.vis, syn::Visibility::Inherited) {
            let exported: Vec<(String, Vec<String>)> =
                self.0[from..].iter().filter_map(|p| Some((p.last()?.clone(), p.clone()))).collect();
            self.1.extend(exported);
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        self.0.push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, p);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_test(&f.attrs) {
            syn::visit::visit_item_fn(self, f);
        }
    }
}

/// The module a path names from module `at`, if it is one of the crate's.
fn resolve(at: &[String], path: &[String], mods: &Modules) -> Option<Vec<String>> {
    let mut segs = path.iter().peekable();
    let mut abs: Vec<String> = match segs.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segs.next();
            Vec::new()
        }
        Some("self") => {
            segs.next();
            at.to_vec()
        }
        Some("super") => at.to_vec(),
        // A module declared here, named without a prefix.
        Some(first) if mods.contains_key(&[at, &[first.to_string()]].concat()) => at.to_vec(),
        _ => return None,
    };
    while segs.peek().is_some_and(|s| *s == "super") {
        segs.next();
        abs.pop();
    }
    let mut best = abs.clone();
    for s in segs {
        abs.push(s.clone());
        if mods.contains_key(&abs) {
            best = abs.clone();
        } else {
            // A name the module re-exports stands for the module that defines it.
            let owner = &abs[..abs.len() - 1];
            if let Some(target) = mods.exports.get(owner).and_then(|e| e.get(s)) {
                return Some(target.clone());
            }
            break;
        }
    }
    Some(best)
}

/// The library's modules and what each re-exports, resolved to defining modules.
struct Modules {
    files: BTreeMap<Vec<String>, PathBuf>,
    exports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
}

impl Modules {
    fn contains_key(&self, m: &[String]) -> bool {
        self.files.contains_key(m)
    }
}

/// Tarjan's strongly connected components, as the walk keeps them.
#[derive(Default)]
struct Tarjan {
    next: usize,
    /// Each node seen: its index and its low link.
    seen: BTreeMap<String, (usize, usize)>,
    stack: Vec<String>,
    on_stack: BTreeSet<String>,
    circles: Vec<Vec<String>>,
}

impl Tarjan {
    fn strong(&mut self, v: &str, g: &BTreeMap<String, BTreeSet<String>>) {
        let i = self.next;
        self.next += 1;
        self.seen.insert(v.to_string(), (i, i));
        self.stack.push(v.to_string());
        self.on_stack.insert(v.to_string());
        for w in g.get(v).into_iter().flatten() {
            let low = if !self.seen.contains_key(w) {
                self.strong(w, g);
                self.seen[w].1
            } else if self.on_stack.contains(w) {
                self.seen[w].0
            } else {
                continue;
            };
            let e = self.seen.get_mut(v).expect("seen");
            e.1 = e.1.min(low);
        }
        if self.seen[v].0 == self.seen[v].1 {
            let mut comp = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on_stack.remove(&w);
                let done = w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                self.circles.push(comp);
            }
        }
    }
}

/// Circles of a graph, as sorted lists of their nodes: its strongly connected
/// components of more than one node.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut t = Tarjan::default();
    let nodes: BTreeSet<&String> = graph.keys().chain(graph.values().flatten()).collect();
    for v in nodes {
        if !t.seen.contains_key(v) {
            t.strong(v, graph);
        }
    }
    t.circles
}

#[test]
fn the_library_has_no_import_circles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = modules(&src);
    assert!(files.len() > 20, "found only {} modules under {}", files.len(), src.display());
    let parsed: BTreeMap<Vec<String>, Paths> = files
        .iter()
        .map(|(at, file)| {
            let text = std::fs::read_to_string(file).unwrap();
            let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let mut paths = Paths::default();
            paths.visit_file(&ast);
            (at.clone(), paths)
        })
        .collect();
    // Re-exports, followed until they stand still (a re-export of a re-export).
    let mut mods = Modules { files, exports: BTreeMap::new() };
    for _ in 0..4 {
        let mut exports = BTreeMap::new();
        for (at, paths) in &parsed {
            let mine: BTreeMap<String, Vec<String>> =
                paths.1.iter().filter_map(|(name, p)| Some((name.clone(), resolve(at, p, &mods)?))).collect();
            exports.insert(at.clone(), mine);
        }
        mods.exports = exports;
    }
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    assert!(!lib.contains("mod cli"), "the library must not hold the command line");
    // Module-to-module edges, at two levels.
    let mut stages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut siblings: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (at, paths) in &parsed {
        for p in &paths.0 {
            let Some(to) = resolve(at, p, &mods) else { continue };
            if to == *at || to.is_empty() || at.is_empty() {
                continue;
            }
            if at[0] != to[0] {
                stages.entry(at[0].clone()).or_default().insert(to[0].clone());
                continue;
            }
            // Inside one folder: the files under the deepest folder the two share.
            let common = at.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if common < at.len() && common < to.len() {
                siblings
                    .entry(at[..common].to_vec())
                    .or_default()
                    .entry(at[common].clone())
                    .or_default()
                    .insert(to[common].clone());
            }
        }
    }
    let mut problems = Vec::new();
    for c in circles(&stages) {
        problems.push(format!("between stages: {}", c.join(" <-> ")));
    }
    for (folder, g) in &siblings {
        for c in circles(g) {
            problems.push(format!("between the files of {}: {}", folder.join("::"), c.join(" <-> ")));
        }
    }
    assert!(problems.is_empty(), "import circles:\n  {}", problems.join("\n  "));
    // What reaches whom, for the reader of a failure.
    eprintln!("stages:");
    for (a, bs) in &stages {
        eprintln!("  {a} -> {}", bs.iter().cloned().collect::<Vec<_>>().join(", "));
    }
}
