//! Classical item statistics from finished sessions: each post's attempts, difficulty,
//! discrimination, option shares and flags, as assessment writers read them.

use crate::scenario::{CatalogEntry, Scenario};
use crate::session::Session;
use crate::store::{Store, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;

/// Flags are raised only with at least this many attempts.
pub const MIN_ATTEMPTS_TO_FLAG: usize = 20;
/// Discrimination is computed only with at least this many attempts.
pub const MIN_ATTEMPTS_TO_CORRELATE: usize = 5;
pub const TOO_EASY: f64 = 0.95;
pub const TOO_HARD: f64 = 0.20;
pub const LOW_DISCRIMINATION: f64 = 0.20;

/// One post as one finished session played it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayedItem {
    pub post: String,
    /// The option chosen; `None` when the post was left unanswered.
    pub option: Option<String>,
    /// Whether the option chosen is a best option (never for an unanswered post).
    pub best: bool,
    /// The post's score, 0–1.
    pub score: f64,
}

/// The statistics of one post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStats {
    pub post: String,
    /// Finished sessions that played the post.
    pub attempts: usize,
    /// Share of attempts that chose a best option; `None` without attempts.
    pub difficulty: Option<f64>,
    /// Pearson correlation of "chose a best option" with the mean score of the session's other
    /// played posts, to 2 decimals; `None` below 5 attempts or with zero variance.
    pub discrimination: Option<f64>,
    /// Share of attempts that chose each option, in the order written.
    pub options: BTreeMap<String, f64>,
    /// Share of attempts that left the post unanswered.
    pub unanswered: f64,
    pub flags: Vec<String>,
}

/// The statistics of every post of `scenario` but the unchosen-distractor flag (which needs the
/// guideline set), in the order written, over `sessions` (each the
/// posts one finished session played).
fn analyse(scenario: &Scenario, sessions: &[Vec<PlayedItem>]) -> Vec<ItemStats> {
    scenario
        .all_posts()
        .into_iter()
        .map(|(post, _)| {
            // (chose best, mean score of the other posts) per session that played it
            let mut pairs: Vec<(f64, Option<f64>)> = Vec::new();
            let mut chosen: BTreeMap<&str, usize> = BTreeMap::new();
            let mut unanswered = 0;
            for played in sessions {
                let Some(item) = played.iter().find(|i| i.post == post.id) else {
                    continue;
                };
                let others: Vec<f64> = played
                    .iter()
                    .filter(|i| i.post != post.id)
                    .map(|i| i.score)
                    .collect();
                let rest =
                    (!others.is_empty()).then(|| others.iter().sum::<f64>() / others.len() as f64);
                pairs.push((if item.best { 1.0 } else { 0.0 }, rest));
                match &item.option {
                    Some(o) => *chosen.entry(o.as_str()).or_default() += 1,
                    None => unanswered += 1,
                }
            }
            let attempts = pairs.len();
            let share = |n: usize| {
                if attempts == 0 {
                    0.0
                } else {
                    n as f64 / attempts as f64
                }
            };
            let difficulty =
                (attempts > 0).then(|| pairs.iter().map(|p| p.0).sum::<f64>() / attempts as f64);
            let correlated: Vec<(f64, f64)> = pairs
                .iter()
                .filter_map(|(x, y)| y.map(|y| (*x, y)))
                .collect();
            let discrimination = if attempts >= MIN_ATTEMPTS_TO_CORRELATE {
                pearson(&correlated).map(|r| (r * 100.0).round() / 100.0)
            } else {
                None
            };
            let options: BTreeMap<String, f64> = post
                .options
                .iter()
                .map(|o| {
                    (
                        o.id.clone(),
                        share(chosen.get(o.id.as_str()).copied().unwrap_or(0)),
                    )
                })
                .collect();

            let mut flags = Vec::new();
            if attempts >= MIN_ATTEMPTS_TO_FLAG {
                if let Some(d) = difficulty {
                    if d > TOO_EASY {
                        flags.push("too easy".to_string());
                    }
                    if d < TOO_HARD {
                        flags.push("too hard".to_string());
                    }
                }
                if discrimination.is_some_and(|r| r < LOW_DISCRIMINATION) {
                    flags.push("not discriminating".to_string());
                }
            }
            ItemStats {
                post: post.id.clone(),
                attempts,
                difficulty,
                discrimination,
                options,
                unanswered: share(unanswered),
                flags,
            }
        })
        .collect()
}

/// Adds "unchosen distractor: ID" for each option that is not a best option and that nobody
/// chose, on items with enough attempts. Which options are best needs the guideline set.
fn flag_unchosen(stats: &mut [ItemStats], entry: &CatalogEntry) {
    for item in stats.iter_mut() {
        if item.attempts < MIN_ATTEMPTS_TO_FLAG {
            continue;
        }
        let Some(post) = entry.scenario.find_post(&item.post) else {
            continue;
        };
        let values = post.values(&entry.guidelines);
        let best = crate::scenario::items::best_indices(&values);
        for (i, o) in post.options.iter().enumerate() {
            if !best.contains(&i) && item.options.get(&o.id).copied().unwrap_or(0.0) == 0.0 {
                item.flags.push(format!("unchosen distractor: {}", o.id));
            }
        }
    }
}

/// The statistics of a scenario's posts, with every flag, over `sessions`.
pub fn analyse_entry(entry: &CatalogEntry, sessions: &[Vec<PlayedItem>]) -> Vec<ItemStats> {
    let mut stats = analyse(&entry.scenario, sessions);
    flag_unchosen(&mut stats, entry);
    stats
}

/// Pearson's r of paired values; `None` with fewer than two pairs or when either side is constant.
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx < 1e-12 || syy < 1e-12 {
        return None;
    }
    Some(sxy / (sxx * syy).sqrt())
}

/// Rebuilds every finished session of the scenario from the store (seed and answers, replayed
/// against the scenario as it is now) and analyses them. Sessions that no longer replay (their
/// posts or options were renamed since) are left out; their number is returned too.
pub fn from_store(
    store: &Store,
    entry: &CatalogEntry,
) -> Result<(Vec<ItemStats>, usize), StoreError> {
    let mut sessions = Vec::new();
    let mut skipped = 0;
    for stored in store.finished_sessions(&entry.scenario.id)? {
        // Items measure people at the desk, on the file as it is now.
        if !stored.mode.at_desk() || !entry.played_from(&stored.scenario_hash) {
            skipped += 1;
            continue;
        }
        let answers: Vec<_> = store
            .answers(stored.id)?
            .iter()
            .map(|a| a.given())
            .collect();
        match Session::replay(
            entry.scenario.clone(),
            entry.guidelines.clone(),
            stored.seed,
            stored.time_factor,
            &answers,
        ) {
            Ok((mut session, _)) => {
                session.end();
                sessions.push(played(&session.result()));
            }
            Err(_) => skipped += 1,
        }
    }
    Ok((analyse_entry(entry, &sessions), skipped))
}

/// The posts a session result played, as items.
pub fn played(result: &crate::scoring::SessionResult) -> Vec<PlayedItem> {
    result
        .posts
        .iter()
        .map(|p| PlayedItem {
            post: p.post.clone(),
            option: p.option.clone(),
            best: p.best,
            score: p.score,
        })
        .collect()
}
