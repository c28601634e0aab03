//! `replydesk check`: every problem in every file, then a one-line summary.

use super::Failure;
use crate::scenario::catalog;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(paths: &[PathBuf], guidelines: Option<&Path>) -> Result<ExitCode, Failure> {
    let catalog = catalog::load(paths, guidelines);
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
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
