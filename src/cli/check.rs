//! `replydesk check`: every problem in every file, then a one-line summary.

use super::Failure;
use crate::scenario::catalog;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(paths: &[PathBuf], guidelines: Option<&Path>, stats: bool) -> Result<ExitCode, Failure> {
    let catalog = catalog::load_for_check(paths, guidelines);
    for d in &catalog.diagnostics {
        println!("{d}\n");
    }
    let errors = catalog.error_count();
    let warnings = catalog.warning_count();
    println!(
        "checked {} file{}: {} scenario{} ready, {errors} error{}, {warnings} warning{}",
        catalog.files_read,
        plural(catalog.files_read),
        catalog.scenarios.len(),
        plural(catalog.scenarios.len()),
        plural(errors),
        plural(warnings),
    );
    if stats && !catalog.scenarios.is_empty() {
        print_stats(&catalog);
    }
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_stats(catalog: &crate::scenario::Catalog) {
    use crate::scenario::Kind;
    println!(
        "\n{:<24} {:>7} {:>7} {:>9} {:>11} {:>9} {:>5} {:>5} {:>6} {:>5}",
        "scenario",
        "genuine",
        "obscure",
        "sarcastic",
        "problematic",
        "follow-up",
        "best",
        "worst",
        "chance",
        "pass"
    );
    let mut totals = [0usize; 5];
    for entry in &catalog.scenarios {
        let s = crate::stats::scenario_stats(entry);
        let k = |kind| s.kinds.get(&kind).copied().unwrap_or(0);
        println!(
            "{:<24} {:>7} {:>7} {:>9} {:>11} {:>9} {:>5} {:>5} {:>6.1} {:>5}",
            s.id,
            k(Kind::Genuine),
            k(Kind::Obscure),
            k(Kind::Sarcastic),
            k(Kind::Problematic),
            s.follow_ups,
            s.best,
            s.worst,
            s.chance,
            s.pass_score
        );
        for (i, n) in [
            k(Kind::Genuine),
            k(Kind::Obscure),
            k(Kind::Sarcastic),
            k(Kind::Problematic),
            s.follow_ups,
        ]
        .into_iter()
        .enumerate()
        {
            totals[i] += n;
        }
    }
    println!(
        "{:<24} {:>7} {:>7} {:>9} {:>11} {:>9}",
        "total", totals[0], totals[1], totals[2], totals[3], totals[4]
    );
    println!(
        "chance: the mean score of random answers given on time, over {} seeds",
        crate::stats::CHANCE_SEEDS
    );
}
