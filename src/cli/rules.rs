//! `newsmend rules`: every rule with its description and an example.

use newsmend::error::Result;
use newsmend::fsio::write_out;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{load_rules, ListFormat};

pub fn run(format: ListFormat, files: &[PathBuf]) -> Result<ExitCode> {
    let rules = load_rules(files)?;
    let mut docs = rules.docs.clone();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let text = match format {
        ListFormat::Json => {
            #[derive(serde::Serialize)]
            struct Doc<'a> {
                id: &'a str,
                applicability: &'a str,
                description: &'a str,
                before: &'a str,
                after: &'a str,
            }
            let v: Vec<Doc> = docs
                .iter()
                .map(|d| Doc {
                    id: &d.id,
                    applicability: &d.applicability,
                    description: &d.description,
                    before: &d.before,
                    after: &d.after,
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        ListFormat::Text => {
            let mut s = String::new();
            for d in &docs {
                s.push_str(&format!(
                    "{} ({})\n    {}\n    before: {}\n    after:  {}\n\n",
                    d.id, d.applicability, d.description, d.before, d.after
                ));
            }
            s.push_str("Spaces kept by pattern (space.keep):\n");
            for k in &rules.keep_docs {
                s.push_str(&format!("  {}: {}\n", k.id, k.description));
            }
            s.push_str("\nWord lists of the structure stage (structure.LIST):\n");
            for l in &rules.structure.lists {
                s.push_str(&format!("  {}: {}\n", l.spec.id, l.description));
            }
            s
        }
    };
    write_out(None, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
