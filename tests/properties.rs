//! Property tests: scores stay in range, perfect play scores 100, answer order does not matter.

mod common;

use common::{GUIDELINES, guidelines};
use proptest::prelude::*;
use replydesk::answers::{ScriptedAnswer, play_scripted};
use replydesk::scenario::{
    Action, Author, Channel, Difficulty, FollowUp, Kind, Post, ResponseOption, Scenario,
};
use std::collections::BTreeMap;
use std::sync::Arc;

const GUIDELINE_IDS: [&str; 3] = ["welcoming", "accurate", "privacy"];

fn option_strategy(index: usize) -> impl Strategy<Value = ResponseOption> {
    proptest::collection::vec(-2i32..=2, 3).prop_map(move |points| ResponseOption {
        id: format!("o{index}"),
        action: Action::Like,
        text: String::new(),
        scores: GUIDELINE_IDS
            .iter()
            .map(|g| g.to_string())
            .zip(points)
            .collect::<BTreeMap<_, _>>(),
        feedback: "f".into(),
        follow_up: None,
    })
}

fn post_strategy(id: String, depth: u32) -> BoxedStrategy<Post> {
    let options = (2usize..5).prop_flat_map(|n| (0..n).map(option_strategy).collect::<Vec<_>>());
    let follow = if depth < 2 {
        proptest::option::of((0u32..300, post_strategy(format!("{id}-f"), depth + 1))).boxed()
    } else {
        Just(None).boxed()
    };
    (options, follow, 0u32..600, 0u32..60, 1u32..400)
        .prop_map(move |(mut options, follow, at, jitter, respond_within)| {
            if let Some((after, post)) = follow {
                options[0].follow_up = Some(FollowUp {
                    after,
                    post: Box::new(post),
                });
            }
            Post {
                id: id.clone(),
                at,
                jitter,
                kind: Kind::Genuine,
                channel: Channel::Mention,
                author: Author {
                    handle: "@p".into(),
                    name: "P".into(),
                    bio: String::new(),
                    followers: 0,
                },
                text: "?".into(),
                respond_within,
                allow: Vec::new(),
                options,
            }
        })
        .boxed()
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (1usize..6)
        .prop_flat_map(|n| {
            (0..n)
                .map(|i| post_strategy(format!("p{i}"), 0))
                .collect::<Vec<_>>()
        })
        .prop_flat_map(|posts| {
            let n = posts.len();
            (Just(posts), proptest::option::of(1..=n), any::<bool>())
        })
        .prop_map(|(posts, draw, shuffle_options)| Scenario {
            id: "prop".into(),
            title: "Prop".into(),
            summary: "Generated.".into(),
            difficulty: Difficulty::Beginner,
            pass_score: 50,
            draw,
            shuffle_options,
            posts,
        })
}

/// Answers for every post in the scenario, chosen by index mod the option count.
fn answers_for(s: &Scenario, picks: &[(usize, u32)]) -> Vec<ScriptedAnswer> {
    s.all_posts()
        .iter()
        .enumerate()
        .map(|(i, (p, _))| {
            let (pick, delay) = picks[i % picks.len()];
            ScriptedAnswer {
                post: p.id.clone(),
                option: p.options[pick % p.options.len()].id.clone(),
                delay,
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_stay_within_0_and_100(
        s in scenario_strategy(),
        seed in any::<u64>(),
        picks in proptest::collection::vec((0usize..5, 0u32..800), 1..8),
        answer_some in any::<bool>(),
    ) {
        let mut answers = answers_for(&s, &picks);
        if answer_some { answers.truncate(answers.len() / 2); }
        let r = play_scripted(Arc::new(s), guidelines(GUIDELINES), seed, &answers).unwrap().result;
        prop_assert!(r.score <= 100);
        for p in &r.posts { prop_assert!((0.0..=1.0).contains(&p.score)); }
        for v in r.guidelines.values() { prop_assert!(*v <= 100); }
    }

    #[test]
    fn best_options_on_time_score_100(s in scenario_strategy(), seed in any::<u64>()) {
        let g = guidelines(GUIDELINES);
        let answers: Vec<ScriptedAnswer> = s.all_posts().iter().map(|(p, _)| {
            let values = p.values(&g);
            let best = values.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
            ScriptedAnswer { post: p.id.clone(), option: p.options[best].id.clone(), delay: 0 }
        }).collect();
        let r = play_scripted(Arc::new(s), g, seed, &answers).unwrap().result;
        prop_assert_eq!(r.score, 100);
        prop_assert!(r.posts.iter().all(|p| p.best && !p.late));
    }

    #[test]
    fn the_result_does_not_depend_on_the_order_answers_are_given_in(
        s in scenario_strategy(),
        seed in any::<u64>(),
        picks in proptest::collection::vec((0usize..5, 0u32..800), 1..8),
        rotation in 0usize..16,
    ) {
        let answers = answers_for(&s, &picks);
        let mut reordered = answers.clone();
        reordered.reverse();
        let k = rotation % reordered.len().max(1);
        reordered.rotate_left(k);
        let s = Arc::new(s);
        let a = play_scripted(s.clone(), guidelines(GUIDELINES), seed, &answers).unwrap().result;
        let b = play_scripted(s, guidelines(GUIDELINES), seed, &reordered).unwrap().result;
        prop_assert_eq!(a, b);
    }
}

/// The shipped scenario with follow-ups, as a supervisor starts from it.
fn first_shift() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/first-shift.ron"),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever a hand or a word processor does to a scenario file, reading it never panics,
    /// and every problem found points at a line of the file.
    #[test]
    fn any_edit_of_a_scenario_is_reported_not_panicked_on(
        at in 0.0f64..1.0,
        cut in 0usize..40,
        insert in proptest::sample::select(vec!["", "\"", "“", "”", "(", ")", "]", "[", "}", ",", ":", "\\", "/*", "//", "Some(", "é"]),
        times in 1usize..4,
    ) {
        let text = first_shift();
        let mut start = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + cut).min(text.len());
        while !text.is_char_boundary(end) { end += 1; }
        let edited = format!("{}{}{}", &text[..start], insert.repeat(times), &text[end..]);
        let file = replydesk::scenario::SourceFile::from_bytes(
            std::path::Path::new("s.ron"),
            edited.clone().into_bytes(),
        ).unwrap();
        if let Err(problems) = file.parse_scenario() {
            prop_assert!(!problems.is_empty());
            let lines = edited.lines().count().max(1);
            for d in &problems {
                if let Some(l) = d.location {
                    prop_assert!(l.line >= 1 && l.line <= lines + 1, "{}", d);
                }
            }
        }
    }
}
