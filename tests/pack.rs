//! Keeps the shipped training pack honest: it checks clean, meets its counts, perfect play scores
//! 100, the worst play 0, and guessing stays well below every pass mark.

use replydesk::scenario::{Difficulty, Kind, catalog};
use replydesk::stats::{self, Strategy};

fn pack() -> catalog::Catalog {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    catalog::load(&[dir], None)
}

#[test]
fn the_pack_checks_clean_and_meets_its_counts() {
    let pack = pack();
    let problems: Vec<String> = pack.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        pack.scenarios.len() >= 8,
        "{} scenarios",
        pack.scenarios.len()
    );
    let mut kinds = std::collections::BTreeMap::new();
    let (mut posts, mut follow_ups) = (0, 0);
    for e in &pack.scenarios {
        let all = e.scenario.all_posts();
        posts += all.len();
        follow_ups += all.len() - e.scenario.posts.len();
        for (p, _) in all {
            *kinds.entry(p.kind).or_insert(0) += 1;
        }
    }
    assert!(posts >= 80, "{posts} posts");
    assert!(follow_ups >= 20, "{follow_ups} follow-ups");
    for kind in Kind::ALL {
        assert!(
            kinds.get(&kind).copied().unwrap_or(0) >= 15,
            "{kind:?}: {kinds:?}"
        );
    }
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
    assert!((8..=10).contains(&g.guidelines.len()));
    assert!(
        g.get("privacy").is_some_and(|p| p.critical),
        "privacy is critical"
    );
}

#[test]
fn best_play_scores_100_worst_scores_0_and_guessing_does_not_pass() {
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
        let s = stats::scenario_stats(entry);
        assert!(
            s.chance + 20.0 <= f64::from(s.pass_score),
            "{id}: chance score {:.1} is too close to the pass mark {}",
            s.chance,
            s.pass_score
        );
    }
}
