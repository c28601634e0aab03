//! The checker: every rule a scenario or guideline file must meet, reported all at once with locations.

use super::items;
use super::load::SourceFile;
use super::model::{GuidelineSet, Post, Scenario};
use crate::diagnostic::{Diagnostic, Severity, SourceMap};
use std::collections::{HashMap, HashSet};

/// Points an option may give or take per guideline.
pub const POINTS_RANGE: std::ops::RangeInclusive<i32> = -2..=2;
/// The largest guideline weight: weights say how much guidelines matter relative to each other,
/// and beyond this the arithmetic of scores stops being meaningful.
pub const MAX_WEIGHT: f64 = 100.0;
/// The smallest guideline weight: below it a guideline stops counting at all, which is what
/// leaving it out of the set says honestly.
pub const MIN_WEIGHT: f64 = 0.1;

/// A number as a person would write it: 1e308 rather than 309 digits.
fn short_number(x: f64) -> String {
    if x != 0.0 && !(1e-3..1e6).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}
/// How deeply follow-ups may nest under a top-level post.
pub const MAX_FOLLOW_UP_DEPTH: usize = 16;
/// A public reply longer than this would not fit in a post.
pub const MAX_PUBLIC_REPLY_CHARS: usize = 280;
/// The longest post or option text the app will lay out.
pub const MAX_TEXT_CHARS: usize = 5_000;
/// The most posts (follow-ups included) one scenario may hold.
pub const MAX_POSTS_PER_SCENARIO: usize = 5_000;

struct Checker<'a> {
    file: &'a SourceFile,
    map: SourceMap<'a>,
    out: Vec<Diagnostic>,
    /// Warnings a post's `allow:` accepts: not shown, but counted by `check --stats`.
    allowed: Vec<Diagnostic>,
    /// Where the search for the next `id:` starts: ids are met in the order they are written.
    cursor: usize,
}

impl<'a> Checker<'a> {
    fn new(file: &'a SourceFile) -> Self {
        Self {
            file,
            map: SourceMap::new(&file.text),
            out: Vec::new(),
            allowed: Vec::new(),
            cursor: 0,
        }
    }

    fn report(&mut self, severity: Severity, span: Option<(usize, usize)>, message: String) {
        self.out.push(
            self.map
                .diagnostic(severity, &self.file.path, span, message),
        );
    }

    /// A warning named by its code.
    fn warning(
        &self,
        span: Option<(usize, usize)>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.map
            .diagnostic(Severity::Warning, &self.file.path, span, message)
            .with_code(code)
    }

    /// A warning about a post, set aside when the post's `allow:` names its code.
    fn post_warning(
        &mut self,
        post: &Post,
        span: Option<(usize, usize)>,
        code: &'static str,
        message: String,
    ) {
        let d = self.warning(span, code, message);
        if post.allow.iter().any(|a| a == code) {
            self.allowed.push(d);
        } else {
            self.out.push(d);
        }
    }

    /// The span of the next `id: "<id>"` in the text, moving the cursor past it.
    fn anchor(&mut self, id: &str) -> Option<(usize, usize)> {
        let quoted = ron::to_string(id).unwrap_or_else(|_| format!("\"{id}\""));
        let span = self.map.field_value(self.cursor, "id", &quoted, 0);
        if let Some((start, len)) = span {
            self.cursor = start + len;
        }
        span
    }

    /// The span of `field:`'s value at or after an anchor (or the top of the file), when it
    /// comes before the next `id:` (the next option or post); else the anchor itself, so that
    /// a field left out is reported at the option or post that lacks it.
    fn field_after(&self, anchor: Option<(usize, usize)>, field: &str) -> Option<(usize, usize)> {
        let Some((from, len)) = anchor else {
            return self.map.field(0, field);
        };
        let next_id = self
            .map
            .field(from + len, "id")
            .map_or(usize::MAX, |(s, _)| s);
        self.map
            .field(from, field)
            .filter(|(s, _)| *s < next_id)
            .or(anchor)
    }
}

/// What the checker found in a scenario.
#[derive(Debug, Clone, Default)]
pub struct ScenarioCheck {
    /// Errors and warnings to show.
    pub problems: Vec<Diagnostic>,
    /// Warnings that a post's `allow:` accepts.
    pub allowed: Vec<Diagnostic>,
}

/// Checks a scenario's meaning against the guideline set it is scored by.
/// `guidelines` is `None` when there is no usable guideline set; ids are then not checked.
pub fn check_scenario(
    file: &SourceFile,
    scenario: &Scenario,
    guidelines: Option<&GuidelineSet>,
) -> ScenarioCheck {
    let mut c = Checker::new(file);
    if scenario.id.trim().is_empty() {
        let span = c.map.field(0, "id");
        c.report(Severity::Error, span, "the scenario's id is empty".into());
    } else if !is_safe_id(&scenario.id) {
        let span = c.map.field(0, "id");
        c.report(
            Severity::Error,
            span,
            format!(
                "scenario id `{}` may hold only letters, digits, `-` and `_`",
                scenario.id
            ),
        );
    }
    if scenario.pass_score > 100 {
        let span = c.map.field(0, "pass_score");
        c.report(
            Severity::Error,
            span,
            format!(
                "pass_score is {}; it must be from 0 to 100",
                scenario.pass_score
            ),
        );
    }
    if scenario.posts.is_empty() {
        let span = c.map.field(0, "posts");
        c.report(Severity::Error, span, "the scenario has no posts".into());
    }
    match scenario.draw {
        Some(0) => {
            let span = c.map.field(0, "draw");
            c.report(
                Severity::Error,
                span,
                "draw is Some(0): a run would play no posts; use None to play them all".into(),
            );
        }
        Some(n) if n > scenario.posts.len() => {
            let span = c.map.field(0, "draw");
            c.report(
                Severity::Error,
                span,
                format!(
                    "draw is {n} but the scenario has only {} top-level posts",
                    scenario.posts.len()
                ),
            );
        }
        _ => {}
    }
    let total = scenario.all_posts().len();
    if total > MAX_POSTS_PER_SCENARIO {
        let span = c.map.field(0, "posts");
        c.report(
            Severity::Error,
            span,
            format!(
                "the scenario holds {total} posts; the limit is {MAX_POSTS_PER_SCENARIO}: split it into several files"
            ),
        );
    }
    let mut seen_posts = HashSet::new();
    for post in &scenario.posts {
        check_post(&mut c, post, 0, guidelines, &mut seen_posts);
    }
    ScenarioCheck {
        problems: c.out,
        allowed: c.allowed,
    }
}

fn check_post(
    c: &mut Checker<'_>,
    post: &Post,
    depth: usize,
    guidelines: Option<&GuidelineSet>,
    seen_posts: &mut HashSet<String>,
) {
    let anchor = c.anchor(&post.id);
    if post.id.trim().is_empty() {
        c.report(Severity::Error, anchor, "a post has an empty id".into());
    } else if !seen_posts.insert(post.id.clone()) {
        c.report(
            Severity::Error,
            anchor,
            format!("duplicate post id `{}`: post ids must be unique in the scenario, follow-ups included", post.id),
        );
    }
    if depth > MAX_FOLLOW_UP_DEPTH {
        c.report(
            Severity::Error,
            anchor,
            format!(
                "post `{}` is a follow-up nested {depth} deep; the limit is {MAX_FOLLOW_UP_DEPTH}",
                post.id
            ),
        );
    }
    for code in &post.allow {
        if !items::CODES.contains(&code.as_str()) {
            let span = c.map.field(anchor.map_or(0, |a| a.0), "allow").or(anchor);
            let hint = match closest(code, &items::CODES) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the codes are: {}", items::CODES.join(", ")),
            };
            c.report(
                Severity::Error,
                span,
                format!(
                    "post `{}` allows `{code}`, which is not a warning code ({hint})",
                    post.id
                ),
            );
        }
    }
    if post.respond_within == 0 {
        let span = c.field_after(anchor, "respond_within");
        c.report(
            Severity::Error,
            span,
            format!(
                "post `{}` has respond_within of 0: give the trainee at least a second",
                post.id
            ),
        );
    }
    if post.text.trim().is_empty() {
        let span = c.field_after(anchor, "text");
        c.report(
            Severity::Error,
            span,
            format!("post `{}` has no text", post.id),
        );
    } else if post.text.chars().count() > MAX_TEXT_CHARS {
        let span = c.field_after(anchor, "text");
        c.report(
            Severity::Error,
            span,
            format!(
                "post `{}` text is {} characters; the limit is {MAX_TEXT_CHARS}",
                post.id,
                post.text.chars().count()
            ),
        );
    }
    if post.options.is_empty() {
        let span = c.field_after(anchor, "options");
        c.report(
            Severity::Error,
            span,
            format!(
                "post `{}` has no options: give the trainee at least two responses to choose from",
                post.id
            ),
        );
    }

    let mut seen_options = HashSet::new();
    let mut option_anchors = Vec::new();
    for option in &post.options {
        let oa = c.anchor(&option.id);
        option_anchors.push(oa);
        if option.id.trim().is_empty() {
            c.report(
                Severity::Error,
                oa,
                format!("an option of post `{}` has an empty id", post.id),
            );
        } else if !seen_options.insert(option.id.clone()) {
            c.report(
                Severity::Error,
                oa,
                format!("duplicate option id `{}` in post `{}`", option.id, post.id),
            );
        }
        for (g, &points) in &option.scores {
            let span = c.map.map_key(oa.map_or(0, |a| a.0), g).or(oa);
            if !POINTS_RANGE.contains(&points) {
                c.report(
                    Severity::Error,
                    span,
                    format!(
                        "option `{}` gives {points} points for `{g}`; points must be from -2 to 2",
                        option.id
                    ),
                );
            }
            if let Some(set) = guidelines
                && set.get(g).is_none()
            {
                let known: Vec<&str> = set.guidelines.iter().map(|x| x.id.as_str()).collect();
                let hint = match closest(g, &known) {
                    Some(best) => format!(" (did you mean `{best}`?)"),
                    None => format!(" (the guidelines are: {})", known.join(", ")),
                };
                c.report(
                    Severity::Error,
                    span,
                    format!("unknown guideline `{g}` in option `{}`{hint}", option.id),
                );
            }
        }
        if option.action.needs_text() && option.text.trim().is_empty() {
            let span = c.field_after(oa, "text");
            c.report(
                Severity::Error,
                span,
                format!(
                    "option `{}` is a {} with empty text: write what the library would send",
                    option.id,
                    option.action.label()
                ),
            );
        }
        let chars = option.text.chars().count();
        if chars > MAX_TEXT_CHARS {
            let span = c.field_after(oa, "text");
            c.report(
                Severity::Error,
                span,
                format!(
                    "option `{}` text is {chars} characters; the limit is {MAX_TEXT_CHARS}",
                    option.id
                ),
            );
        } else if option.action == super::model::Action::Reply && chars > MAX_PUBLIC_REPLY_CHARS {
            let span = c.field_after(oa, "text");
            c.post_warning(
                post,
                span,
                "long-reply",
                format!(
                    "option `{}` is a public reply of {chars} characters (facts filled in); posts hold {MAX_PUBLIC_REPLY_CHARS}",
                    option.id
                ),
            );
        }
        if option.feedback.trim().is_empty() {
            c.post_warning(
                post,
                oa,
                "no-feedback",
                format!(
                    "option `{}` has no feedback: say why it is good or bad in terms of the guidelines",
                    option.id
                ),
            );
        }
        if let Some(f) = &option.follow_up {
            check_post(c, &f.post, depth + 1, guidelines, seen_posts);
        }
    }

    if let Some(set) = guidelines
        && !post.options.is_empty()
    {
        let values = post.values(set);
        let first = values[0];
        if values.iter().all(|v| (v - first).abs() < 1e-9) {
            c.post_warning(
                post,
                anchor,
                "same-value",
                format!(
                    "all options of post `{}` have the same value ({first}): the post cannot tell a good answer from a poor one",
                    post.id
                ),
            );
        } else {
            for w in items::warnings(post, set, depth > 0) {
                c.post_warning(post, anchor, w.code, w.message);
            }
        }
    }
}

/// Checks a guideline set on its own.
pub fn check_guidelines(file: &SourceFile, set: &GuidelineSet) -> Vec<Diagnostic> {
    let mut c = Checker::new(file);
    if set.late_penalty > 100 {
        let span = c.map.field(0, "late_penalty");
        c.report(
            Severity::Error,
            span,
            format!(
                "late_penalty is {}; it is a percent from 0 to 100",
                set.late_penalty
            ),
        );
    }
    if set.guidelines.is_empty() {
        let span = c.map.field(0, "guidelines");
        c.report(
            Severity::Error,
            span,
            "the guideline set has no guidelines".into(),
        );
    }
    let web = set
        .homepage
        .strip_prefix("https://")
        .or_else(|| set.homepage.strip_prefix("http://"));
    let usable = web.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !rest
                .chars()
                .any(|ch| ch.is_whitespace() || ch.is_control() || "<>\"{}|\\^`".contains(ch))
    });
    if !usable {
        let span = c.map.field(0, "homepage");
        c.report(
            Severity::Error,
            span,
            format!(
                "homepage `{}` is not a web address: write the library's http(s) address without spaces, such as https://library.example.org (reports name every activity under it)",
                set.homepage
            ),
        );
    }
    let mut seen = HashMap::new();
    for g in &set.guidelines {
        let anchor = c.anchor(&g.id);
        if g.id.trim().is_empty() {
            c.report(
                Severity::Error,
                anchor,
                "a guideline has an empty id".into(),
            );
        } else if seen.insert(g.id.clone(), ()).is_some() {
            c.report(
                Severity::Error,
                anchor,
                format!("duplicate guideline id `{}`", g.id),
            );
        }
        if !(g.weight.is_finite() && (MIN_WEIGHT..=MAX_WEIGHT).contains(&g.weight)) {
            let span = c.field_after(anchor, "weight");
            c.report(
                Severity::Error,
                span,
                format!(
                    "guideline `{}` has weight {}; a weight is a number from {MIN_WEIGHT} to {MAX_WEIGHT}",
                    g.id,
                    short_number(g.weight)
                ),
            );
        }
        if g.title.trim().is_empty() {
            let span = c.field_after(anchor, "title");
            c.report(
                Severity::Error,
                span,
                format!("guideline `{}` has no title", g.id),
            );
        }
        if g.text.trim().is_empty() {
            let span = c.field_after(anchor, "text");
            let d = c.warning(
                span,
                "no-text",
                format!(
                    "guideline `{}` has no text: trainees read it in the briefing",
                    g.id
                ),
            );
            c.out.push(d);
        }
    }
    c.out.extend(super::facts::check_names(file, set));
    c.out.extend(super::facts::check_source(file, set));
    c.out
}

/// Ids that can safely name files, routes and report activities.
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The known name nearest to `word`, when it is near enough to be a likely typo.
pub fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Edits between two words, an adjacent swap ("frist" for "first") counting as one: the
/// optimal string alignment distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        d[0][j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        let known = ["accurate", "privacy", "welcoming"];
        assert_eq!(closest("acurate", &known), Some("accurate"));
        assert_eq!(closest("privcy", &known), Some("privacy"));
        assert_eq!(closest("timely", &known), None);
    }
}
