//! Reading supervisors' RON files from disk into the model, with syntax errors as diagnostics.

use super::model::{GuidelineSet, Scenario};
use crate::diagnostic::{Diagnostic, Location, Severity};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// How deeply RON values may nest before parsing stops (follow-ups nest three levels per depth).
pub const RON_RECURSION_LIMIT: usize = 192;

/// What a RON file in a scenarios folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    Guidelines,
    /// The onboarding path, `path.ron`.
    Path,
}

/// A file's text, kept beside its path so diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    /// Reads a file, refusing ones over [`MAX_FILE_BYTES`], anything that is not a regular
    /// file (a device or a pipe is never read), and text that is not UTF-8.
    pub fn read(path: &Path) -> Result<Self, Diagnostic> {
        use crate::files::{ReadError, read_bounded};
        let bytes = read_bounded(path, MAX_FILE_BYTES).map_err(|e| match e {
            ReadError::Io(e) => io_diagnostic(path, &e),
            ReadError::TooLarge { .. } => too_large(path),
            other => Diagnostic::file_error(path, other.to_string()),
        })?;
        Self::from_bytes(path, bytes)
    }

    /// Wraps bytes already read (from disk or from Bevy's asset reader).
    /// A UTF-8 byte order mark (Windows Notepad writes one) is dropped: it is invisible, and
    /// not the author's mistake.
    pub fn from_bytes(path: &Path, mut bytes: Vec<u8>) -> Result<Self, Diagnostic> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(path));
        }
        if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            bytes.drain(..3);
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let loc = crate::diagnostic::location_of(&prefix, prefix.len());
            Diagnostic::at(
                Severity::Error,
                path,
                &prefix,
                loc,
                1,
                "the file is not UTF-8 text: save it as UTF-8",
            )
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            text,
        })
    }

    /// Which kind of file this is: by the struct name it opens with, else by its name.
    pub fn kind(&self) -> FileKind {
        let first = strip_leading_comments(&self.text);
        if first.starts_with("GuidelineSet") {
            FileKind::Guidelines
        } else if first.starts_with("OnboardingPath")
            || self
                .path
                .file_name()
                .is_some_and(|n| n == crate::onboarding::FILE_NAME)
        {
            FileKind::Path
        } else if first.starts_with("Scenario") {
            FileKind::Scenario
        } else if self.path.file_name().is_some_and(|n| n == "guidelines.ron") {
            FileKind::Guidelines
        } else {
            FileKind::Scenario
        }
    }

    /// Parses a scenario; when the parser stops at a mistake, every other post is still
    /// read on its own, so that one typo does not hide the mistakes in the posts after it.
    pub fn parse_scenario(&self) -> Result<Scenario, Vec<Diagnostic>> {
        parse_then(self, |scan, at| other_posts(self, scan, at))
    }

    /// Parses a guideline set, with its guideline texts' `{fact}` placeholders filled in.
    pub fn parse_guidelines(&self) -> Result<GuidelineSet, Vec<Diagnostic>> {
        let mut set: GuidelineSet = parse(self)?;
        super::facts::fill_guidelines(&mut set);
        Ok(set)
    }
}

fn too_large(path: &Path) -> Diagnostic {
    Diagnostic::file_error(
        path,
        format!(
            "file is larger than {MAX_FILE_BYTES} bytes (4 MiB), the most replydesk reads (a scenario that large is better split into several)"
        ),
    )
}

fn strip_leading_comments(mut s: &str) -> &str {
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if let Some(rest) = s.strip_prefix("//") {
            s = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(rest) = s.strip_prefix("/*") {
            s = rest.split_once("*/").map_or("", |(_, r)| r);
        } else if let Some(rest) = s.strip_prefix("#![") {
            s = rest.split_once(']').map_or("", |(_, r)| r);
        } else {
            return s;
        }
    }
}

/// How supervisors' files are read: with the recursion limit, and with `Some(...)` optional
/// (`follow_up: (after: 120, post: Post(...))` is read as `Some(...)`; `Some` still works).
fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_recursion_limit(RON_RECURSION_LIMIT)
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses RON, reporting every curly quote, quote inside a text and unmatched bracket at once
/// (see [`super::lex`]), then what the parser finds in what is left, in the guide's words.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Vec<Diagnostic>> {
    parse_then(file, |_, _| Vec::new())
}

/// [`parse`], calling `more` with the scan and the byte offset of the parser's error to find
/// further problems.
fn parse_then<T: DeserializeOwned>(
    file: &SourceFile,
    more: impl FnOnce(&super::lex::Scan, usize) -> Vec<Diagnostic>,
) -> Result<T, Vec<Diagnostic>> {
    // A file that reads needs no more: the pass over its characters is for files that do not.
    // (Everything that pass reports is a mistake the parser stops at too.)
    if let Ok(value) = ron_options().from_str::<T>(&file.text) {
        return Ok(value);
    }
    let scan = super::lex::scan(&file.path, &file.text);
    if scan.brackets_broken {
        return Err(scan.problems);
    }
    match ron_options().from_str::<T>(&scan.repaired) {
        Ok(value) if scan.problems.is_empty() => Ok(value),
        Ok(_) => Err(scan.problems),
        Err(e) => {
            let first = parser_diagnostic(file, &scan.repaired, &scan.pairs, &e);
            let at = offset_of(
                &file.text,
                Location {
                    line: e.span.start.line.max(1),
                    col: e.span.start.col.max(1),
                },
            );
            let mut problems = more(&scan, at);
            problems.push(first);
            problems.extend(scan.problems.iter().cloned());
            problems.sort_by_key(|d| d.location.map(|l| (l.line, l.col)));
            problems.dedup_by(|a, b| a.location == b.location && a.message == b.message);
            Err(problems)
        }
    }
}

/// The first mistake in each top-level post other than the one holding the parser's first
/// error (at byte `at`): each post is read alone, the rest of the file blanked out so that
/// lines and columns stay the file's own.
fn other_posts(file: &SourceFile, scan: &super::lex::Scan, at: usize) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (close, opener) in &scan.pairs {
        if opener.depth != 2 || !opener.label.starts_with("the post") {
            continue;
        }
        // From the name before the bracket (`Post(`), if any, to the closing bracket, in the
        // file's byte offsets; the repaired text is blanked by characters, which both share.
        let start = file.text[..opener.offset]
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .len();
        if (start..=*close).contains(&at) {
            continue;
        }
        let (first, last) = (
            file.text[..start].chars().count(),
            file.text[..*close].chars().count(),
        );
        let alone: String = scan
            .repaired
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if (first..=last).contains(&i) || c == '\n' || c == '\r' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        if let Err(e) = ron_options().from_str::<super::model::Post>(&alone) {
            problems.push(parser_diagnostic(file, &alone, &scan.pairs, &e));
        }
    }
    problems
}

/// The parser's first error, in the guide's words and at the place to fix it.
fn parser_diagnostic(
    file: &SourceFile,
    text: &str,
    pairs: &[(usize, super::lex::Opener)],
    e: &ron::error::SpannedError,
) -> Diagnostic {
    let mut start = Location {
        line: e.span.start.line.max(1),
        col: e.span.start.col.max(1),
    };
    let mut width = if e.span.end.line == e.span.start.line && e.span.end.col > e.span.start.col {
        e.span.end.col - e.span.start.col
    } else {
        1
    };
    // The parser's span may start on the space before the value: point at the value.
    if let Some(l) = text.lines().nth(start.line - 1) {
        let spaces = l
            .chars()
            .skip(start.col - 1)
            .take_while(|c| *c == ' ' || *c == '\t')
            .count();
        if spaces > 0 && l.chars().count() > start.col - 1 + spaces {
            start.col += spaces;
            width = width.saturating_sub(spaces).max(1);
        }
    }
    let line_text = text.lines().nth(start.line - 1).unwrap_or("");
    let found = line_text.chars().nth(start.col - 1);
    // What stands after the error's span on its line, and the field whose value it is in.
    let after: String = line_text.chars().skip(start.col - 1 + width).collect();
    let before: String = line_text.chars().take(start.col - 1).collect();
    let field = field_before(&before);
    let mut message = describe_ron_error(&e.code, after.trim_start().starts_with('('), field);
    // `pass_score: 70%`, `respond_within: 10 minutes`, `at: 1.5`: a number with something after it.
    if matches!(e.code, ron::Error::ExpectedComma)
        && before.trim_end().ends_with(|c: char| c.is_ascii_digit())
    {
        let number = before
            .trim_end()
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-');
        let name = field_before(number).map_or("this value".to_string(), |f| format!("`{f}`"));
        message = format!(
            "{name} is a whole number, written alone: no units, no %, no decimals (for example `600`)"
        );
    }
    // `kind: "Problematic"`: a name in quotes where it is written bare.
    if let (ron::Error::ExpectedIdentifier, Some('"')) = (&e.code, found) {
        let quoted: String = text
            .lines()
            .nth(start.line - 1)
            .map(|l| {
                l.chars()
                    .skip(start.col)
                    .take_while(|c| *c != '"')
                    .collect()
            })
            .unwrap_or_default();
        if !quoted.is_empty() && quoted.chars().all(|c| c.is_alphanumeric() || c == '_') {
            message = format!(
                "`\"{quoted}\"` is in quotes, but kinds, actions, channels, difficulties and modes are written without them: write `{quoted}`"
            );
        }
    }
    // A missing comma is found where the next value starts, usually on the next line: it
    // is reported at the end of the line it is missing from.
    if matches!(e.code, ron::Error::ExpectedComma)
        && let Some((line, end)) = missing_comma_before(text, start)
    {
        return Diagnostic::at(
            Severity::Error,
            &file.path,
            &file.text,
            Location { line, col: end + 1 },
            1,
            "a comma is missing at the end of this line: each field, post and option ends with `,`",
        );
    }
    // A missing field is found at the closing bracket: it is reported where the post or
    // option that lacks it opens, by its id.
    if let ron::Error::MissingStructField { field, .. } = &e.code {
        let at = offset_of(&file.text, start);
        if let Some((_, opener)) = pairs.iter().rev().find(|(close, _)| *close <= at) {
            return Diagnostic::at_offset(
                Severity::Error,
                &file.path,
                &file.text,
                Some((opener.offset, opener.ch.len_utf8())),
                format!(
                    "{} (opened here) is missing `{field}`: add `{field}: ...,` inside it",
                    opener.label
                ),
            );
        }
    }
    Diagnostic::at(
        Severity::Error,
        &file.path,
        &file.text,
        start,
        width,
        message,
    )
}

/// The byte offset of a line and column (in characters).
fn offset_of(text: &str, at: Location) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(at.line - 1)
        .map(str::len)
        .sum();
    let line = &text[line_start..];
    line_start
        + line
            .char_indices()
            .nth(at.col - 1)
            .map_or(line.len(), |(b, _)| b)
}

/// Where the comma that `at` expected belongs: the end (line, column in characters) of the
/// last line before it that holds code, when `at` starts its own line's code.
fn missing_comma_before(text: &str, at: Location) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let this = lines.get(at.line - 1)?;
    let before_at: String = this.chars().take(at.col - 1).collect();
    if !before_at.trim().is_empty() {
        return None;
    }
    (0..at.line - 1).rev().find_map(|i| {
        let code = without_comment(lines[i]).trim_end();
        (!code.trim().is_empty()).then(|| (i + 1, code.chars().count()))
    })
}

/// A line without its `//` comment (one inside a quoted text, as in a web address, stays).
pub(crate) fn without_comment(line: &str) -> &str {
    let (mut quoted, mut escaped) = (false, false);
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            b'/' if !quoted && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The field a value on this line belongs to: `respond_within` in `    respond_within: 10 min`.
fn field_before(before: &str) -> Option<&str> {
    let head = before.trim_end().strip_suffix(':')?.trim_end();
    let start = head
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    Some(&head[start..]).filter(|f| !f.is_empty())
}

/// ron's messages, reworded where a supervisor would not know what the Rust terms mean.
/// `paren_follows`: a `(` stands right after the error's span; `field`: the field whose value
/// the error is in, when there is one.
fn describe_ron_error(code: &ron::Error, paren_follows: bool, field: Option<&str>) -> String {
    use ron::Error as E;
    let value = || field.map_or("this value".to_string(), |f| format!("`{f}`"));
    match code {
        E::ExceededRecursionLimit => format!(
            "the file nests deeper than {RON_RECURSION_LIMIT} levels: flatten the follow-ups"
        ),
        E::Eof => "the file ends too early: a bracket or quote is not closed".to_string(),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => {
            format!(
                "{}: check for a missing comma or an extra bracket before this point",
                lower_first(&code.to_string())
            )
        }
        E::NoSuchStructField { found, outer, .. }
            if paren_follows && found.starts_with(|c: char| c.is_ascii_uppercase()) =>
        {
            let noun = noun(outer.as_deref());
            format!(
                "`{found}(` stands where a field of {noun} was expected: the `(` that opens {noun} is probably missing its closing `)`"
            )
        }
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let hint = crate::scenario::check::closest(found, expected)
                .map(|b| format!("did you mean `{b}`? "))
                .unwrap_or_default();
            format!(
                "`{found}` is not a field of {}: {hint}(the fields are: {})",
                noun(outer.as_deref()),
                expected.join(", ")
            )
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = match outer.as_deref() {
                Some("Kind") => "a kind of post",
                Some("Action") => "an action",
                Some("Channel") => "a channel",
                Some("Difficulty") => "a difficulty",
                Some("StepMode") => "a mode",
                _ => "one of the names allowed here",
            };
            let lowered: Vec<String> = expected.iter().map(|e| e.to_lowercase()).collect();
            let lowered: Vec<&str> = lowered.iter().map(String::as_str).collect();
            let hint = crate::scenario::check::closest(&found.to_lowercase(), &lowered)
                .and_then(|l| expected.iter().find(|e| e.to_lowercase() == l))
                .map(|b| format!("did you mean `{b}`? "))
                .unwrap_or_default();
            format!(
                "`{found}` is not {what}: {hint}it must be one of {}, written as here, without quotes",
                expected.join(", ")
            )
        }
        E::MissingStructField { field, outer } => format!(
            "{} is missing `{field}`: add `{field}: ...,` before this closing bracket",
            upper_first(&noun(outer.as_deref()))
        ),
        E::ExpectedNamedStructLike(name) => format!(
            "expected `{name}(` here, opening {}",
            noun(Some(name))
        ),
        E::ExpectedIdentifier => {
            "expected a field name (such as `text:`) or a name written without quotes (such as Problematic or Reply) here".to_string()
        }
        E::ExpectedString | E::ExpectedStringEnd => {
            "expected a text in double quotes here (\"like this\")".to_string()
        }
        E::ExpectedDifferentStructName { expected, found } => match *expected {
            "FollowUp" => format!(
                "expected a follow-up here, but found `{found}`: write `follow_up: (after: 120, post: Post(...)),`"
            ),
            "Author" | "ResponseOption" | "Guideline" | "Step" | "ScriptedAnswer" => format!(
                "expected {} here, opening with `(`, but found `{found}`",
                noun(Some(expected))
            ),
            _ => format!(
                "expected {} here, written `{expected}(`, but found `{found}`",
                noun(Some(expected))
            ),
        },
        E::ExpectedStructLike => format!(
            "{} opens with `(` here",
            upper_first(&value())
        ),
        E::ExpectedInteger | E::InvalidIntegerDigit { .. } => format!(
            "{} is a whole number, written without quotes (for example `600`)",
            value()
        ),
        E::IntegerOutOfBounds => format!(
            "{} is out of range here: times, scores and counts are whole numbers from 0 up",
            value()
        ),
        E::ExpectedFloat | E::FloatUnderscore => format!(
            "{} is a number, such as `1.5`, written without quotes",
            value()
        ),
        E::ExpectedBoolean => format!("{} is `true` or `false`, without quotes", value()),
        E::ExpectedArray => format!(
            "{} is a list: it starts with `[` and ends with `]`",
            value()
        ),
        E::ExpectedMap => format!(
            "{} is a table: it starts with `{{`, as in `{{\"welcoming\": 2}}`",
            value()
        ),
        E::ExpectedMapColon => {
            "a `:` is missing between the guideline id and its points, as in `\"welcoming\": 2`"
                .to_string()
        }
        E::ExpectedOption | E::ExpectedOptionEnd => format!(
            "{} is either left out or written as its value",
            value()
        ),
        E::InvalidEscape(_) => {
            "a backslash `\\` in a text starts a special character: write `\\\\` for a backslash, `\\\"` for a double quote".to_string()
        }
        E::UnexpectedChar(c) => format!("`{c}` cannot stand here"),
        E::TrailingCharacters => {
            "the file goes on after the closing `)` of its first part: remove what follows, or a `(` was closed too early".to_string()
        }
        E::UnclosedBlockComment => "a comment opened with `/*` is never closed with `*/`".to_string(),
        E::DuplicateStructField { field, outer } => format!(
            "`{field}` is given twice in {}: keep one",
            noun(outer.as_deref())
        ),
        E::InvalidValueForType { expected, found } => {
            format!("{} should be {expected}, but is {found}", value())
        }
        E::ExpectedUnit | E::ExpectedChar | E::ExpectedByteLiteral | E::ExpectedByteString => {
            format!("{} is not written as expected here", value())
        }
        E::Message(m) => m.clone(),
        _ => lower_first(&code.to_string()),
    }
}

/// What a supervisor calls the thing a type of the model stands for.
fn noun(outer: Option<&str>) -> String {
    match outer {
        Some("Scenario") => "the scenario",
        Some("Post") => "a post",
        Some("ResponseOption") => "an option",
        Some("Author") => "an author",
        Some("FollowUp") => "a follow-up",
        Some("GuidelineSet") => "the guideline set",
        Some("Guideline") => "a guideline",
        Some("OnboardingPath") => "the onboarding path",
        Some("Step") => "a step",
        Some("ScriptedAnswer") => "an answer",
        _ => "this part",
    }
    .to_string()
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn io_diagnostic(path: &Path, e: &std::io::Error) -> Diagnostic {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied: cannot read it".to_string(),
        _ => format!("cannot read it: {e}"),
    };
    Diagnostic::file_error(path, what)
}

/// The `.ron` files in a folder (not recursing), sorted by name; a file path is returned as it is.
pub fn ron_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if !path.exists() && path.extension().is_none_or(|x| x != "ron") {
        let here = std::env::current_dir()
            .map(|d| format!(" in {}", d.display()))
            .unwrap_or_default();
        return Err(Diagnostic::file_error(
            path,
            format!(
                "no such folder{here}: run replydesk in the folder that holds scenarios/, or name the folder (`replydesk check DIR`, or `--scenarios DIR` for the other commands)"
            ),
        ));
    }
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| io_diagnostic(path, &e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    Ok(files)
}
