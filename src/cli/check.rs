//! `replydesk check`: every problem in every file, then a one-line summary.

use super::Failure;
use crate::diagnostic::{Diagnostic, Severity, SourceMap};
use crate::scenario::{Kind, SourceFile, catalog};
use crate::stats::{self, Strategy};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(
    paths: &[PathBuf],
    guidelines: Option<&Path>,
    with_stats: bool,
    json: bool,
) -> Result<ExitCode, Failure> {
    let catalog = catalog::load_for_check(paths, guidelines);
    let code = if catalog.error_count() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    if with_stats && json {
        print_stats(&catalog, true)?;
        return Ok(code);
    }
    for d in &catalog.diagnostics {
        println!("{d}\n");
    }
    let errors = catalog.error_count();
    let warnings = catalog.warning_count();
    let path = catalog
        .path
        .as_ref()
        .map(|p| {
            format!(
                " and the onboarding path ({} step{})",
                p.path.steps.len(),
                plural(p.path.steps.len())
            )
        })
        .unwrap_or_default();
    println!(
        "checked {} file{}: {} scenario{}{path} ready, {errors} error{}, {warnings} warning{}",
        catalog.files_read,
        plural(catalog.files_read),
        catalog.scenarios.len(),
        plural(catalog.scenarios.len()),
        plural(errors),
        plural(warnings),
    );
    if !catalog.allowed.is_empty() {
        println!(
            "({} more warning{} accepted with `allow:`)",
            catalog.allowed.len(),
            plural(catalog.allowed.len())
        );
    }
    if with_stats && !catalog.scenarios.is_empty() {
        print_stats(&catalog, false)?;
    }
    Ok(code)
}

/// Runs `work`, showing a progress bar on stderr (a terminal only) once it has taken a second.
fn with_progress<T>(total: u64, work: impl FnOnce(&(dyn Fn(u64) + Sync)) -> T) -> T {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    if let Ok(style) =
        ProgressStyle::with_template("scoring strategies {bar:30} {percent:>3}%  about {eta} left")
    {
        bar.set_style(style);
    }
    let started = std::time::Instant::now();
    let shown = std::sync::atomic::AtomicBool::new(false);
    let result = work(&|n| {
        bar.inc(n);
        if started.elapsed().as_secs() >= 1
            && !shown.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    });
    bar.finish_and_clear();
    result
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_stats(catalog: &crate::scenario::Catalog, json: bool) -> Result<(), Failure> {
    let pack = with_progress(
        catalog.scenarios.len() as u64 * stats::GAMES_PER_SCENARIO,
        |done| stats::pack_stats_counted(catalog, done),
    );
    let guessable = guessable_warnings(&pack);
    if json {
        let mut value = serde_json::to_value(&pack)
            .map_err(|e| Failure::Message(format!("cannot write the statistics as JSON: {e}")))?;
        value["strategy_warnings"] = serde_json::to_value(&guessable)
            .map_err(|e| Failure::Message(format!("cannot write the statistics as JSON: {e}")))?;
        value["diagnostics"] = serde_json::to_value(&catalog.diagnostics)
            .map_err(|e| Failure::Message(format!("cannot write the statistics as JSON: {e}")))?;
        println!("{value:#}");
        return Ok(());
    }
    for d in &guessable {
        println!("{d}\n");
    }
    println!();
    table_row(
        [
            "scenario", "posts", "genu", "obsc", "sarc", "prob", "f-up", "best", "worst", "chance",
            "pass", "2nd%", "long%", "warn", "allow",
        ]
        .map(String::from),
    );
    for s in &pack.scenarios {
        let k = |kind| s.kinds.get(&kind).copied().unwrap_or(0).to_string();
        table_row([
            s.id.clone(),
            s.posts.to_string(),
            k(Kind::Genuine),
            k(Kind::Obscure),
            k(Kind::Sarcastic),
            k(Kind::Problematic),
            s.follow_ups.to_string(),
            s.best.to_string(),
            s.worst.to_string(),
            format!("{:.1}", s.chance),
            s.pass_score.to_string(),
            percent(s.second_best, s.posts),
            percent(s.longer_than_best, s.written_best),
            s.warnings.to_string(),
            s.allowed.to_string(),
        ]);
    }
    let k = |kind| pack.kinds.get(&kind).copied().unwrap_or(0).to_string();
    table_row([
        "total".into(),
        pack.posts.to_string(),
        k(Kind::Genuine),
        k(Kind::Obscure),
        k(Kind::Sarcastic),
        k(Kind::Problematic),
        pack.follow_ups.to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        percent(pack.second_best, pack.posts),
        percent(pack.longer_than_best, pack.written_best),
        pack.warnings.to_string(),
        pack.allowed.to_string(),
    ]);
    println!(
        "2nd%: posts with a defensible second-best (an option scoring 0.5-0.9); long%: posts with a \
written best answer where another option is longer; allow: warnings accepted with `allow:`"
    );

    print!("\n{:<22} {:>5} {:>7}", "surface strategy", "pass", "chance");
    for s in stats::SURFACE {
        print!(" {:>8}", short_name(s));
    }
    println!();
    for s in &pack.scenarios {
        print!("{:<22} {:>5} {:>7.1}", s.id, s.pass_score, s.chance);
        for score in &s.strategies {
            print!(" {:>8.1}", score.mean);
        }
        println!();
    }
    println!(
        "mean scores answering on time: chance over {} seeds, each strategy over {}; a strategy \
falls back to a random option where its cue is absent",
        stats::CHANCE_SEEDS,
        stats::STRATEGY_SEEDS
    );
    for s in stats::SURFACE {
        println!("  {:<9} {}", short_name(s), s.describe());
    }
    if !pack.near_identical_follow_ups.is_empty() {
        println!("\nnear-identical follow-ups:");
        for n in &pack.near_identical_follow_ups {
            println!(
                "  {} and {} ({:.0}% of words shared)",
                n.first,
                n.second,
                n.overlap * 100.0
            );
        }
    }
    println!(
        "\"a like beats an advert\" closers: {}{}",
        pack.like_over_advert.len(),
        if pack.like_over_advert.is_empty() {
            String::new()
        } else {
            format!(" ({})", pack.like_over_advert.join(", "))
        }
    );
    Ok(())
}

/// One row of the make-up table: the scenario's name, then right-aligned figures.
fn table_row(cells: [String; 15]) {
    let widths = [22, 5, 5, 5, 5, 5, 5, 5, 5, 6, 5, 6, 6, 5, 5];
    let mut line = format!("{:<22}", cells[0]);
    for (cell, width) in cells.iter().zip(widths).skip(1) {
        line.push_str(&format!(" {cell:>width$}"));
    }
    println!("{line}");
}

/// A strategy's column heading.
fn short_name(s: Strategy) -> &'static str {
    match s.name() {
        "shortest-reply" => "shortest",
        "always-escalate" => "escalate",
        "always-dm" => "dm",
        "always-like" => "like",
        "always-no-response" => "silence",
        "always-reply" => "reply",
        "always-hide" => "hide",
        "always-report" => "report",
        other => other,
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}

/// A warning at a scenario's `pass_score` for each strategy that comes near it.
pub fn guessable_warnings(pack: &stats::PackStats) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in &pack.scenarios {
        let hits = s.guessable();
        if hits.is_empty() {
            continue;
        }
        let file = SourceFile::read(&s.path).ok();
        for (name, mean) in hits {
            let message = format!(
                "scenario `{}`: the strategy `{name}` ({}) scores {mean:.1} on average, within {} points of the pass mark {} or above it: a trainee could pass without reading",
                s.id,
                strategy_words(name),
                stats::GUESSABLE_MARGIN,
                s.pass_score
            );
            let d = match &file {
                Some(f) => {
                    let span = SourceMap::new(&f.text).field(0, "pass_score");
                    Diagnostic::at_offset(Severity::Warning, &f.path, &f.text, span, message)
                }
                None => {
                    let mut d = Diagnostic::file_error(&s.path, message);
                    d.severity = Severity::Warning;
                    d
                }
            };
            out.push(d.with_code("guessable"));
        }
    }
    out
}

fn strategy_words(name: &str) -> &'static str {
    if name == "chance" {
        return Strategy::Random.describe();
    }
    stats::SURFACE
        .iter()
        .find(|s| s.name() == name)
        .map_or("", |s| s.describe())
}
