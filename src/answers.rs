//! Scripted answers (`--answers FILE`) and the headless player that feeds them to the engine.

use crate::diagnostic::{Diagnostic, Severity, SourceMap};
use crate::scenario::check::closest;
use crate::scenario::{GuidelineSet, Scenario, SourceFile};
use crate::scoring::SessionResult;
use crate::session::{AnswerError, Outcome, Session, SetupError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// One line of an answers file: answer `post` with `option`, `delay` simulated seconds after it arrives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedAnswer {
    pub post: String,
    pub option: String,
    #[serde(default)]
    pub delay: u32,
}

/// Parses an answers file and checks every line against the scenario, reporting all problems.
pub fn parse_answers(
    file: &SourceFile,
    scenario: &Scenario,
) -> Result<Vec<ScriptedAnswer>, Vec<Diagnostic>> {
    let answers: Vec<ScriptedAnswer> = crate::scenario::load::parse(file)?;
    let map = SourceMap::new(&file.text);
    let all = scenario.all_posts();
    let post_ids: Vec<&str> = all.iter().map(|(p, _)| p.id.as_str()).collect();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut cursor = 0;
    for answer in &answers {
        let quoted = ron::to_string(&answer.post).unwrap_or_default();
        let span = map.field_value(cursor, "post", &quoted, 0);
        if let Some((s, _)) = span {
            cursor = s + 1;
        }
        let report = |message: String, span| {
            Diagnostic::at_offset(Severity::Error, &file.path, &file.text, span, message)
        };
        let Some((post, _)) = all.iter().find(|(p, _)| p.id == answer.post) else {
            let hint = closest(&answer.post, &post_ids)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            problems.push(report(
                format!(
                    "scenario `{}` has no post `{}`{hint}",
                    scenario.id, answer.post
                ),
                span,
            ));
            continue;
        };
        if !seen.insert(answer.post.as_str()) {
            problems.push(report(
                format!("post `{}` is answered twice", answer.post),
                span,
            ));
        }
        if !post.options.iter().any(|o| o.id == answer.option) {
            let ids: Vec<&str> = post.options.iter().map(|o| o.id.as_str()).collect();
            let option_span = span.and_then(|(s, _)| map.field(s, "option")).or(span);
            problems.push(report(
                format!(
                    "post `{}` has no option `{}` (its options are: {})",
                    answer.post,
                    answer.option,
                    ids.join(", ")
                ),
                option_span,
            ));
        }
    }
    if problems.is_empty() {
        Ok(answers)
    } else {
        Err(problems)
    }
}

/// Why a headless run could not be played through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlayError {
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Answer(#[from] AnswerError),
}

/// What a headless run produced.
#[derive(Debug, Clone)]
pub struct ScriptedRun {
    pub result: SessionResult,
    pub outcomes: Vec<Outcome>,
    /// Answers for posts this seed did not play (not drawn, or a follow-up not triggered).
    pub unplayed: Vec<String>,
    /// The session as it ended, for recording it.
    pub session: Session,
}

/// Answers every post of a scenario (follow-ups too) with its first best option, `delay`
/// seconds after it arrives: the perfect run, for examples and tests.
pub fn best_answers(
    scenario: &Scenario,
    guidelines: &GuidelineSet,
    delay: u32,
) -> Vec<ScriptedAnswer> {
    scenario
        .all_posts()
        .iter()
        .map(|(post, _)| {
            let values = post.values(guidelines);
            ScriptedAnswer {
                post: post.id.clone(),
                option: post.options[crate::scenario::items::best_indices(&values)[0]]
                    .id
                    .clone(),
                delay,
            }
        })
        .collect()
}

/// Plays a scenario without a window: each post is answered `delay` seconds after it arrives,
/// in simulated-time order, so the order of lines in the answers file does not matter.
pub fn play_scripted(
    scenario: Arc<Scenario>,
    guidelines: Arc<GuidelineSet>,
    seed: u64,
    answers: &[ScriptedAnswer],
) -> Result<ScriptedRun, PlayError> {
    play_scripted_timed(scenario, guidelines, seed, 1.0, answers)
}

/// [`play_scripted`] with extended time: each post's own time to answer times `time_factor`.
pub fn play_scripted_timed(
    scenario: Arc<Scenario>,
    guidelines: Arc<GuidelineSet>,
    seed: u64,
    time_factor: f64,
    answers: &[ScriptedAnswer],
) -> Result<ScriptedRun, PlayError> {
    let mut session = Session::new(scenario, guidelines, seed)?.with_time_factor(time_factor);
    let by_post: HashMap<&str, &ScriptedAnswer> =
        answers.iter().map(|a| (a.post.as_str(), a)).collect();
    let mut outcomes = Vec::new();
    loop {
        // The next scripted answer that is due: the earliest, ties in arrival order.
        let next_answer = session
            .arrived()
            .iter()
            .filter(|a| a.answer.is_none())
            .filter_map(|a| {
                by_post
                    .get(a.post_id.as_str())
                    .map(|s| (a.arrived_at + f64::from(s.delay), *s))
            })
            .min_by(|x, y| x.0.total_cmp(&y.0));
        let next_arrival = session.next_arrival_at();
        match (next_arrival, next_answer) {
            (Some(arrival), Some((due, _))) if arrival <= due => {
                session.advance_to(arrival);
            }
            (_, Some((due, scripted))) => {
                session.advance_to(due);
                let outcome = session.answer(&scripted.post, &scripted.option)?;
                outcomes.push(outcome);
            }
            (Some(arrival), None) => {
                session.advance_to(arrival);
            }
            (None, None) => break,
        }
    }
    session.end();
    let played: Vec<&str> = session
        .arrived()
        .iter()
        .map(|a| a.post_id.as_str())
        .collect();
    let unplayed = answers
        .iter()
        .filter(|a| !played.contains(&a.post.as_str()))
        .map(|a| a.post.clone())
        .collect();
    Ok(ScriptedRun {
        result: session.result(),
        outcomes,
        unplayed,
        session,
    })
}
