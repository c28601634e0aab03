//! The surface strategies of `check --stats`, pinned on a scenario worked out by hand.

mod common;

use common::{GUIDELINES, guidelines, scenario};
use replydesk::scenario::CatalogEntry;
use replydesk::stats::{self, Strategy};

/// Weights: welcoming 1, accurate 2. Post scores = (value − min) / (max − min):
/// q1: long (Jen) 2 → 4/7, link 5 → 1 (best), esc −1 → 1/7, quiet −2 → 0.
/// q2: name (Jen) 2 → 3/7, long2 6 → 1 (best), dm with a link 1 → 2/7, like −1 → 0.
const CUES: &str = r#"Scenario(
    id: "cues", title: "Cues", summary: "Hand-computed strategies.", difficulty: Beginner,
    pass_score: 85, shuffle_options: false,
    posts: [
        Post(id: "q1", at: 0, kind: Genuine, channel: Mention, author: (handle: "@jen", name: "Jen Okafor"),
             text: "open?", respond_within: 60, options: [
                (id: "long", action: Reply, text: "Hi Jen! Lovely to hear from you, we will have a look and get back to you soon.", scores: {"welcoming": 2}, feedback: "f"),
                (id: "link", action: Reply, text: "Yes: 9 to 5. See test.example.org/hours", scores: {"accurate": 2, "welcoming": 1}, feedback: "f"),
                (id: "esc", action: Escalate, scores: {"welcoming": -1}, feedback: "f"),
                (id: "quiet", action: NoResponse, scores: {"accurate": -1}, feedback: "f"),
             ]),
        Post(id: "q2", at: 100, kind: Genuine, channel: Mention, author: (handle: "@jen", name: "Jen Okafor"),
             text: "until when?", respond_within: 60, options: [
                (id: "name", action: Reply, text: "Thanks Jen, we are open until five.", scores: {"welcoming": 2}, feedback: "f"),
                (id: "long2", action: Reply, text: "We are open until five today, and the reading room stays open until half past four.", scores: {"accurate": 2, "welcoming": 2}, feedback: "f"),
                (id: "dm", action: DirectMessage, text: "Which branch? test.example.org/branches", scores: {"welcoming": 1}, feedback: "f"),
                (id: "like", action: Like, scores: {"welcoming": -1}, feedback: "f"),
             ]),
    ],
)"#;

fn entry() -> CatalogEntry {
    CatalogEntry {
        path: "cues.ron".into(),
        scenario: scenario(CUES),
        guidelines: guidelines(GUIDELINES),
        content_hash: String::new(),
        file_hash: String::new(),
    }
}

#[test]
fn surface_strategies_score_what_was_worked_out_by_hand() {
    let e = entry();
    let at = |s: Strategy| stats::mean_score(&e, s, 20);
    // longest: 4/7 and 1 → 78.6 → 79
    assert_eq!(at(Strategy::Longest), 79.0);
    // shortest written: `link` (39 chars) on q1 → 1, `name` (35) on q2 → 3/7: 71.4 → 71
    assert_eq!(at(Strategy::ShortestReply), 71.0);
    // the lone link: `link` → 1, `dm` → 2/7: 64.3 → 64; test-wise takes the link first
    assert_eq!(at(Strategy::LoneLink), 64.0);
    assert_eq!(at(Strategy::TestWise), 64.0);
    // the lone first name: `long` → 4/7, `name` → 3/7: 50
    assert_eq!(at(Strategy::LoneName), 50.0);
    assert_eq!(at(Strategy::Best), 100.0);
    assert_eq!(at(Strategy::Worst), 0.0);
}

#[test]
fn an_action_strategy_takes_the_action_where_offered_and_guesses_elsewhere() {
    let e = entry();
    // Escalate on q1 (1/7); q2 has none, so a random option: 1/7 and (3/7+1+2/7+0)/4 = 3/7
    // on average → (1/7 + 3/7) / 2 = 28.6 expected over many seeds.
    let mean = stats::mean_score(
        &e,
        Strategy::Always(replydesk::scenario::Action::Escalate),
        400,
    );
    assert!((24.0..=33.0).contains(&mean), "{mean}");
}

#[test]
fn a_strategy_within_ten_points_of_the_pass_mark_is_named() {
    let s = stats::scenario_stats(&entry());
    let names: Vec<&str> = s.guessable().iter().map(|(n, _)| *n).collect();
    // pass 85: longest (79) is within 10; shortest (71) and the rest are not.
    assert_eq!(names, ["longest"]);
    assert_eq!(s.second_best, 1, "q1's `long` scores 4/7, within 0.5..=0.9");
    assert_eq!(
        (s.written_best, s.longer_than_best),
        (2, 1),
        "q1's best is shorter than `long`; q2's best is the longest"
    );
}
