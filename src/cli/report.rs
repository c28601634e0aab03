//! `replydesk report`: progress for one trainee, or for everyone behind the supervisor passphrase.

use super::{AppArgs, Failure};
use crate::report::{Format, build};
use crate::scenario::catalog;
use crate::store::{Store, data_dir};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Where scripts give the passphrase.
pub const PASSPHRASE_VAR: &str = "REPLYDESK_SUPERVISOR_PASSPHRASE";

pub fn run(
    app: &AppArgs,
    profile: Option<&str>,
    format: Format,
    responses: bool,
    items: Option<&str>,
    out: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let fail = |e: crate::store::StoreError| Failure::Message(e.to_string());
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
        let (store, notice) = Store::open(&data_dir(app.data_dir.as_deref())).map_err(fail)?;
        if let Some(notice) = notice {
            eprintln!("replydesk: {notice}");
        }
        supervisor_gate(&store)?;
        let (stats, skipped) = crate::item_analysis::from_store(&store, entry).map_err(fail)?;
        let text =
            crate::report::items(entry, &stats, skipped, format).map_err(Failure::Message)?;
        return write_out(&text, out, &format!("{} posts", stats.len()));
    }
    if format == Format::Json {
        return Err(Failure::Message(
            "--format json is for --items SCENARIO; sessions come as text, csv or xapi".into(),
        ));
    }
    let (store, notice) = Store::open(&data_dir(app.data_dir.as_deref())).map_err(fail)?;
    if let Some(notice) = notice {
        eprintln!("replydesk: {notice}");
    }
    let rows = store.roster().map_err(fail)?;
    let rows = match profile {
        Some(name) => {
            let Some(p) = store.find_profile(name).map_err(fail)? else {
                return Err(Failure::Message(format!(
                    "there is no profile named `{name}`"
                )));
            };
            rows.into_iter().filter(|r| r.profile == p.name).collect()
        }
        None => {
            supervisor_gate(&store)?;
            rows
        }
    };
    let catalog = catalog::load(std::slice::from_ref(&app.scenarios), None);
    let text = build(&store, &catalog, &rows, format, responses).map_err(fail)?;
    write_out(&text, out, &format!("{} sessions", rows.len()))
}

/// Prints a report, or writes it to a file beside which it was made and renamed, so a failed
/// write never leaves half a report.
fn write_out(text: &str, out: Option<&Path>, what: &str) -> Result<ExitCode, Failure> {
    match out {
        Some(path) => {
            let tmp = path.with_extension("partial");
            std::fs::write(&tmp, text)
                .and_then(|_| std::fs::rename(&tmp, path))
                .map_err(|e| Failure::Message(format!("cannot write {}: {e}", path.display())))?;
            eprintln!("wrote {} ({what})", path.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Everyone's records need the supervisor passphrase: from the environment, else asked for on
/// a terminal. The first time, the passphrase given becomes the passphrase.
fn supervisor_gate(store: &Store) -> Result<(), Failure> {
    let fail = |e: crate::store::StoreError| Failure::Message(e.to_string());
    let first_time = !store.has_passphrase().map_err(fail)?;
    let given = match std::env::var(PASSPHRASE_VAR) {
        Ok(p) => p,
        Err(_) if std::io::stdin().is_terminal() => {
            let prompt = if first_time {
                "Set a supervisor passphrase (8+ characters): "
            } else {
                "Supervisor passphrase: "
            };
            let first = rpassword::prompt_password(prompt)
                .map_err(|e| Failure::Message(format!("cannot read the passphrase: {e}")))?;
            if first_time {
                let again = rpassword::prompt_password("Again: ")
                    .map_err(|e| Failure::Message(format!("cannot read the passphrase: {e}")))?;
                if again != first {
                    return Err(Failure::Message(
                        "the two passphrases differ; nothing was set".into(),
                    ));
                }
            }
            first
        }
        Err(_) => {
            return Err(Failure::Message(format!(
                "a report for every profile needs the supervisor passphrase: set {PASSPHRASE_VAR}, run it on a terminal, or pass --profile NAME"
            )));
        }
    };
    if first_time {
        store.set_passphrase(&given).map_err(fail)?;
        eprintln!("supervisor passphrase set");
        return Ok(());
    }
    if store.check_passphrase(&given).map_err(fail)? {
        Ok(())
    } else {
        Err(Failure::Message("wrong supervisor passphrase".into()))
    }
}
