//! Problems found in a supervisor's file, located by `file:line:col` and shown with the line and a caret.

use std::fmt;
use std::path::{Path, PathBuf};

/// The most characters of a source line shown under a message.
const MAX_SHOWN: usize = 120;

/// How bad a problem is: errors stop a file from being played, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A 1-based line and column (in characters), as editors count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    pub line: usize,
    pub col: usize,
}

/// One problem in one file, with everything needed to show it the way compilers do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short name for the kind of problem (`length-cue`), shown as `warning[length-cue]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    pub file: PathBuf,
    pub location: Option<Location>,
    pub message: String,
    /// The source line the location points into, kept so the message can be shown without the file.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters the caret underlines (at least one).
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    /// A problem about the whole file (it is missing, too large, unreadable...).
    pub fn file_error(file: &Path, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code: None,
            file: file.to_path_buf(),
            location: None,
            message: message.into(),
            source_line: None,
            width: 1,
        }
    }

    /// A problem at a place in `source`, given as a location.
    pub fn at(
        severity: Severity,
        file: &Path,
        source: &str,
        location: Location,
        width: usize,
        message: impl Into<String>,
    ) -> Self {
        let source_line = source
            .lines()
            .nth(location.line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        Self {
            severity,
            code: None,
            file: file.to_path_buf(),
            location: Some(location),
            message: message.into(),
            source_line,
            width: width.max(1),
        }
    }

    /// A problem at a byte offset in `source`; falls back to the whole file when the offset is unknown.
    pub fn at_offset(
        severity: Severity,
        file: &Path,
        source: &str,
        offset: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        match offset {
            Some((start, len)) => {
                let location = location_of(source, start);
                let width = source
                    .get(start..start + len)
                    .map(|s| s.chars().count())
                    .unwrap_or(1);
                Self::at(severity, file, source, location, width, message)
            }
            None => {
                let mut d = Self::file_error(file, message);
                d.severity = severity;
                d
            }
        }
    }

    /// The same problem, as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same problem, named by a code.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col: message` on one line, the form editors and the Problems panel use.
    pub fn headline(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let kind = match self.code {
            Some(code) => format!("{severity}[{code}]"),
            None => severity.to_string(),
        };
        match self.location {
            Some(loc) => format!(
                "{}:{}:{}: {kind}: {}",
                self.file.display(),
                loc.line,
                loc.col,
                self.message
            ),
            None => format!("{}: {kind}: {}", self.file.display(), self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.headline())?;
        if let (Some(loc), Some(line)) = (self.location, &self.source_line) {
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            // A very long line is shown as a window around the column, marked with ellipses.
            let chars: Vec<char> = line.chars().collect();
            let col = loc.col.saturating_sub(1).min(chars.len());
            let start = if chars.len() <= MAX_SHOWN {
                0
            } else {
                col.saturating_sub(MAX_SHOWN / 2)
            };
            let end = (start + MAX_SHOWN).min(chars.len());
            let (open, close) = (
                if start > 0 { "…" } else { "" },
                if end < chars.len() { "…" } else { "" },
            );
            let shown: String = chars[start..end].iter().collect();
            // Tabs are kept in the gutter so the caret lines up under them.
            let lead: String = std::iter::repeat_n(' ', open.chars().count())
                .chain(
                    chars[start..col]
                        .iter()
                        .map(|c| if *c == '\t' { '\t' } else { ' ' }),
                )
                .collect();
            let width = self.width.min(MAX_SHOWN);
            write!(
                f,
                "\n {pad} |\n {number} | {open}{shown}{close}\n {pad} | {lead}{}",
                "^".repeat(width)
            )?;
        }
        Ok(())
    }
}

/// The line and column of a byte offset in `source`.
pub fn location_of(source: &str, offset: usize) -> Location {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location { line, col }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Finds where things stand in a RON source, so that meaning errors found after parsing
/// can still point at a line and column. Comments and string contents are skipped over.
pub struct SourceMap<'a> {
    source: &'a str,
    /// Byte ranges of code (not comments): string literals are kept because values are searched.
    code: Vec<bool>,
    /// The byte offset where each line starts, so that a place is found by a binary search
    /// (a big file with thousands of warnings would otherwise be scanned once for each).
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    pub fn new(source: &'a str) -> Self {
        let bytes = source.as_bytes();
        let mut code = vec![true; bytes.len()];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        if bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 1;
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        code[i] = false;
                        i += 1;
                    }
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    let mut depth = 0usize;
                    while i < bytes.len() {
                        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                            depth += 1;
                            code[i] = false;
                            code[i + 1] = false;
                            i += 2;
                        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                            depth -= 1;
                            code[i] = false;
                            code[i + 1] = false;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            code[i] = false;
                            i += 1;
                        }
                    }
                }
                _ => i += 1,
            }
        }
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            source,
            code,
            line_starts,
        }
    }

    /// A problem at a byte span of the source, as [`Diagnostic::at_offset`] makes it, found
    /// through the line index.
    pub fn diagnostic(
        &self,
        severity: Severity,
        file: &Path,
        span: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let Some((start, len)) = span else {
            let mut d = Diagnostic::file_error(file, message);
            d.severity = severity;
            return d;
        };
        let start = floor_char_boundary(self.source, start.min(self.source.len()));
        let line = self.line_starts.partition_point(|&s| s <= start);
        let line_start = self.line_starts[line - 1];
        let line_end = self
            .line_starts
            .get(line)
            .map_or(self.source.len(), |&next| next - 1);
        let text = &self.source[line_start..line_end.max(line_start)];
        let width = self
            .source
            .get(start..start + len)
            .map_or(1, |s| s.chars().count());
        Diagnostic {
            severity,
            code: None,
            file: file.to_path_buf(),
            location: Some(Location {
                line,
                col: self.source[line_start..start].chars().count() + 1,
            }),
            message: message.into(),
            source_line: Some(text.trim_end_matches('\r').to_string()),
            width: width.max(1),
        }
    }

    /// The offset and length of the `nth` (0-based) occurrence of `field: <value>` at or after `from`,
    /// where `value` is matched literally at the start of the value. Returns the span of the value.
    pub fn field_value(
        &self,
        from: usize,
        field: &str,
        value: &str,
        nth: usize,
    ) -> Option<(usize, usize)> {
        let mut seen = 0;
        let mut at = from;
        while let Some((start, _)) = self.field(at, field) {
            let rest = &self.source[start..];
            if rest.starts_with(value) {
                if seen == nth {
                    return Some((start, value.len()));
                }
                seen += 1;
            }
            at = start;
        }
        None
    }

    /// The span of the value of the first `field:` at or after `from`.
    pub fn field(&self, from: usize, field: &str) -> Option<(usize, usize)> {
        let src = self.source;
        let mut search = from;
        while let Some(rel) = src.get(search..)?.find(field) {
            let start = search + rel;
            search = start + field.len();
            if !self.code.get(start).copied().unwrap_or(false) {
                continue;
            }
            let before_ok = src[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '"'));
            if !before_ok {
                continue;
            }
            let after = &src[search..];
            let trimmed = after.trim_start();
            if let Some(value) = trimmed.strip_prefix(':') {
                let value_trimmed = value.trim_start();
                let value_start = src.len() - value_trimmed.len();
                let len = value_len(value_trimmed);
                return Some((value_start, len));
            }
        }
        None
    }

    /// The span of the quoted map key `"key"` at or after `from` (as in `scores: {"key": 2}`).
    pub fn map_key(&self, from: usize, key: &str) -> Option<(usize, usize)> {
        let quoted = format!("\"{key}\"");
        let rel = self.source.get(from..)?.find(&quoted)?;
        Some((from + rel, quoted.len()))
    }
}

/// How long the value starting `s` is: a string literal, or up to the next delimiter.
fn value_len(s: &str) -> usize {
    if let Some(rest) = s.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                return i + 2;
            }
        }
        return s.len();
    }
    s.find([',', ')', ']', '}', '\n', '('])
        .unwrap_or(s.len())
        .max(1)
        .min(s.trim_end().len().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line index gives exactly what scanning the source gives.
    #[test]
    fn the_line_index_places_a_problem_as_a_scan_does() {
        let source = "Scenario(\r\n  id: \"é😀x\",\n\n  text: \"a\"\n)";
        let map = SourceMap::new(source);
        let path = Path::new("s.ron");
        for start in 0..=source.len() {
            if !source.is_char_boundary(start) {
                continue;
            }
            for len in [0, 1, 3] {
                let a = map.diagnostic(Severity::Error, path, Some((start, len)), "m");
                let b =
                    Diagnostic::at_offset(Severity::Error, path, source, Some((start, len)), "m");
                assert_eq!(
                    (a.location, a.source_line, a.width),
                    (b.location, b.source_line, b.width),
                    "at {start}+{len}"
                );
            }
        }
    }

    #[test]
    fn location_counts_lines_and_chars() {
        let src = "ab\ncé d\n";
        assert_eq!(location_of(src, 0), Location { line: 1, col: 1 });
        let d = src.find('d').unwrap();
        assert_eq!(location_of(src, d), Location { line: 2, col: 4 });
    }

    #[test]
    fn field_value_skips_comments() {
        let src = "// id: \"x\"\n(id: \"y\", inner: (id: \"x\"))";
        let map = SourceMap::new(src);
        let (start, len) = map.field_value(0, "id", "\"x\"", 0).unwrap();
        assert_eq!(&src[start..start + len], "\"x\"");
        assert_eq!(location_of(src, start).line, 2);
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_with_the_caret_in_place() {
        let src = format!("{}BAD{}", "x".repeat(500), "y".repeat(500));
        let d = Diagnostic::at(
            Severity::Error,
            Path::new("a.ron"),
            &src,
            Location { line: 1, col: 501 },
            3,
            "here",
        );
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(
            lines[2].contains("…") && lines[2].len() < 140 * 3,
            "{shown}"
        );
        // Compare in characters, as a terminal lays them out ("…" is one column).
        let caret = lines[3].chars().position(|c| c == '^').unwrap();
        let above: String = lines[2].chars().skip(caret).take(3).collect();
        assert_eq!(above, "BAD", "{shown}");
    }

    #[test]
    fn rendering_puts_caret_under_the_value() {
        let src = "(\n  pass_score: 140,\n)";
        let map = SourceMap::new(src);
        let span = map.field(0, "pass_score");
        let d = Diagnostic::at_offset(
            Severity::Error,
            Path::new("a.ron"),
            src,
            span,
            "pass_score must be from 0 to 100",
        );
        let shown = d.to_string();
        assert!(
            shown.starts_with("a.ron:2:15: error: pass_score"),
            "{shown}"
        );
        assert!(shown.ends_with("|               ^^^"), "{shown}");
    }
}
