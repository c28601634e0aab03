//! The scoring rules, exact so supervisors can predict them: option value, post score, session result.

use crate::scenario::{Action, GuidelineSet, Kind, Post, ResponseOption, Scenario};
use serde::Serialize;
use std::collections::BTreeMap;

/// Values closer than this are the same value (weights are decimals).
const EPS: f64 = 1e-9;

/// A post as it was played: when it arrived and what, if anything, was chosen and when.
#[derive(Debug, Clone)]
pub struct PlayedPost<'a> {
    pub post: &'a Post,
    pub arrived_at: f64,
    /// The chosen option's index in `post.options` (the order written) and the answer time.
    pub answer: Option<(usize, f64)>,
    /// How many times its own `respond_within` the trainee had (1 normally; 2 or 3 for
    /// extended time).
    pub time_factor: f64,
}

/// How one played post scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostResult {
    pub post: String,
    pub kind: Kind,
    /// The chosen option's id; `None` when the post was never answered.
    pub option: Option<String>,
    /// The chosen option's value; `None` when unanswered.
    pub value: Option<f64>,
    /// Whether the chosen option has the highest value of the post's options.
    pub best: bool,
    pub late: bool,
    /// 0.0..=1.0, after any late penalty.
    pub score: f64,
    pub best_value: f64,
    /// The ids of every option of the highest value.
    pub best_options: Vec<String>,
    pub arrived_at: f64,
    pub answered_at: Option<f64>,
    /// How this post breached a critical guideline, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breach: Option<Breach>,
}

/// A critical guideline breached on one post: by the option chosen, or by leaving the post
/// unanswered when its No response option breaches one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    /// True when the post was left unanswered at the end of the shift.
    pub unanswered: bool,
    /// The critical guidelines breached.
    pub guidelines: Vec<String>,
}

/// How many played posts of a kind got a best answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindTally {
    pub best: u32,
    pub total: u32,
}

/// The outcome of a whole session, as `replydesk play --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionResult {
    pub scenario: String,
    pub seed: u64,
    /// 0..=100.
    pub score: u32,
    pub pass_score: u32,
    pub passed: bool,
    /// The time the trainee had, as a multiple of each post's own (1 unless extended).
    pub time_factor: f64,
    /// Posts that breached a critical guideline: by the option chosen, or left unanswered at the
    /// end when their No response option breaches one.
    pub critical_breaches: Vec<String>,
    /// Percent per guideline, for the guidelines that some played post scored differently.
    pub guidelines: BTreeMap<String, u32>,
    pub kinds: BTreeMap<Kind, KindTally>,
    pub posts: Vec<PostResult>,
}

/// The lowest and highest value among a post's options.
pub fn value_range(values: &[f64]) -> (f64, f64) {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (min, max)
}

/// A post's score: (value − min) / (max − min), 1 when all values are equal, times
/// (1 − late_penalty/100) when late.
pub fn post_score(values: &[f64], chosen: usize, late: bool, late_penalty: u32) -> f64 {
    let (min, max) = value_range(values);
    let base = if max - min < EPS {
        1.0
    } else {
        (values[chosen] - min) / (max - min)
    };
    let factor = if late {
        1.0 - f64::from(late_penalty.min(100)) / 100.0
    } else {
        1.0
    };
    (base * factor).clamp(0.0, 1.0)
}

/// Whether an answer at `answered_at` misses the post's `respond_within` times `time_factor`:
/// under extended time, a deadline met is on time.
pub fn is_late(post: &Post, arrived_at: f64, answered_at: f64, time_factor: f64) -> bool {
    answered_at - arrived_at > f64::from(post.respond_within) * time_factor + EPS
}

/// Scores one played post.
pub fn score_post(played: &PlayedPost<'_>, guidelines: &GuidelineSet) -> PostResult {
    let post = played.post;
    let values = post.values(guidelines);
    let (_, max) = value_range(&values);
    let best_options: Vec<String> = post
        .options
        .iter()
        .zip(&values)
        .filter(|(_, v)| (max - **v).abs() < EPS)
        .map(|(o, _)| o.id.clone())
        .collect();
    let mut result = PostResult {
        post: post.id.clone(),
        kind: post.kind,
        option: None,
        value: None,
        best: false,
        late: false,
        score: 0.0,
        best_value: if values.is_empty() { 0.0 } else { max },
        best_options,
        arrived_at: played.arrived_at,
        answered_at: None,
        breach: None,
    };
    if let Some((index, at)) = played.answer {
        let late = is_late(post, played.arrived_at, at, played.time_factor);
        result.option = Some(post.options[index].id.clone());
        result.value = Some(values[index]);
        result.best = (max - values[index]).abs() < EPS;
        result.late = late;
        result.score = post_score(&values, index, late, guidelines.late_penalty);
        result.answered_at = Some(at);
    }
    result
}

/// The critical guidelines an option takes points off.
fn critical_breached(option: &ResponseOption, guidelines: &GuidelineSet) -> Vec<String> {
    option
        .scores
        .iter()
        .filter(|(g, pts)| **pts < 0 && guidelines.is_critical(g))
        .map(|(g, _)| g.clone())
        .collect()
}

/// How a played post breached a critical guideline: by the option chosen, or — once the shift
/// has `ended` — by being left unanswered when its No response option breaches one.
pub fn breach(played: &PlayedPost<'_>, guidelines: &GuidelineSet, ended: bool) -> Option<Breach> {
    let (unanswered, breached) = match played.answer {
        Some((i, _)) => (
            false,
            critical_breached(&played.post.options[i], guidelines),
        ),
        None if ended => {
            let mut all: Vec<String> = played
                .post
                .options
                .iter()
                .filter(|o| o.action == Action::NoResponse)
                .flat_map(|o| critical_breached(o, guidelines))
                .collect();
            all.sort();
            all.dedup();
            (true, all)
        }
        None => return None,
    };
    (!breached.is_empty()).then_some(Breach {
        unanswered,
        guidelines: breached,
    })
}

/// Scores a session from every post it played (drawn and triggered ones). `ended`: the shift is
/// over, so posts still unanswered stay unanswered (and may breach by silence).
pub fn score_session(
    scenario: &Scenario,
    guidelines: &GuidelineSet,
    seed: u64,
    played: &[PlayedPost<'_>],
    ended: bool,
) -> SessionResult {
    let posts: Vec<PostResult> = played
        .iter()
        .map(|p| PostResult {
            breach: breach(p, guidelines, ended),
            ..score_post(p, guidelines)
        })
        .collect();
    let score = if posts.is_empty() {
        0
    } else {
        let mean = posts.iter().map(|p| p.score).sum::<f64>() / posts.len() as f64;
        (100.0 * mean).round() as u32
    };

    let critical_breaches: Vec<String> = posts
        .iter()
        .filter(|p| p.breach.is_some())
        .map(|p| p.post.clone())
        .collect();

    let mut percents = BTreeMap::new();
    for g in &guidelines.guidelines {
        let (mut got, mut possible) = (0i64, 0i64);
        for p in played {
            let points: Vec<i32> = p.post.options.iter().map(|o| o.points(&g.id)).collect();
            let (Some(&min), Some(&max)) = (points.iter().min(), points.iter().max()) else {
                continue;
            };
            if max == min {
                continue;
            }
            possible += i64::from(max - min);
            if let Some((i, _)) = p.answer {
                got += i64::from(points[i] - min);
            }
        }
        if possible > 0 {
            let percent = (100.0 * got as f64 / possible as f64).round() as u32;
            percents.insert(g.id.clone(), percent);
        }
    }

    let mut kinds: BTreeMap<Kind, KindTally> = Kind::ALL
        .iter()
        .map(|k| (*k, KindTally::default()))
        .collect();
    for p in &posts {
        let tally = kinds.entry(p.kind).or_default();
        tally.total += 1;
        if p.best {
            tally.best += 1;
        }
    }

    SessionResult {
        scenario: scenario.id.clone(),
        seed,
        score,
        pass_score: scenario.pass_score,
        passed: score >= scenario.pass_score && critical_breaches.is_empty(),
        time_factor: played.first().map_or(1.0, |p| p.time_factor),
        critical_breaches,
        guidelines: percents,
        kinds,
        posts,
    }
}
