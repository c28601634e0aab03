//! `replydesk report`: progress for one trainee (behind their PIN, if they set one), or for
//! everyone behind the supervisor passphrase; printed, or written whole to a file.

use super::access::{profile_gate, supervisor_gate};
use super::{AppArgs, Failure, open_store};
use crate::report::{Context, Format, ReportError, write};
use crate::scenario::catalog;
use crate::store::data_dir;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    app: &AppArgs,
    profile: Option<&str>,
    format: Format,
    responses: bool,
    items: Option<&str>,
    out: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let fail = |e: crate::store::StoreError| Failure::Message(e.to_string());
    let failed = |e: ReportError| Failure::Message(e.to_string());
    if let Some(id) = items {
        if format == Format::Xapi {
            return Err(Failure::Message(
                "--items comes as --format text, csv or json".into(),
            ));
        }
        // Check the scenario before asking for the passphrase.
        let catalog = catalog::load(std::slice::from_ref(&app.scenarios), None);
        let Some(entry) = catalog.find(id) else {
            let ids: Vec<&str> = catalog
                .scenarios
                .iter()
                .map(|e| e.scenario.id.as_str())
                .collect();
            return Err(Failure::Message(format!(
                "no scenario `{id}` in {} (the scenarios there are: {})",
                app.scenarios.display(),
                ids.join(", ")
            )));
        };
        let mut store = open_store(app)?;
        supervisor_gate(&mut store)?;
        let context = Context::read(&store).map_err(fail)?;
        let (stats, skipped) = crate::item_analysis::from_store(&store, entry).map_err(fail)?;
        let text =
            crate::report::items(entry, &stats, skipped, format, &context).map_err(failed)?;
        return write_out(app, out, &format!("{} posts", stats.len()), |w| {
            w.write_all(text.as_bytes()).map_err(ReportError::from)
        });
    }
    if format == Format::Json {
        return Err(Failure::Message(
            "--format json is for --items SCENARIO; sessions come as text, csv or xapi".into(),
        ));
    }
    if responses && format != Format::Csv {
        return Err(Failure::Message(
            "--responses is for --format csv (one row per answer); text and xapi always hold every answer".into(),
        ));
    }
    let mut store = open_store(app)?;
    let rows = store.roster().map_err(fail)?;
    let rows = match profile {
        Some(name) => {
            let Some(p) = store.find_profile(name).map_err(fail)? else {
                return Err(Failure::Message(format!(
                    "there is no profile named `{name}`"
                )));
            };
            profile_gate(&mut store, &p)?;
            rows.into_iter().filter(|r| r.profile == p.name).collect()
        }
        None => {
            supervisor_gate(&mut store)?;
            rows
        }
    };
    let context = Context::read(&store).map_err(fail)?;
    let catalog = catalog::load(std::slice::from_ref(&app.scenarios), None);
    write_out(app, out, &format!("{} sessions", rows.len()), |w| {
        write(&store, &catalog, &rows, format, responses, &context, w)
    })
}

/// `report --path`: every trainee's position on the onboarding path (one with --profile, behind
/// their PIN; everyone behind the supervisor passphrase).
pub fn run_path(
    app: &AppArgs,
    profile: Option<&str>,
    format: Format,
    out: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let fail = |e: crate::store::StoreError| Failure::Message(e.to_string());
    if format == Format::Xapi {
        return Err(Failure::Message(
            "--path comes as --format text, csv or json".into(),
        ));
    }
    let catalog = catalog::load(std::slice::from_ref(&app.scenarios), None);
    let Some(loaded) = catalog.path.clone() else {
        let file = app.scenarios.join(crate::onboarding::FILE_NAME);
        return Err(Failure::Message(if file.exists() {
            format!(
                "{} has errors: run `replydesk check {}` to see them",
                file.display(),
                app.scenarios.display()
            )
        } else {
            format!(
                "there is no onboarding path: {} does not exist (see docs/authoring.md, \"The onboarding path\")",
                file.display()
            )
        }));
    };
    let mut store = open_store(app)?;
    let profiles = match profile {
        Some(name) => {
            let Some(p) = store.find_profile(name).map_err(fail)? else {
                return Err(Failure::Message(format!(
                    "there is no profile named `{name}`"
                )));
            };
            profile_gate(&mut store, &p)?;
            vec![p]
        }
        None => {
            supervisor_gate(&mut store)?;
            store.profiles().map_err(fail)?
        }
    };
    let mut positions = Vec::new();
    for p in &profiles {
        let position =
            crate::onboarding::position(&store, p, &loaded.path, &catalog.scenarios, false)
                .map_err(fail)?;
        positions.push((p.name.clone(), position));
    }
    write_out(app, out, &format!("{} trainees", positions.len()), |w| {
        crate::onboarding::report(&loaded.path, &positions, format, w)
    })
}

/// Prints a report, or writes it to a file whole or not at all (see [`crate::files::write_atomic`]):
/// never over the store itself, a symbolic link, or anything that is not a regular file.
fn write_out(
    app: &AppArgs,
    out: Option<&Path>,
    what: &str,
    report: impl FnOnce(&mut dyn Write) -> Result<(), ReportError>,
) -> Result<ExitCode, Failure> {
    match out {
        Some(path) => {
            let dir = data_dir(app.data_dir.as_deref());
            let mut inner = None;
            let written = crate::files::write_atomic(path, &dir, crate::store::FILE_NAME, |w| {
                report(w).map_err(|e| match e {
                    ReportError::Io(e) => e,
                    other => {
                        let message = other.to_string();
                        inner = Some(other);
                        std::io::Error::other(message)
                    }
                })
            });
            if let Some(e) = inner {
                return Err(Failure::Message(e.to_string()));
            }
            written
                .map_err(|e| Failure::Message(format!("cannot write {}: {e}", path.display())))?;
            eprintln!("wrote {} ({what})", path.display());
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            report(&mut w)
                .and_then(|_| w.flush().map_err(ReportError::from))
                .map_err(|e| Failure::Message(e.to_string()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
