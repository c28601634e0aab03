//! Every checker rule, each shown by a bad file in tests/fixtures with the exact place it points at.

mod common;

use replydesk::diagnostic::Severity;
use replydesk::scenario::catalog;

/// (fixture, severity, line, col, words the message must hold)
const EXPECTED: &[(&str, Severity, usize, usize, &str)] = &[
    (
        "syntax_missing_bracket",
        Severity::Error,
        14,
        5,
        "a `)` is probably missing",
    ),
    (
        "syntax_unknown_field",
        Severity::Error,
        4,
        5,
        "unexpected field named `sumary`",
    ),
    (
        "syntax_missing_field",
        Severity::Error,
        13,
        12,
        "missing the field `respond_within`",
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
];

#[test]
fn each_fixture_reports_exactly_its_problems_at_the_right_place() {
    let dir = common::fixtures();
    let mut names: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    names.dedup();
    for name in names {
        let path = dir.join(format!("{name}.ron"));
        let catalog = catalog::load(std::slice::from_ref(&path), None);
        let expected: Vec<_> = EXPECTED.iter().filter(|e| e.0 == name).collect();
        assert_eq!(
            catalog.diagnostics.len(),
            expected.len(),
            "{name}: got {:#?}",
            catalog
                .diagnostics
                .iter()
                .map(|d| d.headline())
                .collect::<Vec<_>>()
        );
        for (_, severity, line, col, words) in &expected {
            let found = catalog.diagnostics.iter().any(|d| {
                d.severity == *severity
                    && d.location.is_some_and(|l| l.line == *line && l.col == *col)
                    && d.message.contains(words)
                    && d.file == path
            });
            assert!(
                found,
                "{name}: expected {severity:?} at {line}:{col} containing {words:?}; got {:#?}",
                catalog
                    .diagnostics
                    .iter()
                    .map(|d| d.headline())
                    .collect::<Vec<_>>()
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
    assert!(d.message.contains("the limit is 4194304 (4 MiB)"), "{d}");
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
    let catalog = catalog::load(&[dir.path().to_path_buf()], None);
    let shown: Vec<String> = catalog.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
    assert_eq!(catalog.scenarios.len(), 1);
    assert_eq!(
        catalog.scenarios[0].scenario.all_posts().len(),
        2,
        "the post and its follow-up"
    );
}
