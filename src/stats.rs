//! What strategies score on a scenario — best, worst, chance, and surface strategies that ignore
//! what a post means — and the item-writing figures of a pack, as `check --stats` prints them.

use crate::scenario::items::{self, best_indices, is_written, length};
use crate::scenario::{Action, Catalog, CatalogEntry, Kind, Post};
use crate::scoring::post_score;
use crate::session::Session;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// How many seeds the chance score averages over.
pub const CHANCE_SEEDS: u64 = 1_000;
/// How many seeds each surface strategy averages over.
pub const STRATEGY_SEEDS: u64 = 200;
/// A strategy scoring within this many points of the pass mark (or above it) is a warning.
pub const GUESSABLE_MARGIN: f64 = 10.0;
/// A post score in this range is a defensible second-best.
pub const SECOND_BEST: std::ops::RangeInclusive<f64> = 0.5..=0.9;
/// Two follow-ups whose words overlap this much (Jaccard) are near-identical.
pub const NEAR_IDENTICAL: f64 = 0.7;

/// Which option a strategy picks. Surface strategies fall back to a random option when their
/// cue is absent from a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    Best,
    Worst,
    Random,
    /// The option with the longest text.
    Longest,
    /// The shortest written (Reply or DM) option.
    ShortestReply,
    /// That action whenever it is offered.
    Always(Action),
    /// The only option with a link.
    LoneLink,
    /// The only option that uses the patron's first name.
    LoneName,
    /// The lone link, else the lone name, else the longest: a test-wise guesser.
    TestWise,
}

/// The strategies that read nothing but surface cues, in the order `--stats` prints them.
pub const SURFACE: [Strategy; 12] = [
    Strategy::Longest,
    Strategy::ShortestReply,
    Strategy::Always(Action::Escalate),
    Strategy::Always(Action::DirectMessage),
    Strategy::Always(Action::Like),
    Strategy::Always(Action::NoResponse),
    Strategy::Always(Action::Reply),
    Strategy::Always(Action::Hide),
    Strategy::Always(Action::Report),
    Strategy::LoneLink,
    Strategy::LoneName,
    Strategy::TestWise,
];

impl Strategy {
    /// A short name for tables and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Best => "best",
            Strategy::Worst => "worst",
            Strategy::Random => "chance",
            Strategy::Longest => "longest",
            Strategy::ShortestReply => "shortest-reply",
            Strategy::Always(Action::Escalate) => "always-escalate",
            Strategy::Always(Action::DirectMessage) => "always-dm",
            Strategy::Always(Action::Like) => "always-like",
            Strategy::Always(Action::NoResponse) => "always-no-response",
            Strategy::Always(Action::Reply) => "always-reply",
            Strategy::Always(Action::Hide) => "always-hide",
            Strategy::Always(Action::Report) => "always-report",
            Strategy::LoneLink => "lone-link",
            Strategy::LoneName => "lone-name",
            Strategy::TestWise => "test-wise",
        }
    }

    /// What the strategy does, in a supervisor's words.
    pub fn describe(self) -> &'static str {
        match self {
            Strategy::Best => "always an option of the highest value",
            Strategy::Worst => "always an option of the lowest value",
            Strategy::Random => "a random option",
            Strategy::Longest => "always the option with the longest text",
            Strategy::ShortestReply => "always the shortest written reply",
            Strategy::Always(Action::Escalate) => "Escalate whenever it is offered",
            Strategy::Always(Action::DirectMessage) => "a DM whenever one is offered",
            Strategy::Always(Action::Like) => "Like whenever it is offered",
            Strategy::Always(Action::NoResponse) => "No response whenever it is offered",
            Strategy::Always(Action::Reply) => "a public reply whenever one is offered",
            Strategy::Always(Action::Hide) => "Hide whenever it is offered",
            Strategy::Always(Action::Report) => "Report whenever it is offered",
            Strategy::LoneLink => "the only option with a link",
            Strategy::LoneName => "the only option that uses the patron's first name",
            Strategy::TestWise => "the lone link, else the lone name, else the longest",
        }
    }

    /// The index of the option this strategy picks among a post's options.
    pub fn pick(self, post: &Post, values: &[f64], rng: &mut ChaCha8Rng) -> usize {
        let n = post.options.len();
        let any = |rng: &mut ChaCha8Rng| rng.random_range(0..n);
        let one_of = |indices: Vec<usize>, rng: &mut ChaCha8Rng| {
            indices.choose(rng).copied().unwrap_or_else(|| any(rng))
        };
        let lengths: Vec<usize> = post.options.iter().map(|o| length(&o.text)).collect();
        let longest = |rng: &mut ChaCha8Rng| {
            let max = lengths.iter().copied().max().unwrap_or(0);
            one_of((0..n).filter(|&i| lengths[i] == max).collect(), rng)
        };
        match self {
            Strategy::Random => any(rng),
            Strategy::Best => one_of(best_indices(values), rng),
            Strategy::Worst => {
                let negated: Vec<f64> = values.iter().map(|v| -v).collect();
                one_of(best_indices(&negated), rng)
            }
            Strategy::Longest => longest(rng),
            Strategy::ShortestReply => {
                let written: Vec<usize> =
                    (0..n).filter(|&i| is_written(&post.options[i])).collect();
                let min = written.iter().map(|&i| lengths[i]).min();
                one_of(
                    written
                        .into_iter()
                        .filter(|&i| Some(lengths[i]) == min)
                        .collect(),
                    rng,
                )
            }
            Strategy::Always(action) => one_of(
                (0..n)
                    .filter(|&i| post.options[i].action == action)
                    .collect(),
                rng,
            ),
            Strategy::LoneLink => items::lone_link(post).unwrap_or_else(|| any(rng)),
            Strategy::LoneName => items::lone_name(post).unwrap_or_else(|| any(rng)),
            Strategy::TestWise => items::lone_link(post)
                .or_else(|| items::lone_name(post))
                .unwrap_or_else(|| longest(rng)),
        }
    }
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
            let index = strategy.pick(post, &values, &mut rng);
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

/// The mean score of a strategy over seeds `0..seeds`, the seeds spread over the cores. Scores
/// are summed as integers, so the mean is the same whatever the number of threads.
pub fn mean_score(entry: &CatalogEntry, strategy: Strategy, seeds: u64) -> f64 {
    mean_score_counted(entry, strategy, seeds, &|_| {})
}

/// [`mean_score`], calling `done(n)` as each batch of `n` seeds finishes (for a progress bar).
fn mean_score_counted(
    entry: &CatalogEntry,
    strategy: Strategy,
    seeds: u64,
    done: &(dyn Fn(u64) + Sync),
) -> f64 {
    use rayon::prelude::*;
    let total: u64 = (0..seeds)
        .into_par_iter()
        .map(|seed| {
            let score = play(entry, seed, strategy).map_or(0, u64::from);
            done(1);
            score
        })
        .sum();
    total as f64 / seeds.max(1) as f64
}

/// How many games [`scenario_stats`] plays per scenario: the unit of its progress.
pub const GAMES_PER_SCENARIO: u64 = 2 + CHANCE_SEEDS + STRATEGY_SEEDS * SURFACE.len() as u64;

/// A surface strategy's mean score on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategyScore {
    pub strategy: &'static str,
    pub mean: f64,
}

/// A scenario's make-up, what the strategies score on it, and its item-writing figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioStats {
    pub id: String,
    pub path: PathBuf,
    /// Posts of each kind as written, follow-ups included.
    pub kinds: BTreeMap<Kind, usize>,
    pub posts: usize,
    pub follow_ups: usize,
    pub best: u32,
    pub worst: u32,
    /// Mean score of uniformly random answers given on time, over [`CHANCE_SEEDS`] seeds.
    pub chance: f64,
    /// Mean score of each [`SURFACE`] strategy, answering on time, over [`STRATEGY_SEEDS`] seeds.
    pub strategies: Vec<StrategyScore>,
    pub pass_score: u32,
    /// Fewest options of a top-level post, and of a follow-up (`None`: it has none).
    pub fewest_options_top: Option<usize>,
    pub fewest_options_follow_up: Option<usize>,
    /// Posts with an option whose on-time post score is within [`SECOND_BEST`].
    pub second_best: usize,
    /// Posts whose best option is written (a Reply or DM).
    pub written_best: usize,
    /// Of those, posts where some other option's text is longer than the best's.
    pub longer_than_best: usize,
    /// Warnings shown for the file, and warnings its posts' `allow:` accepted.
    pub warnings: usize,
    pub allowed: usize,
    /// Posts that carry an `allow:`.
    pub posts_with_allow: usize,
}

impl ScenarioStats {
    /// The strategies (chance included) that come within [`GUESSABLE_MARGIN`] of the pass mark.
    pub fn guessable(&self) -> Vec<(&'static str, f64)> {
        let line = f64::from(self.pass_score) - GUESSABLE_MARGIN;
        std::iter::once(("chance", self.chance))
            .chain(self.strategies.iter().map(|s| (s.strategy, s.mean)))
            .filter(|(_, mean)| *mean >= line)
            .collect()
    }

    /// The highest mean among the surface strategies.
    pub fn best_surface(&self) -> Option<&StrategyScore> {
        self.strategies
            .iter()
            .max_by(|a, b| a.mean.total_cmp(&b.mean))
    }
}

/// Figures about one post: whether it grants partial credit, and whether its best is the longest.
fn post_figures(post: &Post, values: &[f64]) -> (bool, Option<bool>) {
    let second = (0..values.len()).any(|i| SECOND_BEST.contains(&post_score(values, i, false, 0)));
    let best = best_indices(values);
    let written: Vec<usize> = best
        .iter()
        .copied()
        .filter(|&i| is_written(&post.options[i]))
        .collect();
    let longer = written
        .iter()
        .map(|&i| length(&post.options[i].text))
        .max()
        .map(|best_len| {
            post.options
                .iter()
                .enumerate()
                .any(|(i, o)| !best.contains(&i) && length(&o.text) > best_len)
        });
    (second, longer)
}

/// Every figure `check --stats` prints for one scenario. `warnings` and `allowed` are left 0:
/// [`pack_stats`] fills them from the catalog.
pub fn scenario_stats(entry: &CatalogEntry) -> ScenarioStats {
    scenario_stats_counted(entry, &|_| {})
}

/// [`scenario_stats`], calling `done(n)` as games finish ([`GAMES_PER_SCENARIO`] in all).
pub fn scenario_stats_counted(entry: &CatalogEntry, done: &(dyn Fn(u64) + Sync)) -> ScenarioStats {
    let all = entry.scenario.all_posts();
    let mut kinds: BTreeMap<Kind, usize> = Kind::ALL.iter().map(|k| (*k, 0)).collect();
    let (mut second_best, mut written_best, mut longer_than_best) = (0, 0, 0);
    let (mut fewest_top, mut fewest_follow): (Option<usize>, Option<usize>) = (None, None);
    let mut posts_with_allow = 0;
    for (post, parent) in &all {
        *kinds.entry(post.kind).or_default() += 1;
        let values = post.values(&entry.guidelines);
        let (second, longer) = post_figures(post, &values);
        second_best += usize::from(second);
        if let Some(longer) = longer {
            written_best += 1;
            longer_than_best += usize::from(longer);
        }
        let fewest = if parent.is_some() {
            &mut fewest_follow
        } else {
            &mut fewest_top
        };
        *fewest = Some(fewest.map_or(post.options.len(), |f| f.min(post.options.len())));
        posts_with_allow += usize::from(!post.allow.is_empty());
    }
    ScenarioStats {
        id: entry.scenario.id.clone(),
        path: entry.path.clone(),
        kinds,
        posts: all.len(),
        follow_ups: all.len() - entry.scenario.posts.len(),
        best: play(entry, 0, Strategy::Best).unwrap_or(0),
        worst: {
            let worst = play(entry, 0, Strategy::Worst).unwrap_or(0);
            done(2); // best and worst
            worst
        },
        chance: mean_score_counted(entry, Strategy::Random, CHANCE_SEEDS, done),
        strategies: SURFACE
            .iter()
            .map(|&s| StrategyScore {
                strategy: s.name(),
                mean: mean_score_counted(entry, s, STRATEGY_SEEDS, done),
            })
            .collect(),
        pass_score: entry.scenario.pass_score,
        fewest_options_top: fewest_top,
        fewest_options_follow_up: fewest_follow,
        second_best,
        written_best,
        longer_than_best,
        warnings: 0,
        allowed: 0,
        posts_with_allow,
    }
}

/// Two follow-ups that read almost the same.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearIdentical {
    pub first: String,
    pub second: String,
    pub overlap: f64,
}

/// The figures of a whole pack: each scenario's, and what only the whole can show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackStats {
    pub scenarios: Vec<ScenarioStats>,
    pub posts: usize,
    pub follow_ups: usize,
    pub kinds: BTreeMap<Kind, usize>,
    pub errors: usize,
    pub warnings: usize,
    pub allowed: usize,
    pub posts_with_allow: usize,
    pub second_best: usize,
    pub written_best: usize,
    pub longer_than_best: usize,
    /// Follow-ups (as `scenario/post`) whose texts overlap at least [`NEAR_IDENTICAL`].
    pub near_identical_follow_ups: Vec<NearIdentical>,
    /// Follow-ups whose best answer is a Like over a written reply: the "a like beats an
    /// advert" closer.
    pub like_over_advert: Vec<String>,
}

/// Every figure `check --stats` prints, for every scenario of a catalog and for the whole.
pub fn pack_stats(catalog: &Catalog) -> PackStats {
    pack_stats_counted(catalog, &|_| {})
}

/// [`pack_stats`], calling `done(n)` as games finish ([`GAMES_PER_SCENARIO`] per scenario).
pub fn pack_stats_counted(catalog: &Catalog, done: &(dyn Fn(u64) + Sync)) -> PackStats {
    let mut scenarios: Vec<ScenarioStats> = catalog
        .scenarios
        .iter()
        .map(|e| scenario_stats_counted(e, done))
        .collect();
    for s in &mut scenarios {
        s.warnings = catalog
            .diagnostics
            .iter()
            .filter(|d| !d.is_error() && d.file == s.path)
            .count();
        s.allowed = catalog.allowed.iter().filter(|d| d.file == s.path).count();
    }
    let mut kinds: BTreeMap<Kind, usize> = Kind::ALL.iter().map(|k| (*k, 0)).collect();
    for s in &scenarios {
        for (k, n) in &s.kinds {
            *kinds.entry(*k).or_default() += n;
        }
    }
    let sum = |f: fn(&ScenarioStats) -> usize| scenarios.iter().map(f).sum::<usize>();

    let mut follow_ups: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut like_over_advert = Vec::new();
    for entry in &catalog.scenarios {
        for (post, parent) in entry.scenario.all_posts() {
            if parent.is_none() {
                continue;
            }
            let name = format!("{}/{}", entry.scenario.id, post.id);
            follow_ups.push((name.clone(), words(&post.text)));
            let values = post.values(&entry.guidelines);
            let best = best_indices(&values);
            let like_best = best.iter().any(|&i| post.options[i].action == Action::Like);
            let advert = post
                .options
                .iter()
                .enumerate()
                .any(|(i, o)| o.action == Action::Reply && !best.contains(&i));
            if like_best && advert {
                like_over_advert.push(name);
            }
        }
    }
    let mut near_identical_follow_ups = Vec::new();
    for (i, (a, wa)) in follow_ups.iter().enumerate() {
        for (b, wb) in &follow_ups[i + 1..] {
            let overlap = jaccard(wa, wb);
            if overlap >= NEAR_IDENTICAL {
                near_identical_follow_ups.push(NearIdentical {
                    first: a.clone(),
                    second: b.clone(),
                    overlap: (overlap * 100.0).round() / 100.0,
                });
            }
        }
    }

    PackStats {
        posts: sum(|s| s.posts),
        follow_ups: sum(|s| s.follow_ups),
        kinds,
        errors: catalog.error_count(),
        warnings: catalog.warning_count(),
        allowed: catalog.allowed.len(),
        posts_with_allow: sum(|s| s.posts_with_allow),
        second_best: sum(|s| s.second_best),
        written_best: sum(|s| s.written_best),
        longer_than_best: sum(|s| s.longer_than_best),
        near_identical_follow_ups,
        like_over_advert,
        scenarios,
    }
}

/// The lower-case words of a text, without the @handles that every reply to us shares.
fn words(text: &str) -> BTreeSet<String> {
    text.split_whitespace()
        .filter(|w| !w.starts_with('@'))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}
