//! Keeps the shipped training pack honest, from the same figures `check --stats` prints: it checks
//! clean with no warnings, only judgement passes it (surface strategies and chance stay well below
//! every pass mark), items give partial credit and vary which option is longest, and it meets its
//! counts.

use replydesk::scenario::items::{is_written, length};
use replydesk::scenario::{Catalog, Difficulty, Kind, catalog};
use replydesk::stats::{self, PackStats, Strategy};
use std::sync::OnceLock;

fn pack() -> &'static Catalog {
    static PACK: OnceLock<Catalog> = OnceLock::new();
    PACK.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        catalog::load(&[dir], None)
    })
}

fn figures() -> &'static PackStats {
    static FIGURES: OnceLock<PackStats> = OnceLock::new();
    FIGURES.get_or_init(|| stats::pack_stats(pack()))
}

#[test]
fn the_pack_checks_clean_with_no_warnings_and_few_allowed() {
    let problems: Vec<String> = pack().diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let f = figures();
    assert_eq!((f.errors, f.warnings), (0, 0));
    assert!(
        f.posts_with_allow * 20 <= f.posts,
        "{} of {} posts carry `allow:` (at most 5%)",
        f.posts_with_allow,
        f.posts
    );
}

#[test]
fn only_judgement_passes_every_surface_strategy_and_chance_stay_far_below_the_pass_mark() {
    for s in &figures().scenarios {
        let pass = f64::from(s.pass_score);
        assert!(
            s.chance + 20.0 <= pass,
            "{}: chance {:.1} is within 20 of the pass mark {pass}",
            s.id,
            s.chance
        );
        assert_eq!(s.strategies.len(), stats::SURFACE.len());
        for st in &s.strategies {
            assert!(
                st.mean + 15.0 <= pass,
                "{}: `{}` scores {:.1}, within 15 of the pass mark {pass}",
                s.id,
                st.strategy,
                st.mean
            );
        }
        assert!(s.guessable().is_empty(), "{}: {:?}", s.id, s.guessable());
    }
}

#[test]
fn best_play_scores_100_and_worst_play_0_whatever_the_seed() {
    for entry in &pack().scenarios {
        let id = &entry.scenario.id;
        for seed in [0, 1, 2, 99] {
            assert_eq!(
                stats::play(entry, seed, Strategy::Best),
                Some(100),
                "{id} best, seed {seed}"
            );
            assert_eq!(
                stats::play(entry, seed, Strategy::Worst),
                Some(0),
                "{id} worst, seed {seed}"
            );
        }
    }
}

#[test]
fn every_post_offers_enough_options_with_a_distractor_as_full_as_the_best() {
    for s in &figures().scenarios {
        assert_eq!(
            s.fewest_options_top,
            Some(4),
            "{}: 4 options a top-level post",
            s.id
        );
        assert!(
            s.fewest_options_follow_up.is_none_or(|n| n >= 3),
            "{}: at least 3 options a follow-up",
            s.id
        );
    }
    for entry in &pack().scenarios {
        for (post, parent) in entry.scenario.all_posts() {
            if parent.is_none() {
                assert_eq!(post.options.len(), 4, "{}/{}", entry.scenario.id, post.id);
            }
            // Where the best is written, some other written option is at least two thirds as long.
            let values = post.values(&entry.guidelines);
            let best = replydesk::scenario::items::best_indices(&values);
            let Some(best_len) = best
                .iter()
                .filter(|&&i| is_written(&post.options[i]))
                .map(|&i| length(&post.options[i].text))
                .max()
            else {
                continue;
            };
            let rival = post
                .options
                .iter()
                .enumerate()
                .filter(|(i, o)| !best.contains(i) && is_written(o))
                .map(|(_, o)| length(&o.text))
                .max()
                .unwrap_or(0);
            assert!(
                rival * 3 >= best_len * 2,
                "{}/{}: the best reply has {best_len} characters, the fullest distractor {rival}",
                entry.scenario.id,
                post.id
            );
        }
    }
}

#[test]
fn items_give_partial_credit_and_vary_which_option_is_longest() {
    let f = figures();
    assert!(
        f.second_best * 4 >= f.posts,
        "{} of {} posts have a defensible second-best (at least 25%)",
        f.second_best,
        f.posts
    );
    assert!(
        f.longer_than_best * 3 >= f.written_best,
        "{} of {} posts with a written best have a longer other option (at least a third)",
        f.longer_than_best,
        f.written_best
    );
}

#[test]
fn the_pack_meets_its_counts() {
    let f = figures();
    assert!(f.scenarios.len() >= 10, "{} scenarios", f.scenarios.len());
    assert!(f.posts >= 110, "{} posts", f.posts);
    assert!(f.follow_ups >= 30, "{} follow-ups", f.follow_ups);
    for kind in Kind::ALL {
        assert!(
            f.kinds.get(&kind).copied().unwrap_or(0) >= 20,
            "{kind:?}: {:?}",
            f.kinds
        );
    }
    assert!(
        f.near_identical_follow_ups.is_empty(),
        "{:?}",
        f.near_identical_follow_ups
    );
    assert!(
        f.like_over_advert.len() <= 3,
        "\"a like beats an advert\" {} times: {:?}",
        f.like_over_advert.len(),
        f.like_over_advert
    );

    let pack = pack();
    let difficulty = |d| pack.scenarios.iter().any(|e| e.scenario.difficulty == d);
    assert!(
        difficulty(Difficulty::Beginner)
            && difficulty(Difficulty::Intermediate)
            && difficulty(Difficulty::Advanced)
    );
    assert!(
        pack.scenarios
            .iter()
            .any(|e| e.scenario.draw.is_some_and(|n| n < e.scenario.posts.len()))
    );
    let sets: std::collections::HashSet<_> = pack
        .scenarios
        .iter()
        .map(|e| e.guidelines.library.clone())
        .collect();
    assert_eq!(sets.len(), 1, "one guideline set for the whole pack");
    let g = &pack.scenarios[0].guidelines;
    assert!((8..=11).contains(&g.guidelines.len()));
    for critical in ["privacy", "safety"] {
        assert!(
            g.get(critical).is_some_and(|p| p.critical),
            "{critical} is critical"
        );
    }
    assert!(
        !g.facts.is_empty(),
        "the library's facts are in guidelines.ron"
    );
}

#[test]
fn no_text_keeps_a_bracketed_placeholder_or_an_unfilled_fact() {
    for entry in &pack().scenarios {
        for (post, _) in entry.scenario.all_posts() {
            let texts = std::iter::once(&post.text)
                .chain(post.options.iter().map(|o| &o.text))
                .chain(post.options.iter().map(|o| &o.feedback));
            for t in texts {
                assert!(
                    replydesk::scenario::facts::placeholders(t).is_empty(),
                    "{}/{}: {t}",
                    entry.scenario.id,
                    post.id
                );
                // "[photo: ...]" describes an attached picture; any other [...] is an unwritten text.
                let bracketed = t.match_indices('[').any(|(i, _)| {
                    let rest = &t[i + 1..];
                    rest.contains(']')
                        && !["photo:", "image:", "screenshot:", "video:"]
                            .iter()
                            .any(|a| rest.starts_with(a))
                });
                assert!(
                    !bracketed,
                    "{}/{}: a [placeholder] is left in {t:?}",
                    entry.scenario.id, post.id
                );
            }
        }
    }
}

/// The shipped onboarding path is valid and runs from First shift to the Certification
/// assessment, every step reachable from the first.
#[test]
fn the_pack_s_onboarding_path_runs_from_first_shift_to_certification() {
    let catalog = replydesk::scenario::catalog::load(
        &[std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")],
        None,
    );
    let path = &catalog
        .path
        .as_ref()
        .expect("scenarios/path.ron loads without errors")
        .path;
    let first = path.steps.first().unwrap();
    let last = path.steps.last().unwrap();
    assert_eq!(first.scenario, "first-shift");
    assert!(path.prerequisites(0).is_empty());
    assert_eq!(last.scenario, "certification");
    assert_eq!(last.mode, replydesk::onboarding::StepMode::Assessment);
    for step in &path.steps {
        assert!(catalog.find(&step.scenario).is_some(), "{}", step.scenario);
    }
    for (i, _) in path.steps.iter().enumerate().skip(1) {
        assert!(
            !path.prerequisites(i).is_empty(),
            "step {i} waits for an earlier one"
        );
    }
    // The certification waits, through its prerequisites, for every other step.
    let mut needed = std::collections::BTreeSet::new();
    let mut todo = vec![path.steps.len() - 1];
    while let Some(i) = todo.pop() {
        for p in path.prerequisites(i) {
            let j = path.steps.iter().position(|s| s.id == p).unwrap();
            if needed.insert(j) {
                todo.push(j);
            }
        }
    }
    assert_eq!(
        needed.len(),
        path.steps.len() - 1,
        "the certification needs every step"
    );
}
