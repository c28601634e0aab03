//! `replydesk play --answers`: a whole session without a window, printed as text or JSON.

use super::{AppArgs, Failure};
use crate::answers::{parse_answers, play_scripted_timed};
use crate::scenario::{CatalogEntry, SourceFile, catalog};
use crate::scoring::SessionResult;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    app: &AppArgs,
    scenario: &str,
    guidelines: Option<&Path>,
    seed: Option<u64>,
    time_factor: f64,
    answers: &Path,
    json: bool,
    profile: Option<&str>,
) -> Result<ExitCode, Failure> {
    if !(1.0..=crate::session::MAX_TIME_FACTOR).contains(&time_factor) {
        return Err(Failure::Message(format!(
            "--time-factor {time_factor}: extended time is a factor from 1 to {} (2 gives twice each post's time)",
            crate::session::MAX_TIME_FACTOR
        )));
    }
    let entry = resolve(app, scenario, guidelines)?;
    let file = SourceFile::read(answers)?;
    let scripted = parse_answers(&file, &entry.scenario).map_err(Failure::Diagnostics)?;
    let recorder = profile.map(|name| recorder(app, name)).transpose()?;
    let seed = seed.unwrap_or_else(rand::random);
    let run = play_scripted_timed(
        entry.scenario.clone(),
        entry.guidelines.clone(),
        seed,
        time_factor,
        &scripted,
    )
    .map_err(|e| Failure::Message(e.to_string()))?;
    for post in &run.unplayed {
        eprintln!(
            "note: post `{post}` was not played with seed {seed} (not drawn, or its follow-up was not triggered); its answer is ignored"
        );
    }
    // The result is printed even when it cannot be recorded; the reason follows it.
    let recorded = recorder.map_or(Ok(()), |r| record(r, &entry, &run));
    if json {
        let text = serde_json::to_string_pretty(&run.result)
            .map_err(|e| Failure::Message(format!("cannot write the result as JSON: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", summary(&entry, &run.result));
    }
    if profile.is_some() && !json {
        match &recorded {
            Ok(()) => println!(
                "\nrecorded as a scripted run: reports show it as Scripted, never as an assessment"
            ),
            Err(_) => println!("\nnot recorded (see below)"),
        }
    }
    recorded.map(|()| ExitCode::SUCCESS)
}

/// Finds a scenario by path, or by id in the scenarios folder; it must pass the checker.
pub fn resolve(
    app: &AppArgs,
    scenario: &str,
    guidelines: Option<&Path>,
) -> Result<CatalogEntry, Failure> {
    let as_path = Path::new(scenario);
    let catalog = if as_path.is_file() {
        catalog::load(&[as_path.to_path_buf()], guidelines)
    } else {
        let catalog = catalog::load(std::slice::from_ref(&app.scenarios), guidelines);
        if catalog.find(scenario).is_none() {
            let ids: Vec<&str> = catalog
                .scenarios
                .iter()
                .map(|e| e.scenario.id.as_str())
                .collect();
            let known = if ids.is_empty() {
                String::new()
            } else {
                format!(" (the scenarios there are: {})", ids.join(", "))
            };
            let message = format!(
                "no scenario `{scenario}`: it is not a file, nor the id of a playable scenario in {}{known}",
                app.scenarios.display()
            );
            let errors: Vec<_> = catalog
                .diagnostics
                .into_iter()
                .filter(|d| d.is_error())
                .collect();
            return Err(if errors.is_empty() {
                Failure::Message(message)
            } else {
                Failure::Both(
                    errors,
                    format!("{message}; the files above have errors and may hold it"),
                )
            });
        }
        catalog
    };
    let errors: Vec<_> = catalog
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    match catalog
        .scenarios
        .into_iter()
        .find(|e| as_path.is_file() || e.scenario.id == scenario)
    {
        Some(entry) if errors.iter().all(|d| d.file != entry.path) => Ok(entry),
        _ if !errors.is_empty() => Err(Failure::Diagnostics(errors)),
        _ => Err(Failure::Message(format!(
            "{scenario} holds no playable scenario"
        ))),
    }
}

fn summary(entry: &CatalogEntry, r: &SessionResult) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let verdict = if r.passed { "PASSED" } else { "NOT PASSED" };
    let _ = writeln!(s, "{} — seed {}", entry.scenario.title, r.seed);
    let _ = writeln!(
        s,
        "score {} / 100 (pass mark {}): {verdict}",
        r.score, r.pass_score
    );
    if r.time_factor > 1.0 {
        let _ = writeln!(
            s,
            "extended time ×{}: each post's time to answer was {} times its own",
            r.time_factor, r.time_factor
        );
    }
    for p in &r.posts {
        if let Some(b) = &p.breach {
            let how = if b.unanswered {
                "left unanswered when the shift ended"
            } else {
                "the answer chosen"
            };
            let _ = writeln!(
                s,
                "critical breach of {} on `{}`: {how}",
                b.guidelines.join(", "),
                p.post
            );
        }
    }
    let _ = writeln!(s, "\nguidelines:");
    for g in &entry.guidelines.guidelines {
        if let Some(p) = r.guidelines.get(&g.id) {
            let _ = writeln!(s, "  {:>3}%  {}", p, g.title);
        }
    }
    let _ = writeln!(s, "\nbest answers by kind:");
    for (kind, t) in &r.kinds {
        if t.total > 0 {
            let _ = writeln!(s, "  {:<12} {} of {}", kind.name(), t.best, t.total);
        }
    }
    let _ = writeln!(s, "\nposts:");
    for p in &r.posts {
        let chosen = p.option.as_deref().unwrap_or("(no answer)");
        let mark = if p.best { "best" } else { "    " };
        let late = if p.late { " late" } else { "" };
        let _ = writeln!(
            s,
            "  {:>3}%  {mark}  {} -> {chosen}{late}",
            (p.score * 100.0).round(),
            p.post
        );
    }
    s
}

/// Where a headless run will be recorded: a store and an authorised profile, or the reason it
/// cannot be (said after the result, which is still printed).
enum Recorder {
    Ready(crate::store::Store, crate::store::Profile),
    Unavailable(Failure),
}

/// Opens the store and checks the profile's PIN before anything is played: a run is not shown
/// and then thrown away for want of a PIN. A store that cannot be opened is said after the
/// result.
fn recorder(app: &AppArgs, name: &str) -> Result<Recorder, Failure> {
    let opened = super::open_store(app).and_then(|store| {
        let profile = store
            .profile(name)
            .map_err(|e| Failure::Message(format!("not recorded: {e}")))?;
        Ok((store, profile))
    });
    match opened {
        Ok((mut store, profile)) => {
            super::access::profile_gate(&mut store, &profile)?;
            Ok(Recorder::Ready(store, profile))
        }
        Err(e) => Ok(Recorder::Unavailable(e)),
    }
}

/// Stores a headless run as the app would (the session, each answer, then the result), in its
/// own mode, Scripted: a file of answers is not a person at the desk.
fn record(
    recorder: Recorder,
    entry: &CatalogEntry,
    run: &crate::answers::ScriptedRun,
) -> Result<(), Failure> {
    let (mut store, profile) = match recorder {
        Recorder::Ready(store, profile) => (store, profile),
        Recorder::Unavailable(e) => return Err(e),
    };
    store
        .record_run(
            &profile,
            &entry.scenario.id,
            &entry.content_hash,
            crate::record::Mode::Scripted,
            &run.result,
        )
        .map(|_| ())
        .map_err(|e| Failure::Message(format!("not recorded: {e}")))
}
