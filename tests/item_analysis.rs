//! Item statistics: exact values on a small hand-computed set of sessions, and simulated trainees
//! recorded through the store, where a discriminating item must beat one answered at random.

mod common;

use common::{GUIDELINES, guidelines, scenario};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use replydesk::item_analysis::{self, PlayedItem};
use replydesk::record::Mode;
use replydesk::scenario::CatalogEntry;
use replydesk::store::Store;

/// Three posts, each with a best option, a wrong one and one nobody should choose.
const THREE: &str = r#"Scenario(
    id: "three", title: "Three", summary: "Items.", difficulty: Beginner, pass_score: 50,
    shuffle_options: false,
    posts: [
        Post(id: "a", at: 0, kind: Genuine, channel: Mention, author: (handle: "@a", name: "A"), text: "?", respond_within: 600, options: [
            (id: "best", action: Reply, text: "yes", scores: {"accurate": 2}, feedback: "f"),
            (id: "wrong", action: Reply, text: "no", scores: {"accurate": -1}, feedback: "f"),
            (id: "never", action: Like, scores: {"welcoming": -1}, feedback: "f"),
        ]),
        Post(id: "b", at: 10, kind: Genuine, channel: Mention, author: (handle: "@a", name: "A"), text: "?", respond_within: 600, options: [
            (id: "best", action: Reply, text: "yes", scores: {"accurate": 2}, feedback: "f"),
            (id: "wrong", action: Reply, text: "no", scores: {"accurate": -1}, feedback: "f"),
            (id: "never", action: Like, scores: {"welcoming": -1}, feedback: "f"),
        ]),
        Post(id: "c", at: 20, kind: Genuine, channel: Mention, author: (handle: "@a", name: "A"), text: "?", respond_within: 600, options: [
            (id: "best", action: Reply, text: "yes", scores: {"accurate": 2}, feedback: "f"),
            (id: "wrong", action: Reply, text: "no", scores: {"accurate": -1}, feedback: "f"),
            (id: "never", action: Like, scores: {"welcoming": -1}, feedback: "f"),
        ]),
    ],
)"#;

fn entry() -> CatalogEntry {
    CatalogEntry {
        path: "three.ron".into(),
        scenario: scenario(THREE),
        guidelines: guidelines(GUIDELINES),
        content_hash: String::new(),
        file_hash: String::new(),
    }
}

/// One session: for each post, Some(true) best (score 1), Some(false) wrong (score 0), None unanswered.
fn session(choices: [Option<bool>; 3]) -> Vec<PlayedItem> {
    ["a", "b", "c"]
        .iter()
        .zip(choices)
        .map(|(post, c)| PlayedItem {
            post: post.to_string(),
            option: c.map(|b| if b { "best" } else { "wrong" }.to_string()),
            best: c == Some(true),
            score: if c == Some(true) { 1.0 } else { 0.0 },
        })
        .collect()
}

/// S1 all best; S2 a, c best; S3 b best; S4 none; S5 a, b best and c unanswered.
fn five() -> Vec<Vec<PlayedItem>> {
    let (y, n) = (Some(true), Some(false));
    vec![
        session([y, y, y]),
        session([y, n, y]),
        session([n, y, n]),
        session([n, n, n]),
        session([y, y, None]),
    ]
}

#[test]
fn difficulty_discrimination_and_shares_match_the_hand_computation() {
    let stats = item_analysis::analyse_entry(&entry(), &five());
    let (a, b, c) = (&stats[0], &stats[1], &stats[2]);
    // a: x = 1,1,0,0,1; rest = 1, .5, .5, 0, .5 → sxy .5, sxx 1.2, syy .5 → r = .5/√.6 = 0.645
    assert_eq!(a.attempts, 5);
    assert_eq!(a.difficulty, Some(0.6));
    assert_eq!(a.discrimination, Some(0.65));
    assert_eq!(a.options["best"], 0.6);
    assert_eq!(a.options["wrong"], 0.4);
    assert_eq!(a.options["never"], 0.0);
    assert_eq!(a.unanswered, 0.0);
    // b: x = 1,0,1,0,1; rest = 1, 1, 0, 0, .5 → sxy = 0 → r = 0
    assert_eq!(b.discrimination, Some(0.0));
    // c: x = 1,1,0,0,0 (unanswered is not best); rest = 1, .5, .5, 0, 1
    //    → sxy .3, sxx 1.2, syy .7 → r = .3/√.84 = 0.327
    assert_eq!(c.difficulty, Some(0.4));
    assert_eq!(c.discrimination, Some(0.33));
    assert_eq!(c.unanswered, 0.2);
    // Below 20 attempts nothing is flagged.
    assert!(stats.iter().all(|i| i.flags.is_empty()), "{stats:?}");
}

#[test]
fn discrimination_needs_five_attempts_and_variance() {
    let four = &five()[..4];
    let stats = item_analysis::analyse_entry(&entry(), four);
    assert_eq!(stats[0].attempts, 4);
    assert_eq!(stats[0].discrimination, None, "fewer than 5 attempts");
    let all_best: Vec<_> = (0..6).map(|_| session([Some(true); 3])).collect();
    let stats = item_analysis::analyse_entry(&entry(), &all_best);
    assert_eq!(stats[0].difficulty, Some(1.0));
    assert_eq!(stats[0].discrimination, None, "zero variance");
}

#[test]
fn with_twenty_attempts_items_are_flagged() {
    // The five sessions four times over: the same shares and correlations, now 20 attempts.
    let twenty: Vec<_> = (0..4).flat_map(|_| five()).collect();
    let stats = item_analysis::analyse_entry(&entry(), &twenty);
    assert_eq!(stats[0].flags, ["unchosen distractor: never"]);
    assert_eq!(
        stats[1].flags,
        ["not discriminating", "unchosen distractor: never"]
    );
    let easy: Vec<_> = (0..20)
        .map(|_| session([Some(true), Some(false), Some(true)]))
        .collect();
    let stats = item_analysis::analyse_entry(&entry(), &easy);
    assert!(
        stats[0].flags.contains(&"too easy".to_string()),
        "{:?}",
        stats[0]
    );
    assert!(
        stats[1].flags.contains(&"too hard".to_string()),
        "{:?}",
        stats[1]
    );
}

/// Nine posts like those above: p0..p7 and "r".
fn nine() -> CatalogEntry {
    let post = |id: &str, at: u32| {
        format!(
            r#"Post(id: "{id}", at: {at}, kind: Genuine, channel: Mention, author: (handle: "@a", name: "A"), text: "?", respond_within: 600, options: [
                (id: "best", action: Reply, text: "yes", scores: {{"accurate": 2}}, feedback: "f"),
                (id: "wrong", action: Reply, text: "no", scores: {{"accurate": -1}}, feedback: "f"),
                (id: "never", action: Like, scores: {{"welcoming": -1}}, feedback: "f"),
            ]),"#
        )
    };
    let posts: String = (0..8)
        .map(|i| post(&format!("p{i}"), i * 10))
        .chain(std::iter::once(post("r", 80)))
        .collect();
    let ron = format!(
        r#"Scenario(id: "nine", title: "Nine", summary: "Items.", difficulty: Beginner, pass_score: 50,
            shuffle_options: false, posts: [{posts}])"#
    );
    CatalogEntry {
        path: "nine.ron".into(),
        scenario: scenario(&ron),
        guidelines: guidelines(GUIDELINES),
        content_hash: "v2:nine".into(),
        file_hash: String::new(),
    }
}

/// A simulated trainee of skill `s`, drawn uniformly, answers p0..p7 with the best option with
/// probability `s`, else a random option; "r" is answered at random by everyone (a post nobody
/// can read). The session is recorded through the store's one recorder (`Store::record_run`)
/// as an assessment at the desk would be.
fn simulate(store: &mut Store, entry: &CatalogEntry, rng: &mut ChaCha8Rng, trainee: usize) {
    let skill: f64 = rng.random_range(0.0..1.0);
    let profile = store.profile(&format!("Trainee {trainee}")).unwrap();
    let answers: Vec<replydesk::answers::ScriptedAnswer> = entry
        .scenario
        .posts
        .iter()
        .map(|post| {
            let option = if post.id != "r" && rng.random_bool(skill) {
                "best"
            } else {
                ["best", "wrong", "never"][rng.random_range(0..3)]
            };
            common::answer(&post.id, option, 5)
        })
        .collect();
    let seed = trainee as u64;
    let run = replydesk::answers::play_scripted(
        entry.scenario.clone(),
        entry.guidelines.clone(),
        seed,
        &answers,
    )
    .unwrap();
    store
        .record_run(
            &profile,
            &entry.scenario.id,
            &entry.content_hash,
            Mode::Assessment,
            &run.result,
        )
        .unwrap();
}

#[test]
fn simulated_trainees_show_a_discriminating_item_above_a_random_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    let entry = nine();
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    for trainee in 0..200 {
        simulate(&mut store, &entry, &mut rng, trainee);
    }
    let (stats, skipped) = item_analysis::from_store(&store, &entry).unwrap();
    assert_eq!(skipped, 0);
    let skilled = &stats[0];
    let random = stats.iter().find(|i| i.post == "r").unwrap();
    assert_eq!((skilled.attempts, random.attempts), (200, 200));
    let (rs, rr) = (
        skilled.discrimination.unwrap(),
        random.discrimination.unwrap(),
    );
    assert!(rs > rr + 0.15, "skilled item {rs} vs random item {rr}");
    assert!(rs >= 0.25, "{rs}");
    assert!(rr.abs() < 0.2, "{rr}");
    // Random answers over three options: about a third best.
    assert!(
        (0.25..=0.42).contains(&random.difficulty.unwrap()),
        "{random:?}"
    );
    assert!(
        random.flags.contains(&"not discriminating".to_string()),
        "{random:?}"
    );
    assert!(
        !skilled.flags.contains(&"not discriminating".to_string()),
        "{skilled:?}"
    );
}
