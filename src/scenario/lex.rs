//! A pass over a RON file's characters before the parser: curly quotes, quotes inside texts and
//! unmatched brackets, every one found in a single run and told in the guide's words.

use crate::diagnostic::{Diagnostic, Severity};
use std::path::Path;

/// What the pass found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every curly quote pair, quote inside a text and unmatched bracket, in file order.
    pub problems: Vec<Diagnostic>,
    /// The text with curly quotes around texts made straight and quotes inside texts made `'`,
    /// one character for one, so that the parser's lines and columns are the file's own.
    pub repaired: String,
    /// Brackets do not match (or a text never closes): the parser's error would only repeat it.
    pub brackets_broken: bool,
    /// When brackets match: each closing bracket's byte offset with the bracket it closes.
    pub pairs: Vec<(usize, Opener)>,
}

/// An opening bracket and what a supervisor would call the thing it opens.
#[derive(Debug, Clone)]
pub struct Opener {
    pub ch: char,
    pub offset: usize,
    pub line: usize,
    /// How many brackets enclose it (a scenario's posts stand at 2).
    pub depth: usize,
    /// The indentation of the line it stands on.
    indent: usize,
    /// A line inside it was indented deeper than its own line.
    deeper: bool,
    /// It starts its line (`(id: …` or `Post(`), as the next one of its kind will.
    leads_line: bool,
    /// Its contents start on its own line (`author: (handle: …`): written to close there, or
    /// on a deeper line.
    inline: bool,
    /// "the option `guess`", "the list of posts", "the scenario".
    pub label: String,
}

#[derive(Debug)]
enum Event {
    Open(Opener),
    Close {
        ch: char,
        offset: usize,
        line: usize,
    },
    /// The first code character of a line (not in a text or comment).
    LineStart {
        line: usize,
        indent: usize,
        closer: bool,
        /// The line starts a new part: `(`, `[`, `{` or a name such as `Post`.
        opens: bool,
    },
}

/// Scans `text` (from `path`) for what a word processor or a hand new to RON leaves behind.
pub fn scan(path: &Path, text: &str) -> Scan {
    // Byte offsets throughout; a repair replaces one character by one character, so that the
    // parser's lines and columns (counted in characters) stay the file's own.
    let at = |i: usize| text.get(i..).and_then(|s| s.chars().next());
    let mut repairs: Vec<(usize, usize, char)> = Vec::new();
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut unclosed_text = false;
    let mut line = 1;
    let mut line_start = true;
    let mut indent = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while let Some(c) = match bytes.get(i) {
        Some(&b) if b < 0x80 => Some(b as char),
        Some(_) => at(i),
        None => None,
    } {
        let offset = i;
        let width = c.len_utf8();
        if line_start && c != '\n' && c.is_whitespace() {
            indent += 1;
            i += width;
            continue;
        }
        let next = at(i + width);
        let comment = c == '/' && matches!(next, Some('/' | '*'));
        if line_start && c != '\n' && !comment {
            line_start = false;
            events.push(Event::LineStart {
                line,
                indent,
                closer: matches!(c, ')' | ']' | '}'),
                opens: matches!(c, '(' | '[' | '{') || c.is_ascii_uppercase(),
            });
        }
        match c {
            '\n' => {
                line += 1;
                line_start = true;
                indent = 0;
                i += 1;
            }
            '/' if next == Some('/') => {
                i = text[i..].find('\n').map_or(text.len(), |n| i + n);
            }
            '/' if next == Some('*') => {
                let mut depth = 0usize;
                let bytes = text.as_bytes();
                while i < bytes.len() {
                    let (a, b) = (bytes[i], bytes.get(i + 1).copied());
                    if a == b'/' && b == Some(b'*') {
                        depth += 1;
                        i += 2;
                    } else if a == b'*' && b == Some(b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if a == b'\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
            }
            '"' => {
                // A straight-quoted text: find where it really ends.
                let mut curly_open = 0usize;
                i += 1;
                let mut closed = false;
                let bytes = text.as_bytes();
                loop {
                    // Straight to the next byte that can matter inside a text: a quote, a
                    // backslash, a line's end, or the first byte of a curly quote.
                    match bytes[i.min(bytes.len())..]
                        .iter()
                        .position(|&b| matches!(b, b'"' | b'\\' | b'\n' | 0xE2))
                    {
                        Some(n) => i += n,
                        None => {
                            i = bytes.len();
                            break;
                        }
                    }
                    let Some(c) = at(i) else { break };
                    let b = i;
                    let w = c.len_utf8();
                    match c {
                        '\\' => i += at(i + 1).map_or(0, char::len_utf8),
                        '\n' => {
                            line += 1;
                            // A text running on past its line into what looks like code has
                            // lost its closing quote; RON allows texts over several lines, so
                            // only then is it called a mistake.
                            if looks_like_code(&text[b + 1..]) {
                                found.push((
                                    offset,
                                    1,
                                    "this text has no closing `\"` on its line: end it with `\"` at the end of the text".into(),
                                ));
                                unclosed_text = true;
                                closed = true;
                                i += 1;
                                line_start = true;
                                indent = 0;
                                break;
                            }
                        }
                        '“' => curly_open += 1,
                        '”' if curly_open > 0 => curly_open -= 1,
                        '”' if ends_a_text(&text[b + w..]) => {
                            found.push((
                                b,
                                w,
                                format!("this text starts with a straight quote `\"` but ends with a curly one `”` {WORD_PROCESSOR}: end it with `\"`"),
                            ));
                            repairs.push((b, w, '"'));
                            closed = true;
                            i += w;
                            break;
                        }
                        '"' => {
                            let rest = &text[b + 1..];
                            if ends_a_text(rest) || field_follows(rest) {
                                closed = true;
                                i += 1;
                                break;
                            }
                            found.push((
                                b,
                                1,
                                "a double quote inside a text ends the text early: write it as `\\\"` (or use ' or the curly quotes “ ” inside a text)".into(),
                            ));
                            repairs.push((b, 1, '\''));
                        }
                        _ => {}
                    }
                    i += w;
                }
                if !closed {
                    found.push((
                        offset,
                        1,
                        "this text is never closed: it needs a `\"` at its end".into(),
                    ));
                    unclosed_text = true;
                }
            }
            '“' | '”' | '„' | '‟' => {
                // A text in curly quotes, as a word processor types them.
                repairs.push((i, width, '"'));
                let rest = &text[i + width..];
                let end = rest
                    .char_indices()
                    .find(|(_, c)| matches!(c, '”' | '“' | '"' | '\n'))
                    .map(|(j, c)| (i + width + j, c));
                match end {
                    Some((j, close)) if close != '\n' => {
                        repairs.push((j, close.len_utf8(), '"'));
                        found.push((
                            offset,
                            j + close.len_utf8() - offset,
                            format!("{CURLY}: texts start and end with straight quotes \" \" (type them in a plain-text editor, or turn off smart quotes)"),
                        ));
                        i = j + close.len_utf8();
                    }
                    _ => {
                        found.push((
                            offset,
                            width,
                            format!("a curly quote {WORD_PROCESSOR} opens this text: texts start and end with straight quotes \" \""),
                        ));
                        unclosed_text = true;
                        i = end.map_or(text.len(), |(j, _)| j);
                    }
                }
            }
            '#' if next != Some('!') => {
                // A comment as some other formats write it: read as one, and said.
                found.push((
                    offset,
                    1,
                    "a comment starts with `//` in these files, not `#`".into(),
                ));
                match next {
                    Some(n) if n != '\n' => {
                        repairs.push((i, 1, '/'));
                        repairs.push((i + 1, n.len_utf8(), '/'));
                    }
                    _ => repairs.push((i, 1, ' ')),
                }
                i = text[i..].find('\n').map_or(text.len(), |n| i + n);
            }
            '(' | '[' | '{' => {
                events.push(Event::Open(Opener {
                    ch: c,
                    offset,
                    line,
                    indent: indent_of(text, offset),
                    depth: 0,
                    deeper: false,
                    leads_line: leads_line(text, offset),
                    inline: inline(text, offset),
                    label: String::new(),
                }));
                i += 1;
            }
            ')' | ']' | '}' => {
                events.push(Event::Close {
                    ch: c,
                    offset,
                    line,
                });
                i += 1;
            }
            _ => i += width,
        }
    }
    let mut repaired = String::with_capacity(text.len());
    let mut from = 0;
    repairs.sort_by_key(|r| r.0);
    for (at, len, with) in repairs {
        if at < from {
            continue;
        }
        repaired.push_str(&text[from..at]);
        repaired.push(with);
        from = at + len;
    }
    repaired.push_str(&text[from..]);
    label_openers(text, &mut events);

    let matched = match_plainly(&events);
    let brackets_broken = matched.is_none() || unclosed_text;
    if matched.is_none() && !unclosed_text {
        found.extend(match_by_indentation(text, &events));
    }
    let pairs = matched.map(|matched| {
        let mut openers: Vec<Option<Opener>> = events
            .into_iter()
            .map(|e| match e {
                Event::Open(o) => Some(o),
                _ => None,
            })
            .collect();
        matched
            .into_iter()
            .filter_map(|(close, k)| Some((close, openers[k].take()?)))
            .collect::<Vec<_>>()
    });
    found.sort_by_key(|f| f.0);
    // A whole file saved by a word processor: the first few, then one line for the rest.
    let curly: Vec<usize> = (0..found.len())
        .filter(|&i| found[i].2.contains(WORD_PROCESSOR))
        .collect();
    if curly.len() > MAX_CURLY_LISTED {
        let more = curly.len() - (MAX_CURLY_LISTED - 1);
        let at = curly[MAX_CURLY_LISTED - 1];
        found[at].2 = format!(
            "{more} more texts in curly quotes “ ” from here on: the file was saved by a word processor, not as plain text. Replace every “ and ” that starts or ends a text with a straight quote \" (Find and Replace), or retype them in a plain-text editor"
        );
        let dropped: std::collections::HashSet<usize> =
            curly[MAX_CURLY_LISTED..].iter().copied().collect();
        found = found
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !dropped.contains(i))
            .map(|(_, f)| f)
            .collect();
    }
    let problems = found
        .into_iter()
        .map(|(offset, len, message)| {
            Diagnostic::at_offset(Severity::Error, path, text, Some((offset, len)), message)
        })
        .collect();
    Scan {
        problems,
        repaired,
        brackets_broken,
        pairs: pairs.unwrap_or_default(),
    }
}

/// How a curly-quoted text is reported.
const CURLY: &str = "curly quotes “ ” from a word processor";
/// What every curly-quote message says.
const WORD_PROCESSOR: &str = "from a word processor";
/// Curly-quoted texts listed one by one before the rest are counted in one line.
const MAX_CURLY_LISTED: usize = 10;

/// After a closing quote: the end of the line, a closing bracket or a comment; a comma followed
/// by code (or nothing); a colon followed by a value (a table's `"key": 2`). A comma or colon
/// followed by words is a quote inside the text: `"she asked for "cosy", not gory"`.
fn ends_a_text(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    let code_follows = |after: &str| {
        let after = after.trim_start_matches([' ', '\t']);
        after.is_empty()
            || after.starts_with(['\n', '\r', ')', ']', '}', '(', '"', '-'])
            || after.starts_with(|c: char| c.is_ascii_digit() || c.is_ascii_uppercase())
            || after.starts_with("//")
            || after.starts_with("/*")
            || field_follows(after)
    };
    rest.is_empty()
        || rest.starts_with(['\n', '\r', ')', ']', '}'])
        || rest.starts_with("//")
        || rest.starts_with("/*")
        || rest.strip_prefix(',').is_some_and(code_follows)
        || rest.strip_prefix(':').is_some_and(code_follows)
}

/// After a closing quote: `name:`, the next field with its comma forgotten (left to the parser).
fn field_follows(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    name_len > 0
        && rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && rest[name_len..]
            .trim_start_matches([' ', '\t'])
            .starts_with(':')
}

/// The start of a line that is code, not the rest of a text: `name:`, a bracket or a comment.
fn looks_like_code(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    t.starts_with("//") || t.starts_with([')', ']', '}', '(']) || field_follows(t)
}

/// Whether code follows the bracket at `offset` on its own line.
fn inline(text: &str, offset: usize) -> bool {
    let rest = &text[offset + 1..];
    let line = rest.split('\n').next().unwrap_or("");
    !super::load::without_comment(line).trim().is_empty()
}

/// Whether the bracket at `offset` is the first thing on its line, or follows only a name.
fn leads_line(text: &str, offset: usize) -> bool {
    let start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    text[start..offset]
        .trim()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn indent_of(text: &str, offset: usize) -> usize {
    let start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    text[start..]
        .chars()
        .take_while(|c| *c != '\n' && c.is_whitespace())
        .count()
}

fn closes(open: char, close: char) -> bool {
    matches!((open, close), ('(', ')') | ('[', ']') | ('{', '}'))
}

fn closer_of(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// Names what each opening bracket opens, from the words before it and the `id:` after it.
fn label_openers(text: &str, events: &mut [Event]) {
    let mut stack: Vec<String> = Vec::new();
    for event in events.iter_mut() {
        match event {
            Event::Open(o) => {
                o.depth = stack.len();
                let before = text[..o.offset].trim_end();
                let name: String = before
                    .chars()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let field = before.strip_suffix(':').map(|b| {
                    let b = b.trim_end();
                    let n = b
                        .chars()
                        .rev()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .count();
                    b[b.len() - n..].to_string()
                });
                let parent = stack.last().cloned().unwrap_or_default();
                let mut label = if name == "Some"
                    || (name.is_empty() && field.is_none() && parent == "the follow-up")
                {
                    "the follow-up".to_string()
                } else if !name.is_empty() {
                    thing(&name)
                } else {
                    String::new()
                };
                if label.is_empty() {
                    label = match (field.as_deref(), o.ch) {
                        (Some("follow_up"), _) => "the follow-up".into(),
                        (Some(f), '[') => format!("the list of {f}"),
                        (Some("scores"), _) => "the scores".into(),
                        (Some("author"), _) => "the author".into(),
                        (Some(f), _) => format!("the `{f}` of {}", without_id(&parent)),
                        (None, _) => match without_id(&parent) {
                            "the list of options" => "the option".into(),
                            "the list of posts" => "the post".into(),
                            "the list of steps" => "the step".into(),
                            "the list of guidelines" => "the guideline".into(),
                            "the list of answers" => "the answer".into(),
                            _ => "this part".into(),
                        },
                    };
                }
                if let Some(id) = id_after(&text[o.offset + 1..]) {
                    label = format!("{label} `{id}`");
                }
                o.label = label.clone();
                stack.push(label);
            }
            Event::Close { .. } => {
                stack.pop();
            }
            Event::LineStart { .. } => {}
        }
    }
}

fn without_id(label: &str) -> &str {
    label.split(" `").next().unwrap_or(label)
}

/// What a supervisor calls the thing written `Name(`.
fn thing(name: &str) -> String {
    match name {
        "Scenario" => "the scenario",
        "Post" => "the post",
        "ResponseOption" => "the option",
        "Author" => "the author",
        "FollowUp" => "the follow-up",
        "GuidelineSet" => "the guideline set",
        "Guideline" => "the guideline",
        "OnboardingPath" => "the onboarding path",
        "Step" => "the step",
        "ScriptedAnswer" => "the answer",
        _ => "this part",
    }
    .to_string()
}

/// The id a bracket opens with: `(id: "guess", …` gives `guess`.
fn id_after(rest: &str) -> Option<&str> {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("id")?.trim_start().strip_prefix(':')?;
    let rest = rest.trim_start().strip_prefix('"')?;
    let end = rest.find(['"', '\n'])?;
    Some(&rest[..end]).filter(|id| !id.is_empty() && id.len() <= 80)
}

/// Plain bracket matching: every closing bracket's offset with its opener's place among the
/// events, or `None` when they do not match.
fn match_plainly(events: &[Event]) -> Option<Vec<(usize, usize)>> {
    let mut stack: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    for (k, event) in events.iter().enumerate() {
        match event {
            Event::Open(_) => stack.push(k),
            Event::Close { ch, offset, .. } => {
                let o = stack.pop()?;
                let Event::Open(opener) = &events[o] else {
                    return None;
                };
                if !closes(opener.ch, *ch) {
                    return None;
                }
                pairs.push((*offset, o));
            }
            Event::LineStart { .. } => {}
        }
    }
    stack.is_empty().then_some(pairs)
}

/// When brackets do not match: which one is missing or extra, judged by the indentation the
/// file already has (a bracket's contents are indented deeper than the line it opens on).
fn match_by_indentation(text: &str, events: &[Event]) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut stack: Vec<Opener> = Vec::new();
    let mut line_indent = 0;
    let mut first_on_line = false;
    let unclosed = |o: &Opener, how: &str| {
        let close = closer_of(o.ch);
        format!(
            "the `{}` that opens {} on line {} is not closed: add `{close}` {how}",
            o.ch, o.label, o.line
        )
    };
    for event in events {
        match event {
            Event::LineStart {
                line,
                indent,
                closer,
                opens,
            } => {
                line_indent = *indent;
                first_on_line = true;
                for o in stack.iter_mut() {
                    if *indent > o.indent {
                        o.deeper = true;
                    }
                }
                if !closer {
                    // A line back at (or before) a bracket's own indentation, in a file whose
                    // lines inside it were deeper, or the next part starting where it started:
                    // the bracket should have been closed by now.
                    while let Some(top) = stack.last()
                        && *indent <= top.indent
                        && top.line != *line
                        && (top.deeper || top.inline || (top.leads_line && *opens))
                    {
                        let at = end_of_code_before(text, *line);
                        found.push((at, 1, unclosed(top, "at the end of this line")));
                        stack.pop();
                    }
                }
                continue;
            }
            Event::Open(o) => stack.push(o.clone()),
            Event::Close { ch, offset, line } => loop {
                match stack.last() {
                    None => {
                        found.push((
                            *offset,
                            1,
                            format!("this `{ch}` closes nothing: it is one too many (delete it), or the bracket it closes is missing"),
                        ));
                        break;
                    }
                    Some(top) if closes(top.ch, *ch) => {
                        stack.pop();
                        break;
                    }
                    Some(top) if top.line == *line || line_indent > top.indent => {
                        found.push((
                            *offset,
                            1,
                            format!(
                                "this `{ch}` does not close the `{}` that opens {} on line {}: it is one too many (delete it), or the bracket it closes is missing",
                                top.ch, top.label, top.line
                            ),
                        ));
                        break;
                    }
                    Some(top) => {
                        let (at, how) = if first_on_line {
                            (
                                end_of_code_before(text, *line),
                                "at the end of this line".to_string(),
                            )
                        } else {
                            (*offset, format!("before this `{ch}`"))
                        };
                        found.push((at, 1, unclosed(top, &how)));
                        stack.pop();
                    }
                }
            },
        }
        first_on_line = false;
    }
    let end = text.trim_end().len();
    while let Some(top) = stack.pop() {
        found.push((end, 1, unclosed(&top, "at the end of the file")));
    }
    found
}

/// The byte offset just after the last code on the lines before `line` (1-based): where a
/// forgotten closing bracket belongs.
fn end_of_code_before(text: &str, line: usize) -> usize {
    let mut offset = 0;
    let mut best = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 >= line {
            break;
        }
        let code = super::load::without_comment(l.trim_end_matches(['\n', '\r'])).trim_end();
        if !code.trim().is_empty() {
            best = offset + code.len();
        }
        offset += l.len();
    }
    best
}
