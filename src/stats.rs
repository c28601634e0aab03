//! What simple strategies score on a scenario — always best, always worst, and chance (uniformly
//! random answers over many seeds) — so supervisors can see that guessing does not pass.

use crate::scenario::{CatalogEntry, Kind};
use crate::session::Session;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// How many seeds the chance score averages over.
pub const CHANCE_SEEDS: u64 = 1_000;

/// A scenario's make-up and what the strategies score on it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScenarioStats {
    pub id: String,
    /// Posts of each kind as written, follow-ups included.
    pub kinds: BTreeMap<Kind, usize>,
    pub follow_ups: usize,
    pub best: u32,
    pub worst: u32,
    /// Mean score of uniformly random answers given on time, over [`CHANCE_SEEDS`] seeds.
    pub chance: f64,
    pub pass_score: u32,
}

/// Which option a strategy picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    Best,
    Worst,
    Random,
}

/// Plays a whole session answering every post the moment it arrives, as the strategy says.
pub fn play(entry: &CatalogEntry, seed: u64, strategy: Strategy) -> Option<u32> {
    let mut session = Session::new(entry.scenario.clone(), entry.guidelines.clone(), seed).ok()?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_cafe);
    loop {
        let waiting: Vec<String> = session
            .arrived()
            .iter()
            .filter(|a| a.answer.is_none())
            .map(|a| a.post_id.clone())
            .collect();
        for post_id in waiting {
            let post = session.post(&post_id)?;
            let values = post.values(&entry.guidelines);
            let index = match strategy {
                Strategy::Random => rng.random_range(0..values.len()),
                Strategy::Best => argmax(&values, |a, b| a.total_cmp(b)),
                Strategy::Worst => argmax(&values, |a, b| b.total_cmp(a)),
            };
            let option = post.options[index].id.clone();
            session.answer(&post_id, &option).ok()?;
        }
        match session.next_arrival_at() {
            Some(t) => {
                session.advance_to(t);
            }
            None => break,
        }
    }
    session.end();
    Some(session.result().score)
}

fn argmax(values: &[f64], cmp: impl Fn(&f64, &f64) -> std::cmp::Ordering) -> usize {
    values
        .iter()
        .enumerate()
        .max_by(|a, b| cmp(a.1, b.1))
        .map_or(0, |(i, _)| i)
}

pub fn scenario_stats(entry: &CatalogEntry) -> ScenarioStats {
    let all = entry.scenario.all_posts();
    let mut kinds: BTreeMap<Kind, usize> = Kind::ALL.iter().map(|k| (*k, 0)).collect();
    for (post, _) in &all {
        *kinds.entry(post.kind).or_default() += 1;
    }
    let chance = (0..CHANCE_SEEDS)
        .filter_map(|seed| play(entry, seed, Strategy::Random))
        .map(f64::from)
        .sum::<f64>()
        / CHANCE_SEEDS as f64;
    ScenarioStats {
        id: entry.scenario.id.clone(),
        kinds,
        follow_ups: all.len() - entry.scenario.posts.len(),
        best: play(entry, 0, Strategy::Best).unwrap_or(0),
        worst: play(entry, 0, Strategy::Worst).unwrap_or(0),
        chance,
        pass_score: entry.scenario.pass_score,
    }
}
