//! The scoring rules checked against results worked out by hand.

mod common;

use common::{GUIDELINES, answer, guidelines, scenario};
use replydesk::answers::play_scripted;
use replydesk::scenario::Kind;

/// p1: a = 2w+2a = 6, b = -1w = -1, c = 1a = 2.  p2: x = -1p +2w = -1, y = 2p = 6 (critical on p).
/// p3: s and t both 1w (equal values). No jitter, so arrivals are at `at`.
const CALC: &str = r#"Scenario(
    id: "calc", title: "Calc", summary: "Hand-computed.", difficulty: Beginner, pass_score: 60,
    shuffle_options: false,
    posts: [
        Post(id: "p1", at: 0, kind: Genuine, channel: Mention, author: (handle: "@a", name: "A"),
             text: "?", respond_within: 60, options: [
                (id: "a", action: Reply, text: "!", scores: {"welcoming": 2, "accurate": 2}, feedback: "f",
                 follow_up: Some((after: 30, post: Post(id: "f1", kind: Genuine, channel: Mention,
                     author: (handle: "@a", name: "A"), text: "thx", respond_within: 60, options: [
                        (id: "like", action: Like, scores: {"welcoming": 1}, feedback: "f"),
                        (id: "none", action: NoResponse, scores: {"welcoming": -1}, feedback: "f"),
                     ])))),
                (id: "b", action: NoResponse, scores: {"welcoming": -1}, feedback: "f"),
                (id: "c", action: Reply, text: "!", scores: {"accurate": 1}, feedback: "f"),
             ]),
        Post(id: "p2", at: 100, kind: Problematic, channel: Mention, author: (handle: "@b", name: "B"),
             text: "my card is 123", respond_within: 60, options: [
                (id: "x", action: Reply, text: "ok 123", scores: {"privacy": -1, "welcoming": 2}, feedback: "f"),
                (id: "y", action: Reply, text: "delete it", scores: {"privacy": 2}, feedback: "f"),
             ]),
        Post(id: "p3", at: 200, kind: Sarcastic, channel: Mention, author: (handle: "@c", name: "C"),
             text: "lol", respond_within: 60, options: [
                (id: "s", action: Like, scores: {"welcoming": 1}, feedback: "f"),
                (id: "t", action: Reply, text: "ha", scores: {"welcoming": 1}, feedback: "f"),
             ]),
    ],
)"#;

fn run(answers: &[replydesk::answers::ScriptedAnswer]) -> replydesk::scoring::SessionResult {
    play_scripted(scenario(CALC), guidelines(GUIDELINES), 1, answers)
        .unwrap()
        .result
}

fn post<'a>(
    r: &'a replydesk::scoring::SessionResult,
    id: &str,
) -> &'a replydesk::scoring::PostResult {
    r.posts.iter().find(|p| p.post == id).unwrap()
}

#[test]
fn partial_answer_breach_and_unanswered_post() {
    let r = run(&[answer("p1", "c", 10), answer("p2", "x", 5)]);
    assert_eq!(post(&r, "p1").value, Some(2.0));
    assert!((post(&r, "p1").score - 3.0 / 7.0).abs() < 1e-12);
    assert_eq!(post(&r, "p2").score, 0.0);
    assert_eq!(post(&r, "p3").option, None);
    assert_eq!(post(&r, "p3").score, 0.0);
    // mean(3/7, 0, 0) = 1/7 → 14
    assert_eq!(r.score, 14);
    assert_eq!(r.critical_breaches, vec!["p2".to_string()]);
    assert!(!r.passed);
    // welcoming: p1 (c=0 of -1..2 → 1/3) + p2 (x=2 of 0..2 → 2/2) = 3/5; p3 scores it equally: skipped.
    assert_eq!(r.guidelines["welcoming"], 60);
    // accurate: p1 (c=1 of 0..2) → 1/2.
    assert_eq!(r.guidelines["accurate"], 50);
    // privacy: p2 (x=-1 of -1..2) → 0/3.
    assert_eq!(r.guidelines["privacy"], 0);
    assert_eq!(r.posts.len(), 3, "no follow-up: `a` was not chosen");
    assert_eq!(r.kinds[&Kind::Genuine].best, 0);
    assert_eq!(r.kinds[&Kind::Problematic].total, 1);
    assert_eq!(
        r.kinds[&Kind::Sarcastic].best,
        0,
        "unanswered is never best"
    );
    assert_eq!(r.kinds[&Kind::Obscure].total, 0);
}

#[test]
fn late_answer_follow_up_and_equal_values() {
    // p1 answered at 90 (30 late) with the best option: 1 × (1 − 0.5) = 0.5.
    // f1 arrives at 90 + 30 = 120 and is answered at once with its best option: 1.
    // p2 best on time: 1.  p3: all values equal → 1.
    let r = run(&[
        answer("p1", "a", 90),
        answer("f1", "like", 0),
        answer("p2", "y", 60),
        answer("p3", "t", 1),
    ]);
    let p1 = post(&r, "p1");
    assert!(p1.late && p1.best);
    assert_eq!(p1.score, 0.5);
    let f1 = post(&r, "f1");
    assert_eq!(f1.arrived_at, 120.0);
    assert_eq!(f1.score, 1.0);
    assert!(!post(&r, "p2").late, "exactly respond_within is on time");
    assert_eq!(post(&r, "p3").score, 1.0);
    // mean(0.5, 1, 1, 1) = 0.875 → 88 (rounded half away from zero)
    assert_eq!(r.score, 88);
    assert!(r.passed);
    assert_eq!(r.kinds[&Kind::Genuine].best, 2);
    assert_eq!(r.kinds[&Kind::Genuine].total, 2);
    // welcoming: p1 a=2 of -1..2 → 3/3, f1 like=1 of -1..1 → 2/2, p2 y=0 of 0..2 → 0/2; p3 equal → skipped.
    // 5/7 → 71: choosing the privacy-safe answer costs welcoming points, and the percent shows it.
    assert_eq!(r.guidelines["welcoming"], 71);
}

#[test]
fn weights_decide_the_best_option() {
    // With weights welcoming 1, privacy 3: y (2 privacy = 6) beats x (2 welcoming − 1 privacy = −1).
    let r = run(&[answer("p2", "y", 0)]);
    assert_eq!(post(&r, "p2").value, Some(6.0));
    assert_eq!(post(&r, "p2").best_options, vec!["y".to_string()]);
    assert_eq!(post(&r, "p2").best_value, 6.0);
    // Same answers under equal weights: now x (2−1 = 1) still loses to y (2), but by less.
    let equal = guidelines(
        &GUIDELINES
            .replace("weight: 2.0", "weight: 1.0")
            .replace("weight: 3.0", "weight: 1.0"),
    );
    let r = play_scripted(scenario(CALC), equal, 1, &[answer("p2", "x", 0)])
        .unwrap()
        .result;
    assert_eq!(post(&r, "p2").value, Some(1.0));
    assert_eq!(post(&r, "p2").score, 0.0);
}

const DRAWN: &str = r#"Scenario(
    id: "drawn", title: "Drawn", summary: "Two of five.", difficulty: Beginner, pass_score: 50,
    draw: Some(2),
    posts: [
        Post(id: "d1", at: 0, kind: Genuine, channel: Mention, author: (handle: "@a", name: "A"), text: "?", respond_within: 60,
             options: [(id: "good", action: Like, scores: {"welcoming": 1}, feedback: "f"), (id: "bad", action: NoResponse, feedback: "f")]),
        Post(id: "d2", at: 10, kind: Obscure, channel: Mention, author: (handle: "@a", name: "A"), text: "?", respond_within: 60,
             options: [(id: "good", action: Like, scores: {"welcoming": 1}, feedback: "f"), (id: "bad", action: NoResponse, feedback: "f")]),
        Post(id: "d3", at: 20, kind: Sarcastic, channel: Mention, author: (handle: "@a", name: "A"), text: "?", respond_within: 60,
             options: [(id: "good", action: Like, scores: {"welcoming": 1}, feedback: "f"), (id: "bad", action: NoResponse, feedback: "f")]),
        Post(id: "d4", at: 30, kind: Problematic, channel: Mention, author: (handle: "@a", name: "A"), text: "?", respond_within: 60,
             options: [(id: "good", action: Like, scores: {"welcoming": 1}, feedback: "f"), (id: "bad", action: NoResponse, feedback: "f")]),
        Post(id: "d5", at: 40, kind: Genuine, channel: Mention, author: (handle: "@a", name: "A"), text: "?", respond_within: 60,
             options: [(id: "good", action: Like, scores: {"welcoming": 1}, feedback: "f"), (id: "bad", action: NoResponse, feedback: "f")]),
    ],
)"#;

#[test]
fn draw_plays_only_the_drawn_posts_and_scores_only_them() {
    let all: Vec<_> = ["d1", "d2", "d3", "d4", "d5"]
        .iter()
        .map(|p| answer(p, "good", 0))
        .collect();
    let mut sets = std::collections::BTreeSet::new();
    for seed in 0..40 {
        let run = play_scripted(scenario(DRAWN), guidelines(GUIDELINES), seed, &all).unwrap();
        assert_eq!(run.result.posts.len(), 2, "seed {seed}");
        assert_eq!(
            run.result.score, 100,
            "answered posts that were not drawn do not count"
        );
        assert_eq!(run.unplayed.len(), 3);
        let ids: Vec<String> = run.result.posts.iter().map(|p| p.post.clone()).collect();
        sets.insert(ids);
    }
    assert!(
        sets.len() >= 5,
        "40 seeds should draw several different pairs, got {sets:?}"
    );
}

/// s1: a card number posted in public. take-down = 2p + 1w = 7; leave = No response, -2p = -6;
/// like = -1w = -1. s2: a question whose silence breaches nothing (-1 timely does not exist here:
/// welcoming -1). Weights: welcoming 1, accurate 2, privacy 3 (critical).
const SILENT: &str = r#"Scenario(
    id: "silent", title: "Silent", summary: "Hand-computed silence.", difficulty: Beginner,
    pass_score: 10, shuffle_options: false,
    posts: [
        Post(id: "s1", at: 0, kind: Problematic, channel: Mention, author: (handle: "@a", name: "A"),
             text: "my card is 2900 1234 5678", respond_within: 60, options: [
                (id: "take-down", action: Reply, text: "Please delete that post", scores: {"privacy": 2, "welcoming": 1}, feedback: "f"),
                (id: "leave", action: NoResponse, scores: {"privacy": -2}, feedback: "f"),
                (id: "like", action: Like, scores: {"welcoming": -1}, feedback: "f"),
             ]),
        Post(id: "s2", at: 100, kind: Genuine, channel: Mention, author: (handle: "@b", name: "B"),
             text: "open today?", respond_within: 60, options: [
                (id: "yes", action: Reply, text: "9 to 5", scores: {"accurate": 2}, feedback: "f"),
                (id: "quiet", action: NoResponse, scores: {"welcoming": -1}, feedback: "f"),
             ]),
    ],
)"#;

fn run_silent(answers: &[replydesk::answers::ScriptedAnswer]) -> replydesk::scoring::SessionResult {
    play_scripted(scenario(SILENT), guidelines(GUIDELINES), 1, answers)
        .unwrap()
        .result
}

#[test]
fn a_post_left_unanswered_breaches_when_its_no_response_option_does() {
    // s1 unanswered, s2 answered best: mean(0, 1) = 0.5 → 50, above the pass mark 10, yet failed.
    let r = run_silent(&[answer("s2", "yes", 5)]);
    assert_eq!(r.score, 50);
    assert_eq!(r.critical_breaches, vec!["s1".to_string()]);
    assert!(!r.passed, "silence on a card number fails the session");
    let b = post(&r, "s1").breach.as_ref().expect("a breach by silence");
    assert!(b.unanswered);
    assert_eq!(b.guidelines, vec!["privacy".to_string()]);
    assert_eq!(post(&r, "s1").option, None);
    assert_eq!(post(&r, "s1").score, 0.0);
    assert!(post(&r, "s2").breach.is_none());
}

#[test]
fn silence_that_breaches_nothing_is_only_unanswered_and_a_chosen_breach_says_so() {
    // s1 answered best (7 of -6..7 → 1); s2 left unanswered: its silence breaches nothing.
    let r = run_silent(&[answer("s1", "take-down", 5)]);
    assert_eq!(r.score, 50);
    assert!(r.critical_breaches.is_empty());
    assert!(r.passed);
    // Choosing the breaching silence is a breach by the answer, not by leaving it.
    let r = run_silent(&[answer("s1", "leave", 5), answer("s2", "yes", 5)]);
    let b = post(&r, "s1").breach.as_ref().unwrap();
    assert!(!b.unanswered);
    assert!(!r.passed);
}

#[test]
fn an_unanswered_post_is_not_a_breach_until_the_shift_ends() {
    let mut s =
        replydesk::session::Session::new(scenario(SILENT), guidelines(GUIDELINES), 1).unwrap();
    s.advance_to(150.0);
    let live = s.result();
    assert!(
        live.critical_breaches.is_empty(),
        "{:?}",
        live.critical_breaches
    );
    s.end();
    assert_eq!(s.result().critical_breaches, vec!["s1".to_string()]);
}
