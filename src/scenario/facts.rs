//! Library facts as `{name}` placeholders: finding them in a file's strings, checking and filling them in.

use super::check::closest;
use super::load::SourceFile;
use super::model::{GuidelineSet, Post, Scenario};
use crate::diagnostic::{Diagnostic, Severity, SourceMap};
use std::collections::BTreeSet;

/// Placeholders every guideline set provides from its own fields.
pub const BUILT_IN: [&str; 2] = ["library", "account"];

/// The value a placeholder stands for in this guideline set.
pub fn value<'a>(set: &'a GuidelineSet, name: &str) -> Option<&'a str> {
    match name {
        "library" => Some(&set.library),
        "account" => Some(&set.account),
        _ => set.facts.get(name).map(String::as_str),
    }
}

/// Every name a text may use: the built-in ones and the set's facts.
pub fn names(set: &GuidelineSet) -> Vec<&str> {
    BUILT_IN
        .iter()
        .copied()
        .chain(set.facts.keys().map(String::as_str))
        .collect()
}

/// Whether a fact may be called this: lower-case letters, digits and `_`, starting with a letter.
pub fn is_fact_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The placeholders in a text: (byte offset of `{`, name).
pub fn placeholders(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(rel) = text[rest..].find('{') {
        let open = rest + rel;
        let after = &text[open + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..len];
        if after[len..].starts_with('}') && is_fact_name(name) {
            found.push((open, name));
            rest = open + len + 2;
        } else {
            rest = open + 1;
        }
    }
    found
}

/// The text with every known placeholder filled in; names filled are added to `used`.
/// Unknown placeholders are left as written (the checker reports them).
pub fn fill(text: &str, set: &GuidelineSet, used: &mut BTreeSet<String>) -> String {
    let found = placeholders(text);
    if found.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut last = 0;
    for (at, name) in found {
        if let Some(v) = value(set, name) {
            out.push_str(&text[last..at]);
            out.push_str(v);
            last = at + name.len() + 2;
            used.insert(name.to_string());
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Fills placeholders in every text a trainee reads: summary, post texts, bios, options, feedback.
/// Returns the names used.
pub fn fill_scenario(scenario: &mut Scenario, set: &GuidelineSet) -> BTreeSet<String> {
    fn post(p: &mut Post, set: &GuidelineSet, used: &mut BTreeSet<String>) {
        p.text = fill(&p.text, set, used);
        p.author.bio = fill(&p.author.bio, set, used);
        for o in &mut p.options {
            o.text = fill(&o.text, set, used);
            o.feedback = fill(&o.feedback, set, used);
            if let Some(f) = &mut o.follow_up {
                post(&mut f.post, set, used);
            }
        }
    }
    let mut used = BTreeSet::new();
    scenario.title = fill(&scenario.title, set, &mut used);
    scenario.summary = fill(&scenario.summary, set, &mut used);
    for p in &mut scenario.posts {
        post(p, set, &mut used);
    }
    used
}

/// Fills placeholders in the guidelines' own texts from the set's facts.
pub fn fill_guidelines(set: &mut GuidelineSet) {
    let filled: Vec<String> = set
        .guidelines
        .iter()
        .map(|g| fill(&g.text, set, &mut BTreeSet::new()))
        .collect();
    for (g, text) in set.guidelines.iter_mut().zip(filled) {
        g.text = text;
    }
}

/// The placeholders written in a file's string literals (comments skipped): (byte offset, name).
fn in_source(source: &str) -> Vec<(usize, &str)> {
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let end = i.min(bytes.len());
                if let Some(literal) = source.get(start..end) {
                    found.extend(
                        placeholders(literal)
                            .into_iter()
                            .map(|(at, name)| (start + at, name)),
                    );
                }
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match source[i..].find("*/") {
                Some(end) => i += end + 2,
                None => break,
            },
            _ => i += 1,
        }
    }
    found
}

/// An error for every placeholder in the file that the guideline set does not define.
pub fn check_source(file: &SourceFile, set: &GuidelineSet) -> Vec<Diagnostic> {
    let known = names(set);
    in_source(&file.text)
        .into_iter()
        .filter(|(_, name)| value(set, name).is_none())
        .map(|(at, name)| {
            let hint = match closest(name, &known) {
                Some(best) => format!(" (did you mean `{{{best}}}`?)"),
                None => format!(
                    " (the facts are: {})",
                    known
                        .iter()
                        .map(|k| format!("{{{k}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            Diagnostic::at_offset(
                Severity::Error,
                &file.path,
                &file.text,
                Some((at, name.len() + 2)),
                format!(
                    "unknown fact `{{{name}}}`{hint}: facts are listed under `facts` in guidelines.ron"
                ),
            )
            .with_code("unknown-fact")
        })
        .collect()
}

/// Checks the `facts` table of a guideline file: names that texts can use.
pub fn check_names(file: &SourceFile, set: &GuidelineSet) -> Vec<Diagnostic> {
    let map = SourceMap::new(&file.text);
    let from = map.field(0, "facts").map_or(0, |s| s.0);
    let mut out = Vec::new();
    for name in set.facts.keys() {
        let span = map.map_key(from, name);
        let problem = if BUILT_IN.contains(&name.as_str()) {
            format!(
                "`{name}` is a built-in placeholder (from the `{name}` field): choose another name for this fact"
            )
        } else if !is_fact_name(name) {
            format!(
                "fact `{name}` cannot be used as a placeholder: use lower-case letters, digits and `_`, starting with a letter"
            )
        } else {
            continue;
        };
        out.push(Diagnostic::at_offset(
            Severity::Error,
            &file.path,
            &file.text,
            span,
            problem,
        ));
    }
    out
}

/// A warning for each fact that no scenario uses.
pub fn unused(file: &SourceFile, set: &GuidelineSet, used: &BTreeSet<String>) -> Vec<Diagnostic> {
    let map = SourceMap::new(&file.text);
    let from = map.field(0, "facts").map_or(0, |s| s.0);
    // The guideline file's own texts count as users too.
    let mut used = used.clone();
    used.extend(
        in_source(&file.text)
            .into_iter()
            .map(|(_, n)| n.to_string()),
    );
    set.facts
        .keys()
        .filter(|k| !used.contains(*k))
        .map(|k| {
            Diagnostic::at_offset(
                Severity::Warning,
                &file.path,
                &file.text,
                map.map_key(from, k),
                format!("fact `{k}` is not used by any scenario: remove it or use it as `{{{k}}}`"),
            )
            .with_code("unused-fact")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_names_in_braces_only() {
        let t = "call {crisis_line} now {not a fact} {X} {} {a1_b}";
        let names: Vec<&str> = placeholders(t).into_iter().map(|(_, n)| n).collect();
        assert_eq!(names, ["crisis_line", "a1_b"]);
    }

    #[test]
    fn source_placeholders_skip_comments_and_maps() {
        let src = "// {comment}\n(text: \"dial {emergency}\", scores: {\"x\": 1})";
        let found: Vec<&str> = in_source(src).into_iter().map(|(_, n)| n).collect();
        assert_eq!(found, ["emergency"]);
    }
}
