//! Every checker rule, each shown by a bad file in tests/fixtures with the exact place it points at.

mod common;

use replydesk::diagnostic::{Diagnostic, Severity};
use replydesk::scenario::catalog;

/// (fixture, severity, line, col, words the message must hold)
const EXPECTED: &[(&str, Severity, usize, usize, &str)] = &[
    (
        "syntax_missing_bracket",
        Severity::Error,
        13,
        13,
        "the `(` that opens the post `p1` on line 8 is not closed: add `)` at the end of this line",
    ),
    (
        "syntax_unknown_field",
        Severity::Error,
        4,
        5,
        "`sumary` is not a field of the scenario: did you mean `summary`?",
    ),
    (
        "syntax_missing_field",
        Severity::Error,
        8,
        13,
        "the post `p1` (opened here) is missing `respond_within`: add `respond_within: ...,` inside it",
    ),
    (
        "unknown_guideline",
        Severity::Error,
        11,
        64,
        "unknown guideline `acurate` in option `good` (did you mean `accurate`?)",
    ),
    (
        "duplicate_post",
        Severity::Error,
        12,
        57,
        "duplicate post id `p1`",
    ),
    (
        "duplicate_option",
        Severity::Error,
        12,
        18,
        "duplicate option id `good` in post `p1`",
    ),
    (
        "no_options",
        Severity::Error,
        10,
        20,
        "post `p1` has no options",
    ),
    (
        "points_out_of_range",
        Severity::Error,
        11,
        64,
        "gives 5 points for `accurate`",
    ),
    (
        "points_out_of_range",
        Severity::Error,
        12,
        54,
        "gives -3 points for `welcoming`",
    ),
    (
        "draw_too_large",
        Severity::Error,
        7,
        11,
        "draw is 3 but the scenario has only 1 top-level posts",
    ),
    (
        "pass_score_out_of_range",
        Severity::Error,
        6,
        17,
        "pass_score is 101",
    ),
    (
        "empty_reply",
        Severity::Error,
        11,
        47,
        "option `good` is a Reply with empty text",
    ),
    (
        "empty_reply",
        Severity::Error,
        12,
        53,
        "option `dm` is a DM with empty text",
    ),
    (
        "respond_within_zero",
        Severity::Error,
        9,
        85,
        "respond_within of 0",
    ),
    (
        "follow_ups_too_deep",
        Severity::Error,
        42,
        56,
        "post `n17` is a follow-up nested 17 deep; the limit is 16",
    ),
    (
        "bad_weight_guidelines",
        Severity::Error,
        5,
        19,
        "late_penalty is 150",
    ),
    (
        "bad_weight_guidelines",
        Severity::Error,
        8,
        56,
        "guideline `accurate` has weight 0",
    ),
    (
        "warn_no_feedback",
        Severity::Warning,
        11,
        18,
        "option `good` has no feedback",
    ),
    (
        "warn_long_reply",
        Severity::Warning,
        11,
        47,
        "public reply of 288 characters",
    ),
    (
        "warn_same_value",
        Severity::Warning,
        8,
        18,
        "all options of post `p1` have the same value",
    ),
    (
        "item_length_cue",
        Severity::Warning,
        8,
        18,
        "[length-cue]: the best option of post `p1`, `good`, is also by far its longest written option (79 characters against 17)",
    ),
    (
        "item_lone_link",
        Severity::Warning,
        8,
        18,
        "[lone-cue]: the best option of post `p1`, `good`, is the only one with a link",
    ),
    (
        "item_lone_name",
        Severity::Warning,
        8,
        18,
        "[lone-cue]: the best option of post `p1`, `good`, is the only one with the patron's first name",
    ),
    (
        "item_few_options",
        Severity::Warning,
        8,
        18,
        "[few-options]: post `p1` offers 3 options; a top-level post should offer at least 4",
    ),
    (
        "item_same_options",
        Severity::Warning,
        8,
        18,
        "[same-options]: options `bad` and `also-bad` of post `p1` are both No response with the same points",
    ),
    (
        "item_flat_distractors",
        Severity::Warning,
        8,
        18,
        "[flat-distractors]: every option of post `p1` but the best scores the lowest value (-2)",
    ),
    (
        "allow_unknown_code",
        Severity::Error,
        10,
        18,
        "post `p1` allows `lenght-cue`, which is not a warning code (did you mean `length-cue`?)",
    ),
    (
        "fact_unknown",
        Severity::Error,
        13,
        114,
        "[unknown-fact]: unknown fact `{emergancy}` (did you mean `{emergency}`?)",
    ),
];

/// The item-writing codes: asserted exactly by the `item_` fixtures, and ignored in the others
/// (which keep two options a post so that each shows its one mistake plainly).
const ITEM_CODES: [&str; 5] = [
    "length-cue",
    "lone-cue",
    "few-options",
    "same-options",
    "flat-distractors",
];

/// A fixture's diagnostics, without item-writing warnings unless the fixture is about them.
fn diagnostics_of(name: &str, catalog: &catalog::Catalog) -> Vec<Diagnostic> {
    catalog
        .diagnostics
        .iter()
        .filter(|d| name.starts_with("item_") || !d.code.is_some_and(|c| ITEM_CODES.contains(&c)))
        .cloned()
        .collect()
}

#[test]
fn each_fixture_reports_exactly_its_problems_at_the_right_place() {
    let dir = common::fixtures();
    let mut names: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    names.dedup();
    for name in names {
        let path = dir.join(format!("{name}.ron"));
        let catalog = catalog::load(std::slice::from_ref(&path), None);
        let diagnostics = diagnostics_of(name, &catalog);
        let expected: Vec<_> = EXPECTED.iter().filter(|e| e.0 == name).collect();
        let shown: Vec<String> = diagnostics.iter().map(|d| d.headline()).collect();
        assert_eq!(diagnostics.len(), expected.len(), "{name}: got {shown:#?}");
        for (_, severity, line, col, words) in &expected {
            let found = diagnostics.iter().any(|d| {
                d.severity == *severity
                    && d.location.is_some_and(|l| l.line == *line && l.col == *col)
                    && d.headline().contains(words)
                    && d.file == path
            });
            assert!(
                found,
                "{name}: expected {severity:?} at {line}:{col} containing {words:?}; got {shown:#?}"
            );
        }
        let errors = expected.iter().any(|e| e.1 == Severity::Error);
        let is_guidelines = name.ends_with("guidelines");
        if !is_guidelines {
            assert_eq!(
                catalog.scenarios.is_empty(),
                errors,
                "{name}: playable only without errors"
            );
        }
    }
}

#[test]
fn the_valid_fixture_and_the_shipped_scenarios_are_clean() {
    let valid = catalog::load(&[common::fixtures().join("valid.ron")], None);
    assert!(valid.diagnostics.is_empty(), "{:?}", valid.diagnostics);
    assert_eq!(valid.scenarios.len(), 1);

    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let catalog = catalog::load(&[shipped], None);
    let shown: Vec<String> = catalog.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        shown.is_empty(),
        "shipped scenarios must check clean:\n{}",
        shown.join("\n")
    );
    assert!(catalog.scenarios.len() >= 2);
}

#[test]
fn a_file_over_four_mebibytes_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::fixtures().join("guidelines.ron"),
        dir.path().join("guidelines.ron"),
    )
    .unwrap();
    let big = dir.path().join("big.ron");
    let mut text = std::fs::read_to_string(common::fixtures().join("valid.ron")).unwrap();
    text.push_str(&"// padding\n".repeat(4 * 1024 * 1024 / 11 + 1));
    std::fs::write(&big, text).unwrap();
    let catalog = catalog::load(&[big.clone()], None);
    assert_eq!(catalog.diagnostics.len(), 1);
    let d = &catalog.diagnostics[0];
    assert!(
        d.message.contains("larger than 4194304 bytes (4 MiB)"),
        "{d}"
    );
    assert_eq!(d.file, big);
}

#[test]
fn a_scenario_without_a_guideline_set_is_not_playable_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let lone = dir.path().join("lone.ron");
    std::fs::copy(common::fixtures().join("valid.ron"), &lone).unwrap();
    let catalog = catalog::load(&[lone], None);
    assert!(catalog.scenarios.is_empty());
    assert_eq!(catalog.error_count(), 1);
    assert!(
        catalog.diagnostics[0]
            .message
            .contains("no guideline set to score it by")
    );
}

#[test]
fn two_scenarios_with_one_id_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::fixtures().join("guidelines.ron"),
        dir.path().join("guidelines.ron"),
    )
    .unwrap();
    std::fs::copy(
        common::fixtures().join("valid.ron"),
        dir.path().join("a.ron"),
    )
    .unwrap();
    std::fs::copy(
        common::fixtures().join("valid.ron"),
        dir.path().join("b.ron"),
    )
    .unwrap();
    let catalog = catalog::load(&[dir.path().to_path_buf()], None);
    assert_eq!(catalog.scenarios.len(), 1);
    assert_eq!(catalog.error_count(), 1);
    assert!(
        catalog.diagnostics[0]
            .message
            .contains("scenario id `fixture` is already used by")
    );
}

#[test]
fn the_annotated_example_in_the_authoring_guide_checks_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/authoring.md")).unwrap();
    let after = guide
        .split("A complete, annotated example")
        .nth(1)
        .expect("the guide has the example");
    let example = after
        .split("```ron\n")
        .nth(1)
        .and_then(|s| s.split("\n```").next())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("scenarios/guidelines.ron"),
        dir.path().join("guidelines.ron"),
    )
    .unwrap();
    std::fs::write(dir.path().join("example.ron"), example).unwrap();
    let catalog = catalog::load(&[dir.path().join("example.ron")], None);
    let shown: Vec<String> = catalog.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
    assert_eq!(catalog.scenarios.len(), 1);
    assert_eq!(
        catalog.scenarios[0].scenario.all_posts().len(),
        2,
        "the post and its follow-up"
    );
}

#[test]
fn an_allowed_warning_is_not_shown_but_is_counted() {
    let path = common::fixtures().join("item_allowed.ron");
    let catalog = catalog::load(std::slice::from_ref(&path), None);
    assert!(catalog.diagnostics.is_empty(), "{:?}", catalog.diagnostics);
    assert_eq!(catalog.allowed.len(), 1);
    assert_eq!(catalog.allowed[0].code, Some("length-cue"));
    assert_eq!(catalog.scenarios.len(), 1);
}

#[test]
fn facts_are_filled_in_and_an_unused_fact_is_a_warning_at_its_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("guidelines.ron"),
        std::fs::read_to_string(common::fixtures().join("guidelines.ron"))
            .unwrap()
            .replace(
                r#""emergency": "999"}"#,
                r#""emergency": "999", "phone": "01632 960 000"}"#,
            ),
    )
    .unwrap();
    let text = std::fs::read_to_string(common::fixtures().join("valid.ron"))
        .unwrap()
        .replace(
            "Are you open?",
            "Are you open? ring {emergency} or see {website}, says {library}",
        );
    std::fs::write(dir.path().join("a.ron"), text).unwrap();
    let catalog = catalog::load(&[dir.path().to_path_buf()], None);
    let shown: Vec<String> = catalog.diagnostics.iter().map(|d| d.headline()).collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(
        shown[0].ends_with(
            "guidelines.ron:6:64: warning[unused-fact]: fact `phone` is not used by any scenario: remove it or use it as `{phone}`"
        ),
        "{shown:#?}"
    );
    let post = &catalog.scenarios[0].scenario.posts[0];
    assert_eq!(
        post.text,
        "Are you open? ring 999 or see test.example.org, says Test Library"
    );
    // One file alone says nothing about facts the rest of its folder may use.
    let one = catalog::load(&[dir.path().join("a.ron")], None);
    assert!(one.diagnostics.is_empty(), "{:?}", one.diagnostics);
}

#[test]
fn a_fact_with_an_unusable_name_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("guidelines.ron");
    std::fs::write(
        &path,
        std::fs::read_to_string(common::fixtures().join("guidelines.ron"))
            .unwrap()
            .replace(
                r#""emergency": "999""#,
                r#""Emergency Line": "999", "library": "x""#,
            ),
    )
    .unwrap();
    let (set, problems) = catalog::load_guidelines(&path);
    assert!(set.is_none());
    let shown: Vec<String> = problems.iter().map(|d| d.headline()).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(
        shown[0].contains("6:44: error: fact `Emergency Line` cannot be used as a placeholder"),
        "{shown:#?}"
    );
    assert!(
        shown[1].contains("`library` is a built-in placeholder"),
        "{shown:#?}"
    );
}

/// Misspelt or quoted names are told in the guide's words, with the name meant.
#[test]
fn names_of_kinds_and_modes_are_checked_in_the_guide_s_words() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "guidelines.ron",
        "first-shift.ron",
        "hard-calls.ron",
        "path.ron",
    ] {
        std::fs::copy(root.join("scenarios").join(f), dir.path().join(f)).unwrap();
    }
    for f in [
        "services-and-policies",
        "readers-advisory",
        "obscure-questions",
        "sarcasm-and-trolls",
        "saturday-rush",
        "certification",
    ] {
        std::fs::copy(
            root.join("scenarios").join(format!("{f}.ron")),
            dir.path().join(format!("{f}.ron")),
        )
        .unwrap();
    }
    let edit = |file: &str, from: &str, to: &str| {
        let p = dir.path().join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{file} has {from}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    };
    edit("first-shift.ron", "kind: Genuine", "kind: genuine");
    edit(
        "hard-calls.ron",
        "kind: Problematic",
        "kind: \"Problematic\"",
    );
    edit("path.ron", "mode: Assessment", "mode: Assesment");
    let catalog = replydesk::scenario::catalog::load(&[dir.path().to_path_buf()], None);
    let all: Vec<String> = catalog.diagnostics.iter().map(|d| d.to_string()).collect();
    let all = all.join("\n");
    for expected in [
        "`genuine` is not a kind of post: did you mean `Genuine`? it must be one of Genuine, Obscure, Sarcastic, Problematic, written as here, without quotes",
        "`\"Problematic\"` is in quotes, but kinds, actions, channels, difficulties and modes are written without them: write `Problematic`",
        "`Assesment` is not a mode: did you mean `Assessment`?",
    ] {
        assert!(all.contains(expected), "missing: {expected}\n{all}");
    }
    for word in ["variant", "enum", "struct", "identifier"] {
        assert!(!all.contains(word), "`{word}` in:\n{all}");
    }
}

/// A missing comma is reported at the end of the line it is missing from, not where the next
/// value starts; a web address in a text is not taken for a comment.
#[test]
fn a_missing_comma_is_reported_at_the_end_of_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("tests/fixtures/guidelines.ron"),
        dir.path().join("guidelines.ron"),
    )
    .unwrap();
    let text = std::fs::read_to_string(root.join("tests/fixtures/valid.ron")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with("summary:"))
        .expect("valid.ron has a summary line");
    let broken: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == at {
                // `summary: "… see https://example.org",` without its comma.
                let l = l.trim_end().trim_end_matches(',');
                format!(
                    "{} // see https://example.org",
                    l.replacen("summary: \"", "summary: \"https://example.org ", 1)
                )
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(dir.path().join("s.ron"), broken.join("\n")).unwrap();
    let catalog = replydesk::scenario::catalog::load(&[dir.path().join("s.ron")], None);
    let d = catalog
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    let text = d.to_string();
    assert!(
        text.contains("a comma is missing at the end of this line"),
        "{text}"
    );
    let expected_col = broken[at].find(" // see").unwrap() + 1;
    assert!(
        text.starts_with(&format!(
            "{}:{}:{}:",
            dir.path().join("s.ron").display(),
            at + 1,
            expected_col
        )),
        "{text}"
    );
}

/// Words from inside the program that a supervisor never needs to learn.
const JARGON: [&str; 10] = [
    "identifier",
    "struct",
    "enum",
    "variant",
    "token",
    "deserializ",
    "integer",
    "sequence",
    "tuple",
    "Some(",
];

/// A copy of a shipped or fixture scenario with one everyday mistake made in it, beside the
/// guideline set it is checked against.
struct Mistake {
    name: &'static str,
    /// `valid` (tests/fixtures/valid.ron) or `first-shift` (the shipped scenario, with follow-ups).
    base: &'static str,
    /// Text replaced (its first occurrence) and what replaces it.
    edits: &'static [(&'static str, &'static str)],
    /// Every problem expected: line, column and the words of the message.
    expected: &'static [(usize, usize, &'static str)],
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        name: "a comma missing at the end of a line",
        base: "valid",
        edits: &[(
            "summary: \"A file with one mistake.\",",
            "summary: \"A file with one mistake.\"",
        )],
        expected: &[(4, 40, "a comma is missing at the end of this line")],
    },
    Mistake {
        name: "an option's `)` missing",
        base: "valid",
        edits: &[("feedback: \"Right.\"),", "feedback: \"Right.\",")],
        expected: &[(
            11,
            146,
            "the `(` that opens the option `good` on line 11 is not closed: add `)` at the end of this line",
        )],
    },
    Mistake {
        name: "the options' `]` missing",
        base: "valid",
        edits: &[("          ]),", "          ),")],
        expected: &[(
            14,
            94,
            "the `[` that opens the list of options on line 10 is not closed: add `]` at the end of this line",
        )],
    },
    Mistake {
        name: "one `)` too few after a follow-up",
        base: "first-shift",
        edits: &[(
            "                 )),\n                (id: \"send-to-kindle\"",
            "                 ),\n                (id: \"send-to-kindle\"",
        )],
        expected: &[(
            177,
            20,
            "the `(` that opens the option `answer` on line 151 is not closed: add `)` at the end of this line",
        )],
    },
    Mistake {
        name: "one `)` too many after a follow-up",
        base: "first-shift",
        edits: &[(
            "                 )),\n                (id: \"send-to-kindle\"",
            "                 ))),\n                (id: \"send-to-kindle\"",
        )],
        expected: &[(
            177,
            20,
            "this `)` does not close the `[` that opens the list of options on line 150: it is one too many (delete it)",
        )],
    },
    Mistake {
        name: "a kind in quotes",
        base: "valid",
        edits: &[("kind: Genuine", "kind: \"Problematic\"")],
        expected: &[(
            8,
            37,
            "`\"Problematic\"` is in quotes, but kinds, actions, channels, difficulties and modes are written without them: write `Problematic`",
        )],
    },
    Mistake {
        name: "a kind in small letters",
        base: "valid",
        edits: &[("kind: Genuine", "kind: problematic")],
        expected: &[(
            8,
            37,
            "`problematic` is not a kind of post: did you mean `Problematic`? it must be one of Genuine, Obscure, Sarcastic, Problematic, written as here, without quotes",
        )],
    },
    Mistake {
        name: "an action misspelt",
        base: "valid",
        edits: &[("action: NoResponse", "action: NoRespnse")],
        expected: &[(
            14,
            33,
            "`NoRespnse` is not an action: did you mean `NoResponse`?",
        )],
    },
    Mistake {
        name: "double quotes inside a text",
        base: "valid",
        edits: &[(
            "text: \"Are you open?\"",
            "text: \"Are you \"open\" today?\"",
        )],
        expected: &[
            (
                9,
                66,
                "a double quote inside a text ends the text early: write it as `\\\"`",
            ),
            (
                9,
                61,
                "a double quote inside a text ends the text early: write it as `\\\"`",
            ),
        ],
    },
    Mistake {
        name: "curly quotes from a word processor",
        base: "valid",
        edits: &[("feedback: \"Right.\"", "feedback: “Right.”")],
        expected: &[(
            11,
            137,
            "curly quotes “ ” from a word processor: texts start and end with straight quotes \" \"",
        )],
    },
    Mistake {
        name: "a text closed with a curly quote",
        base: "valid",
        edits: &[("feedback: \"Right.\"", "feedback: \"Right.”")],
        expected: &[(
            11,
            144,
            "this text starts with a straight quote `\"` but ends with a curly one `”`",
        )],
    },
    Mistake {
        name: "a reply without its text",
        base: "valid",
        edits: &[("text: \"Yes, we are open from 9 to 5 today.\", ", "")],
        expected: &[(11, 18, "option `good` is a Reply with empty text")],
    },
    Mistake {
        name: "a follow-up without its kind",
        base: "first-shift",
        edits: &[(
            "                        id: \"kindle-followup\",\n                        kind: Sarcastic,\n",
            "                        id: \"kindle-followup\",\n",
        )],
        expected: &[(
            156,
            25,
            "the post `kindle-followup` (opened here) is missing `kind`: add `kind: ...,` inside it",
        )],
    },
    Mistake {
        name: "double quotes inside a text, before a comma",
        base: "valid",
        edits: &[(
            "feedback: \"Kind, but says no hours.\"",
            "feedback: \"She asked for \"hours\", not a welcome.\"",
        )],
        expected: &[
            (12, 152, "a double quote inside a text ends the text early"),
            (12, 158, "a double quote inside a text ends the text early"),
        ],
    },
    Mistake {
        name: "an author's `)` missing",
        base: "first-shift",
        edits: &[(
            "author: (handle: \"@gazza_1987\", name: \"Gary Dunne\", bio: \"West Ham. Gym. Opinions.\", followers: 1430),\n            text",
            "author: (handle: \"@gazza_1987\", name: \"Gary Dunne\", bio: \"West Ham. Gym. Opinions.\", followers: 1430,\n            text",
        )],
        expected: &[(
            147,
            114,
            "the `(` that opens the author on line 147 is not closed: add `)` at the end of this line",
        )],
    },
    Mistake {
        name: "a field with a capital letter",
        base: "valid",
        edits: &[("text: \"Are you open?\"", "Text: \"Are you open?\"")],
        expected: &[(
            9,
            46,
            "`Text` is not a field of a post: did you mean `text`?",
        )],
    },
    Mistake {
        name: "a time with its unit",
        base: "valid",
        edits: &[("respond_within: 60,", "respond_within: 10 minutes,")],
        expected: &[(
            9,
            88,
            "`respond_within` is a whole number, written alone: no units, no %, no decimals",
        )],
    },
    Mistake {
        name: "a number in quotes",
        base: "valid",
        edits: &[("at: 0,", "at: \"60\",")],
        expected: &[(8, 28, "`at` is a whole number, written without quotes")],
    },
    Mistake {
        name: "a backslash in a text",
        base: "valid",
        edits: &[("feedback: \"Right.\"", "feedback: \"Right! \\o/\"")],
        expected: &[(
            11,
            138,
            "a backslash `\\` in a text starts a special character: write `\\\\` for a backslash",
        )],
    },
    Mistake {
        name: "a comment written with #",
        base: "valid",
        edits: &[(
            "    difficulty: Beginner,",
            "    # easy one\n    difficulty: Beginner,",
        )],
        expected: &[(5, 5, "a comment starts with `//` in these files, not `#`")],
    },
    Mistake {
        name: "a follow-up inside Some with one bracket",
        base: "first-shift",
        edits: &[(
            "follow_up: (after: 120, post:",
            "follow_up: Some(after: 120, post:",
        )],
        expected: &[(
            155,
            34,
            "expected a follow-up here, but found `after`: write `follow_up: (after: 120, post: Post(...)),`",
        )],
    },
    Mistake {
        name: "a field misspelt",
        base: "valid",
        edits: &[("feedback: \"Right.\"", "feedbak: \"Right.\"")],
        expected: &[(
            11,
            127,
            "`feedbak` is not a field of an option: did you mean `feedback`?",
        )],
    },
];

/// Writes `base` with `edits` made, and the guideline set it needs, into `dir`.
fn write_mistake(dir: &std::path::Path, base: &str, edits: &[(&str, &str)]) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (source, guidelines) = match base {
        "valid" => (
            root.join("tests/fixtures/valid.ron"),
            root.join("tests/fixtures/guidelines.ron"),
        ),
        _ => (
            root.join(format!("scenarios/{base}.ron")),
            root.join("scenarios/guidelines.ron"),
        ),
    };
    std::fs::copy(guidelines, dir.join("guidelines.ron")).unwrap();
    let mut text = std::fs::read_to_string(source).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{base} has {from:?}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join("s.ron");
    std::fs::write(&path, text).unwrap();
    path
}

/// Each mistake a newcomer to RON makes is reported once, at the place to fix it, in the
/// guide's words; no message uses a word from inside the program.
#[test]
fn every_newcomer_mistake_is_told_at_its_place_in_the_guide_s_words() {
    let mut failures = Vec::new();
    for m in MISTAKES {
        let dir = tempfile::tempdir().unwrap();
        let path = write_mistake(dir.path(), m.base, m.edits);
        let catalog = catalog::load(std::slice::from_ref(&path), None);
        let errors: Vec<&Diagnostic> = catalog
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        let shown: Vec<String> = errors.iter().map(|d| d.headline()).collect();
        let ok = errors.len() == m.expected.len()
            && m.expected.iter().all(|(line, col, words)| {
                errors.iter().any(|d| {
                    d.file == path
                        && d.location.is_some_and(|l| l.line == *line && l.col == *col)
                        && d.message.contains(words)
                })
            });
        if !ok {
            failures.push(format!(
                "{}: expected {:?}\n  got {shown:#?}",
                m.name, m.expected
            ));
        }
        for d in &errors {
            let lower = d.message.to_lowercase();
            if let Some(word) = JARGON.iter().find(|w| lower.contains(&w.to_lowercase())) {
                failures.push(format!("{}: `{word}` in {}", m.name, d.headline()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A file pasted from a word processor, with a bracket lost on the way, is reported whole in
/// one run: five curly-quote pairs, two quotes inside a text and the missing bracket.
#[test]
fn curly_quotes_inner_quotes_and_a_missing_bracket_are_all_listed_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_mistake(
        dir.path(),
        "valid",
        &[
            ("title: \"Fixture\"", "title: “Fixture”"),
            (
                "summary: \"A file with one mistake.\"",
                "summary: “A file with one mistake.”",
            ),
            ("text: \"Are you open?\"", "text: “Are you open?”"),
            ("feedback: \"Right.\"", "feedback: “Right.”"),
            ("feedback: \"Silence.\"", "feedback: “Silence.”"),
            (
                "text: \"We are open today, come along whenever suits you!\"",
                "text: \"We are \"open\" today, come along whenever suits you!\"",
            ),
            (
                "feedback: \"There is one branch.\"),",
                "feedback: \"There is one branch.\",",
            ),
        ],
    );
    let catalog = catalog::load(std::slice::from_ref(&path), None);
    let shown: Vec<String> = catalog.diagnostics.iter().map(|d| d.headline()).collect();
    let count = |words: &str| shown.iter().filter(|s| s.contains(words)).count();
    assert_eq!(
        count("curly quotes “ ” from a word processor"),
        5,
        "{shown:#?}"
    );
    assert_eq!(count("a double quote inside a text"), 2, "{shown:#?}");
    assert_eq!(
        count("the `(` that opens the option `ask` on line 13 is not closed"),
        1,
        "{shown:#?}"
    );
    assert_eq!(shown.len(), 8, "{shown:#?}");
    let lines: Vec<usize> = catalog
        .diagnostics
        .iter()
        .map(|d| d.location.unwrap().line)
        .collect();
    assert_eq!(
        lines,
        [3, 4, 9, 11, 12, 12, 13, 14],
        "in file order: {shown:#?}"
    );
}

/// Writes each `follow_up: X` of a RON text as `follow_up: Some(X)`, as files before 0.5 did.
fn with_some(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("follow_up: (") {
        let open = at + "follow_up: ".len();
        let (mut depth, mut quoted, mut escaped, mut close) = (0, false, false, None);
        for (i, c) in rest[open..].char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if quoted => escaped = true,
                '"' => quoted = !quoted,
                '(' if !quoted => depth += 1,
                ')' if !quoted => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let close = close.expect("a follow-up closes");
        // Nested follow-ups inside are rewritten too.
        out.push_str(&rest[..open]);
        out.push_str("Some(");
        out.push_str(&with_some(&rest[open..=close]));
        out.push(')');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `follow_up: (after: 120, post: Post(...))` needs no `Some(...)`: the shipped scenarios are
/// written so, and the same files written the earlier way, with `Some((...))` and
/// `draw: Some(n)`, check clean and are the same scenarios, playing the same sessions.
#[test]
fn a_follow_up_without_some_checks_clean_and_plays_identically() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("scenarios/guidelines.ron"),
        dir.path().join("guidelines.ron"),
    )
    .unwrap();
    let mut rewritten = 0;
    for name in [
        "first-shift",
        "hard-calls",
        "obscure-questions",
        "certification",
    ] {
        let text = std::fs::read_to_string(root.join(format!("scenarios/{name}.ron"))).unwrap();
        assert!(!text.contains("Some("), "{name} is written the simple way");
        let old = with_some(&text).replace("draw: 8,", "draw: Some(8),");
        rewritten += old.matches("follow_up: Some((").count();
        std::fs::write(dir.path().join(format!("{name}.ron")), old).unwrap();
    }
    assert!(rewritten >= 8, "the pack has follow-ups to rewrite");
    let shipped = catalog::load(&[root.join("scenarios")], None);
    let old = catalog::load(&[dir.path().to_path_buf()], None);
    assert!(
        old.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        old.diagnostics
    );
    for entry in &old.scenarios {
        let original = shipped
            .scenarios
            .iter()
            .find(|s| s.scenario.id == entry.scenario.id)
            .expect("the same scenario ships");
        assert_eq!(entry.scenario, original.scenario, "{}", entry.scenario.id);
        // The same seed and the same answers give the same session, post for post: each post
        // answered with a different option, so that follow-ups are reached.
        let run = |e: &catalog::CatalogEntry| {
            let answers: Vec<_> = e
                .scenario
                .all_posts()
                .iter()
                .enumerate()
                .map(|(i, (post, _))| {
                    common::answer(&post.id, &post.options[i % post.options.len()].id, 5)
                })
                .collect();
            let run = replydesk::answers::play_scripted(
                e.scenario.clone(),
                e.guidelines.clone(),
                7,
                &answers,
            )
            .unwrap();
            format!("{:?} {:?}", run.result, run.outcomes)
        };
        assert_eq!(run(entry), run(original));
    }
    assert_eq!(old.scenarios.len(), 4);
}

/// The guide's table of shipped guideline ids is the shipped guideline set: ids, weights and
/// which are critical.
#[test]
fn the_guide_lists_the_shipped_guidelines_as_they_are() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/authoring.md")).unwrap();
    let section = guide
        .split("### The shipped guideline ids")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the guide has the section");
    let rows: Vec<(String, f64, bool)> = section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (
                cells[1].trim_matches('`').to_string(),
                cells[3].parse().unwrap(),
                cells[4] == "yes",
            )
        })
        .collect();
    let (set, problems) = catalog::load_guidelines(&root.join("scenarios/guidelines.ron"));
    let set = set.unwrap_or_else(|| panic!("{problems:?}"));
    let shipped: Vec<(String, f64, bool)> = set
        .guidelines
        .iter()
        .map(|g| (g.id.clone(), g.weight, g.critical))
        .collect();
    assert_eq!(rows, shipped);
}

/// One mistake in each of several posts: each post's is listed in the same run, and a file
/// full of curly quotes is listed by its first ten and a count of the rest.
#[test]
fn a_mistake_in_one_post_does_not_hide_those_in_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("scenarios/guidelines.ron"),
        dir.path().join("guidelines.ron"),
    )
    .unwrap();
    let text = std::fs::read_to_string(root.join("scenarios/first-shift.ron")).unwrap();
    // Every post's `respond_within: N,` loses its comma, and the second post's `kind` is misspelt.
    let mut broken = String::new();
    let mut posts = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("respond_within:") && line.trim_end().ends_with(',') {
            posts += 1;
            broken.push_str(&line.trim_end().trim_end_matches(','));
            broken.push('\n');
        } else {
            broken.push_str(line);
        }
    }
    assert!(posts >= 6, "first-shift has posts");
    let path = dir.path().join("s.ron");
    std::fs::write(&path, &broken).unwrap();
    let catalog = catalog::load(std::slice::from_ref(&path), None);
    let commas = catalog
        .diagnostics
        .iter()
        .filter(|d| {
            d.message
                .contains("a comma is missing at the end of this line")
        })
        .count();
    let top_level: usize = broken
        .lines()
        .filter(|l| l.trim_start().starts_with("Post(") && l.starts_with("        P"))
        .count();
    assert!(top_level >= 5);
    assert_eq!(
        commas, top_level,
        "one per top-level post: {:#?}",
        catalog.diagnostics
    );

    // Curly quotes everywhere: ten listed, then one line counting the rest.
    let curly = text.replace("text: \"", "text: “").replace("\",\n", "”,\n");
    let path = dir.path().join("curly.ron");
    std::fs::write(&path, &curly).unwrap();
    let catalog = catalog::load(std::slice::from_ref(&path), None);
    let shown: Vec<&str> = catalog
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        shown
            .iter()
            .filter(|m| m.contains("from a word processor"))
            .count(),
        9,
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|m| m.contains("more texts in curly quotes “ ” from here on")),
        "{shown:#?}"
    );
    assert!(shown.len() < 15, "{shown:#?}");
}
