//! The onboarding path (`scenarios/path.ron`): the scenarios a new hire plays in order, each in
//! a mode and to a score, with prerequisites; checked like the scenarios, and each trainee's
//! position on it, with completed steps kept even when the file is edited later.

use crate::diagnostic::{Diagnostic, Severity, SourceMap};
use crate::record::{Mode, Provenance};
use crate::scenario::{CatalogEntry, SourceFile};
use crate::store::{Profile, Store, StoreError, StoredSession};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// The file name the path is read from, in the scenarios folder.
pub const FILE_NAME: &str = "path.ron";

/// The path as supervisors write it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OnboardingPath {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub steps: Vec<Step>,
}

/// How a step must be played.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
pub enum StepMode {
    /// Practice or an assessment at the desk.
    #[default]
    Practice,
    /// An assessment at the desk, of the scenario file as it is now.
    Assessment,
}

/// One step: a scenario, how to play it, the score it needs, and the steps before it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub scenario: String,
    #[serde(default)]
    pub mode: StepMode,
    /// The score needed (default: the scenario's pass mark). Written `score: 80`.
    #[serde(default, deserialize_with = "given")]
    pub score: Option<u32>,
    /// The steps that must be done first (default: the step before this one). Written
    /// `after: ["first"]`; `after: []` for none.
    #[serde(default, deserialize_with = "given")]
    pub after: Option<Vec<String>>,
}

/// An optional field written plainly (`score: 80`, not `score: Some(80)`).
fn given<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

impl OnboardingPath {
    /// The steps a step waits for: its `after`, else the step before it.
    pub fn prerequisites(&self, index: usize) -> Vec<String> {
        match &self.steps[index].after {
            Some(after) => after.clone(),
            None if index > 0 => vec![self.steps[index - 1].id.clone()],
            None => Vec::new(),
        }
    }
}

/// A path file, read and checked against the scenarios it names.
#[derive(Debug, Clone)]
pub struct LoadedPath {
    pub file: PathBuf,
    pub path: OnboardingPath,
}

/// Parses and checks a path file; every problem at its place.
pub fn check(
    file: &SourceFile,
    scenarios: &[CatalogEntry],
) -> (Option<OnboardingPath>, Vec<Diagnostic>) {
    let path: OnboardingPath = match crate::scenario::load::parse(file) {
        Ok(p) => p,
        Err(problems) => return (None, problems),
    };
    let map = SourceMap::new(&file.text);
    let mut problems = Vec::new();
    let error = |span: Option<(usize, usize)>, message: String| {
        Diagnostic::at_offset(Severity::Error, &file.path, &file.text, span, message)
    };
    if path.steps.is_empty() {
        problems.push(error(
            map.field(0, "steps"),
            "the path has no steps: add at least one `Step(...)`".into(),
        ));
    }
    let quoted = |s: &str| format!("\"{s}\"");
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut starts = Vec::new();
    for (i, step) in path.steps.iter().enumerate() {
        let nth = path.steps[..i].iter().filter(|s| s.id == step.id).count();
        let id_span = map.field_value(0, "id", &quoted(&step.id), nth);
        let start = id_span.map_or(0, |(s, _)| s);
        starts.push(start);
        if step.id.trim().is_empty() {
            problems.push(error(
                id_span,
                format!(
                    "step {} has no id: give it a short name, e.g. id: \"first\"",
                    i + 1
                ),
            ));
        } else if let Some(first) = seen.get(step.id.as_str()) {
            problems.push(error(
                id_span,
                format!(
                    "two steps are called `{}` (steps {} and {}): each step needs its own id",
                    step.id,
                    first + 1,
                    i + 1
                ),
            ));
        } else {
            seen.insert(&step.id, i);
        }
        let scenario_span = map.field(start, "scenario");
        let sibling = file.path.with_file_name(format!("{}.ron", step.scenario));
        match scenarios.iter().find(|e| e.scenario.id == step.scenario) {
            // Its file is there but cannot be played: that file's problems say why. The path
            // stays, and the step waits for the file to be fixed.
            None if sibling.is_file() => problems.push(Diagnostic::at_offset(
                Severity::Warning,
                &file.path,
                &file.text,
                scenario_span,
                format!(
                    "step `{}` names `{}`, whose file {} has errors (see them there): the step cannot be played until it is fixed",
                    step.id,
                    step.scenario,
                    sibling.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                ),
            )),
            None => {
                let mut ids: Vec<&str> = scenarios.iter().map(|e| e.scenario.id.as_str()).collect();
                ids.sort();
                let hint = match crate::scenario::check::closest(&step.scenario, &ids) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the scenarios here are: {}", ids.join(", ")),
                };
                problems.push(error(
                    scenario_span,
                    format!(
                        "step `{}` names the scenario `{}`, which is not in this folder ({hint})",
                        step.id, step.scenario
                    ),
                ));
            }
            Some(entry) => {
                if let Some(score) = step.score {
                    if score > 100 {
                        problems.push(error(
                            map.field(start, "score"),
                            format!(
                                "step `{}` asks for a score of {score}; scores go from 0 to 100",
                                step.id
                            ),
                        ));
                    } else if score < entry.scenario.pass_score && step.mode == StepMode::Assessment
                    {
                        problems.push(
                            Diagnostic::at_offset(
                                Severity::Warning,
                                &file.path,
                                &file.text,
                                map.field(start, "score"),
                                format!(
                                    "step `{}` asks for {score}, below the scenario's own pass mark of {}: an assessment step needs a pass, so it asks for {} (write `score: {}` or leave it out)",
                                    step.id,
                                    entry.scenario.pass_score,
                                    entry.scenario.pass_score,
                                    entry.scenario.pass_score
                                ),
                            )
                            .with_code("below-pass-mark"),
                        );
                    }
                }
            }
        }
        for name in step.after.iter().flatten() {
            let span = map
                .field(start, "after")
                .and_then(|(from, _)| map.map_key(from, name));
            match path.steps.iter().position(|s| &s.id == name) {
                None => {
                    let ids: Vec<&str> = path.steps.iter().map(|s| s.id.as_str()).collect();
                    let hint = crate::scenario::check::closest(name, &ids)
                        .map(|b| format!(" (did you mean `{b}`?)"))
                        .unwrap_or_default();
                    problems.push(error(
                        span,
                        format!("step `{}` comes after `{name}`, but no step is called `{name}`{hint}", step.id),
                    ))
                }
                Some(j) if j >= i => problems.push(error(
                    span,
                    format!(
                        "step `{}` comes after `{name}`, which is {} it on the path: a step can only wait for earlier steps",
                        step.id,
                        if j == i { "itself, not before" } else { "after" }
                    ),
                )),
                Some(_) => {}
            }
        }
    }
    let clean = !problems.iter().any(Diagnostic::is_error);
    (clean.then_some(path), problems)
}

/// A step as a trainee stands on it.
#[derive(Debug, Clone, PartialEq)]
pub enum StepState {
    /// Done: by this session, with this score, finished then.
    Done { session: i64, score: u32, at: i64 },
    /// Its prerequisites are done: play it next.
    Available,
    /// Waiting for these steps (their scenario titles).
    Locked { waiting_for: Vec<String> },
}

/// One step of a trainee's position.
#[derive(Debug, Clone, PartialEq)]
pub struct StepStatus {
    pub id: String,
    pub scenario: String,
    /// The scenario's title (its id when it is no longer in the folder).
    pub title: String,
    pub mode: StepMode,
    pub required: u32,
    pub state: StepState,
}

/// A step completed earlier that the path no longer has: reported, never dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub step: String,
    pub scenario: String,
    pub session: i64,
    pub score: u32,
    /// The score the step asked for when it was completed.
    pub required: u32,
    pub at: i64,
}

/// Where a trainee stands on the path.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub steps: Vec<StepStatus>,
    pub removed: Vec<Completion>,
}

impl Position {
    pub fn complete(&self) -> bool {
        !self.steps.is_empty()
            && self
                .steps
                .iter()
                .all(|s| matches!(s.state, StepState::Done { .. }))
    }

    pub fn done(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s.state, StepState::Done { .. }))
            .count()
    }

    /// The step to play next, if any.
    pub fn next(&self) -> Option<&StepStatus> {
        self.steps.iter().find(|s| s.state == StepState::Available)
    }

    /// "3 of 5 steps done; next: …" — for rosters and reports.
    pub fn summary(&self) -> String {
        let total = self.steps.len();
        let mut text = format!(
            "{} of {total} step{} done",
            self.done(),
            if total == 1 { "" } else { "s" }
        );
        if self.complete() {
            text.push_str(": path complete");
        } else if let Some(next) = self.next() {
            text.push_str(&format!("; next: {}", next.title));
        }
        if !self.removed.is_empty() {
            text.push_str(&format!(
                "; {} completed step(s) no longer on the path",
                self.removed.len()
            ));
        }
        text
    }
}

/// The score a step needs: its `score`, else the scenario's pass mark; an assessment step also
/// needs the assessment to pass, so never less than the pass mark.
pub fn required(step: &Step, entry: Option<&CatalogEntry>) -> u32 {
    let pass = entry.map_or(100, |e| e.scenario.pass_score);
    match step.mode {
        StepMode::Practice => step.score.unwrap_or(pass),
        StepMode::Assessment => step.score.unwrap_or(pass).max(pass),
    }
}

/// Whether a session is of the kind a step asks for: at the desk (never scripted or a group's),
/// of its scenario; for an assessment step, an assessment that passed.
fn kind_fits(step: &Step, s: &StoredSession) -> bool {
    if s.scenario_id != step.scenario || s.score.is_none() {
        return false;
    }
    match step.mode {
        StepMode::Practice => s.mode.at_desk(),
        StepMode::Assessment => s.mode == Mode::Assessment && s.passed == Some(true),
    }
}

/// Whether a finished session completes a step now: of the right kind, to the score, and for
/// an assessment from the scenario file as it is now.
fn completes(step: &Step, required: u32, entry: Option<&CatalogEntry>, s: &StoredSession) -> bool {
    kind_fits(step, s)
        && s.score.is_some_and(|score| score >= required)
        && (step.mode == StepMode::Practice || Provenance::of(entry, s) == Provenance::Current)
}

/// Whether a stored completion still stands for a step: the same step and scenario, a session
/// of the kind it asks for, and a score that met at least what the step asks now or the
/// scenario's own pass mark, whichever is lower. A raised bar keeps what was done; a path file
/// that asked for less (a draft, or a forged folder) completes nothing that counts.
fn stands(
    c: &Completion,
    step: &Step,
    entry: Option<&CatalogEntry>,
    sessions: &[StoredSession],
) -> bool {
    let floor = required(step, entry).min(entry.map_or(100, |e| e.scenario.pass_score));
    c.step == step.id
        && c.scenario == step.scenario
        && c.required >= floor
        && sessions
            .iter()
            .find(|s| s.id == c.session)
            .is_some_and(|s| kind_fits(step, s) && s.score == Some(c.score))
}

/// A trainee's position on `path`. With `record`, steps newly completed by their sessions are
/// entered in the store, so that they stay completed whatever the file says later. A step's
/// session must have started after its prerequisites were done.
pub fn position(
    store: &Store,
    profile: &Profile,
    path: &OnboardingPath,
    scenarios: &[CatalogEntry],
    record: bool,
) -> Result<Position, StoreError> {
    let sessions = store.sessions(profile)?;
    let stored = store.path_completions(profile)?;
    let find = |id: &str| scenarios.iter().find(|e| e.scenario.id == id);
    let mut done: BTreeMap<String, Completion> = BTreeMap::new();
    for step in &path.steps {
        if let Some(c) = stored
            .iter()
            .find(|c| stands(c, step, find(&step.scenario), &sessions))
        {
            done.insert(step.id.clone(), c.clone());
        }
    }
    // Steps in order; each pass may unlock the next, so go until nothing changes.
    loop {
        let mut changed = false;
        for (i, step) in path.steps.iter().enumerate() {
            if done.contains_key(&step.id) {
                continue;
            }
            let prerequisites = path.prerequisites(i);
            if !prerequisites.iter().all(|p| done.contains_key(p)) {
                continue;
            }
            let unlocked_at = prerequisites
                .iter()
                .filter_map(|p| done.get(p).map(|c| c.at))
                .max()
                .unwrap_or(i64::MIN);
            let entry = find(&step.scenario);
            let required = required(step, entry);
            if let Some(s) = sessions
                .iter()
                .filter(|s| s.started_at >= unlocked_at && completes(step, required, entry, s))
                .min_by_key(|s| s.finished_at)
            {
                let completion = Completion {
                    step: step.id.clone(),
                    scenario: step.scenario.clone(),
                    session: s.id,
                    score: s.score.unwrap_or(0),
                    required,
                    at: s.finished_at.unwrap_or(s.started_at),
                };
                if record {
                    store.add_path_completion(profile, &completion)?;
                }
                done.insert(step.id.clone(), completion);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let title = |id: &str| find(id).map_or(id.to_string(), |e| e.scenario.title.clone());
    let steps = path
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let state = match done.get(&step.id) {
                Some(c) => StepState::Done {
                    session: c.session,
                    score: c.score,
                    at: c.at,
                },
                None => {
                    let waiting_for: Vec<String> = path
                        .prerequisites(i)
                        .iter()
                        .filter(|p| !done.contains_key(*p))
                        .map(|p| {
                            path.steps
                                .iter()
                                .find(|s| &s.id == p)
                                .map_or(p.clone(), |s| title(&s.scenario))
                        })
                        .collect();
                    if waiting_for.is_empty() {
                        StepState::Available
                    } else {
                        StepState::Locked { waiting_for }
                    }
                }
            };
            StepStatus {
                id: step.id.clone(),
                scenario: step.scenario.clone(),
                title: title(&step.scenario),
                mode: step.mode,
                required: required(step, find(&step.scenario)),
                state,
            }
        })
        .collect();
    // Completed steps the path no longer has (by id and scenario), each once, by title.
    let mut removed: Vec<Completion> = Vec::new();
    for c in stored {
        let on_path = path
            .steps
            .iter()
            .any(|s| s.id == c.step && s.scenario == c.scenario);
        if !on_path
            && !removed
                .iter()
                .any(|r| r.step == c.step && r.scenario == c.scenario)
        {
            removed.push(Completion {
                scenario: title(&c.scenario),
                ..c
            });
        }
    }
    Ok(Position { steps, removed })
}

/// Every trainee's position, as `report --path` writes it: text, CSV or JSON.
pub fn report(
    path: &OnboardingPath,
    positions: &[(String, Position)],
    format: crate::report::Format,
    out: &mut dyn std::io::Write,
) -> Result<(), crate::report::ReportError> {
    use crate::report::{Format, cell, date};
    let mode = |m: StepMode| match m {
        StepMode::Practice => "Practice",
        StepMode::Assessment => "Assessment",
    };
    match format {
        Format::Text | Format::Xapi => {
            let n = path.steps.len();
            writeln!(
                out,
                "{} — {n} step{}\n",
                path.title,
                if n == 1 { "" } else { "s" }
            )?;
            for (name, p) in positions {
                writeln!(out, "{name}: {}", p.summary())?;
                for s in &p.steps {
                    let line = match &s.state {
                        StepState::Done { score, at, .. } => {
                            format!("  ✓ {}: {score} on {}", s.title, date(*at))
                        }
                        StepState::Available => format!(
                            "  → {}: next ({}, {} needed)",
                            s.title,
                            mode(s.mode),
                            s.required
                        ),
                        StepState::Locked { waiting_for } => {
                            format!("  · {}: after {}", s.title, waiting_for.join(", "))
                        }
                    };
                    writeln!(out, "{line}")?;
                }
                for c in &p.removed {
                    writeln!(
                        out,
                        "  ✓ {} (step `{}`, no longer on the path): {} on {}",
                        c.scenario,
                        c.step,
                        c.score,
                        date(c.at)
                    )?;
                }
                writeln!(out)?;
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "profile",
                "step",
                "scenario",
                "mode",
                "required",
                "state",
                "score",
                "completed",
                "waiting_for",
            ])?;
            for (name, p) in positions {
                for s in &p.steps {
                    let (state, score, at, waiting) = match &s.state {
                        StepState::Done { score, at, .. } => {
                            ("done", score.to_string(), date(*at), String::new())
                        }
                        StepState::Available => {
                            ("available", String::new(), String::new(), String::new())
                        }
                        StepState::Locked { waiting_for } => (
                            "locked",
                            String::new(),
                            String::new(),
                            waiting_for.join("; "),
                        ),
                    };
                    w.write_record([
                        cell(name).as_ref(),
                        cell(&s.id).as_ref(),
                        cell(&s.scenario).as_ref(),
                        mode(s.mode),
                        &s.required.to_string(),
                        state,
                        &score,
                        &at,
                        cell(&waiting).as_ref(),
                    ])?;
                }
                for c in &p.removed {
                    w.write_record([
                        cell(name).as_ref(),
                        cell(&c.step).as_ref(),
                        cell(&c.scenario).as_ref(),
                        "",
                        "",
                        "done, removed from the path",
                        &c.score.to_string(),
                        &date(c.at),
                        "",
                    ])?;
                }
            }
            w.flush()?;
        }
        Format::Json => {
            let trainees: Vec<serde_json::Value> = positions
                .iter()
                .map(|(name, p)| {
                    let steps: Vec<serde_json::Value> = p
                        .steps
                        .iter()
                        .map(|s| {
                            let mut v = serde_json::json!({
                                "step": s.id, "scenario": s.scenario, "title": s.title,
                                "mode": mode(s.mode), "required": s.required,
                            });
                            match &s.state {
                                StepState::Done { score, at, session } => {
                                    v["state"] = "done".into();
                                    v["score"] = (*score).into();
                                    v["completed"] = crate::report::rfc3339(*at).into();
                                    v["session"] = (*session).into();
                                }
                                StepState::Available => v["state"] = "available".into(),
                                StepState::Locked { waiting_for } => {
                                    v["state"] = "locked".into();
                                    v["waiting_for"] = serde_json::json!(waiting_for);
                                }
                            }
                            v
                        })
                        .collect();
                    let removed: Vec<serde_json::Value> = p
                        .removed
                        .iter()
                        .map(|c| {
                            serde_json::json!({"step": c.step, "scenario": c.scenario, "score": c.score,
                                "completed": crate::report::rfc3339(c.at), "session": c.session})
                        })
                        .collect();
                    serde_json::json!({
                        "profile": name, "done": p.done(), "steps_total": p.steps.len(),
                        "complete": p.complete(), "steps": steps, "removed_from_path": removed,
                    })
                })
                .collect();
            let doc = serde_json::json!({"path": path.title, "trainees": trainees});
            serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
