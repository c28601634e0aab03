//! Item-writing rules: the surface cues and option sets that let a trainee score without judgement.

use super::model::{GuidelineSet, Post, ResponseOption};

/// Values closer than this are the same value.
const EPS: f64 = 1e-9;
/// The best option is a length cue when it is at least this many times the next longest.
pub const LENGTH_CUE_RATIO: f64 = 1.5;
/// Fewest options a top-level post and a follow-up should offer.
pub const MIN_OPTIONS_TOP: usize = 4;
pub const MIN_OPTIONS_FOLLOW_UP: usize = 3;

/// Every warning code a post's `allow:` may name.
pub const CODES: [&str; 8] = [
    "length-cue",
    "lone-cue",
    "few-options",
    "same-options",
    "flat-distractors",
    "same-value",
    "no-feedback",
    "long-reply",
];

/// One item-writing problem of a post.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemWarning {
    pub code: &'static str,
    pub message: String,
}

/// A text's length as a reader sees it, in characters.
pub fn length(text: &str) -> usize {
    text.trim().chars().count()
}

/// Whether an option's words are sent (a Reply or DM).
pub fn is_written(option: &ResponseOption) -> bool {
    option.action.needs_text()
}

/// Whether a text holds a link: an address with a scheme, `www.`, or a bare domain name.
pub fn has_link(text: &str) -> bool {
    let lower = text.to_lowercase();
    if lower.contains("http://") || lower.contains("https://") || lower.contains("www.") {
        return true;
    }
    lower
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"' | ','))
        .any(is_domain)
}

fn is_domain(word: &str) -> bool {
    const ENDINGS: [&str; 10] = [
        ".org", ".com", ".gov", ".net", ".uk", ".co", ".io", ".info", ".ac", ".nhs",
    ];
    let host = word
        .trim_matches(|c: char| matches!(c, '.' | '!' | '?' | ';' | ':' | '\''))
        .split('/')
        .next()
        .unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels[0].chars().any(char::is_alphabetic)
        && ENDINGS
            .iter()
            .any(|e| host.ends_with(e) || host.contains(&format!("{e}.")))
}

/// The author's first name as a text would address them (`None` when too short to tell).
pub fn first_name(post: &Post) -> Option<&str> {
    let first = post
        .author
        .name
        .split_whitespace()
        .next()?
        .trim_matches(|c: char| !c.is_alphanumeric());
    (first.chars().count() >= 2 && first.chars().all(char::is_alphabetic)).then_some(first)
}

/// Whether a text uses a name as a whole word (any case).
pub fn uses_name(text: &str, name: &str) -> bool {
    let name = name.to_lowercase();
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == name)
}

/// The indices of a post's options with the highest value.
pub fn best_indices(values: &[f64]) -> Vec<usize> {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (0..values.len())
        .filter(|&i| (max - values[i]).abs() < EPS)
        .collect()
}

/// The index of the only option for which `cue` holds, if exactly one does.
pub fn lone(post: &Post, cue: impl Fn(&ResponseOption) -> bool) -> Option<usize> {
    let mut hits = post
        .options
        .iter()
        .enumerate()
        .filter(|(_, o)| cue(o))
        .map(|(i, _)| i);
    let first = hits.next()?;
    hits.next().is_none().then_some(first)
}

/// The only option with a link, if exactly one has one.
pub fn lone_link(post: &Post) -> Option<usize> {
    lone(post, |o| has_link(&o.text))
}

/// The only option that uses the author's first name, if exactly one does.
pub fn lone_name(post: &Post) -> Option<usize> {
    let name = first_name(post)?;
    lone(post, |o| uses_name(&o.text, name))
}

/// The item-writing warnings of one post (`follow_up`: whether it is a follow-up).
pub fn warnings(post: &Post, guidelines: &GuidelineSet, follow_up: bool) -> Vec<ItemWarning> {
    let mut out = Vec::new();
    let options = &post.options;
    if options.is_empty() {
        return out;
    }
    let least = if follow_up {
        MIN_OPTIONS_FOLLOW_UP
    } else {
        MIN_OPTIONS_TOP
    };
    if options.len() < least {
        out.push(ItemWarning {
            code: "few-options",
            message: format!(
                "post `{}` offers {} option{}; a {} should offer at least {least}, so that guessing rarely pays",
                post.id,
                options.len(),
                if options.len() == 1 { "" } else { "s" },
                if follow_up { "follow-up" } else { "top-level post" }
            ),
        });
    }

    for (j, b) in options.iter().enumerate() {
        if let Some(a) = options[..j]
            .iter()
            .find(|a| a.action == b.action && same_points(a, b))
        {
            out.push(ItemWarning {
                code: "same-options",
                message: format!(
                    "options `{}` and `{}` of post `{}` are both {} with the same points on every guideline: a trainee cannot be wrong between them; make them differ or drop one",
                    a.id,
                    b.id,
                    post.id,
                    b.action.label()
                ),
            });
        }
    }

    let values = post.values(guidelines);
    let best = best_indices(&values);

    if let [only] = best[..]
        && is_written(&options[only])
    {
        let longest = length(&options[only].text);
        let others = options
            .iter()
            .enumerate()
            .filter(|(i, o)| *i != only && is_written(o))
            .map(|(_, o)| length(&o.text));
        let next = others.max().unwrap_or(0);
        if longest > next && longest as f64 >= LENGTH_CUE_RATIO * next as f64 {
            let detail = if next == 0 {
                "the only written one".to_string()
            } else {
                format!("{longest} characters against {next}")
            };
            out.push(ItemWarning {
                code: "length-cue",
                message: format!(
                    "the best option of post `{}`, `{}`, is also by far its longest written option ({detail}): write a distractor as full and polished as the best answer",
                    post.id, options[only].id
                ),
            });
        }
    }

    let cues: [(&str, Option<usize>); 2] = [
        ("a link", lone_link(post)),
        ("the patron's first name", lone_name(post)),
    ];
    for (cue, index) in cues {
        if let Some(i) = index
            && best.contains(&i)
        {
            out.push(ItemWarning {
                code: "lone-cue",
                message: format!(
                    "the best option of post `{}`, `{}`, is the only one with {cue}: give a distractor the same cue, or take it off the best",
                    post.id, options[i].id
                ),
            });
        }
    }

    let (min, max) = crate::scoring::value_range(&values);
    if options.len() >= 3
        && max - min > EPS
        && values
            .iter()
            .all(|v| (v - min).abs() < EPS || (v - max).abs() < EPS)
    {
        out.push(ItemWarning {
            code: "flat-distractors",
            message: format!(
                "every option of post `{}` but the best scores the lowest value ({min}): give a defensible choice partial credit",
                post.id
            ),
        });
    }
    out
}

/// Whether two options give the same points on every guideline (a guideline left out is 0).
fn same_points(a: &ResponseOption, b: &ResponseOption) -> bool {
    let nonzero = |o: &ResponseOption| {
        o.scores
            .iter()
            .filter(|(_, p)| **p != 0)
            .map(|(g, p)| (g.clone(), *p))
            .collect::<Vec<_>>()
    };
    nonzero(a) == nonzero(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_recognised_with_or_without_a_scheme() {
        for t in [
            "see https://x.org/a",
            "at www.example.com",
            "book at library.example.org/rooms.",
            "ring or visit (gov.uk/register-to-vote)",
        ] {
            assert!(has_link(t), "{t}");
        }
        for t in ["Hi Jen! 10 to 5.", "e.g. the 3.5 mile walk", "Mr. Smith"] {
            assert!(!has_link(t), "{t}");
        }
    }

    #[test]
    fn names_match_whole_words_only() {
        assert!(uses_name("Thanks, Jen!", "Jen"));
        assert!(uses_name("thanks jen", "Jen"));
        assert!(!uses_name("Jenny, thanks", "Jen"));
    }
}
