//! `replydesk sync`: every statement not yet accepted, to a Learning Record Store, behind the
//! supervisor passphrase (it sends everyone's records).

use super::access::{secret, supervisor_gate};
use super::{AppArgs, Failure, open_store};
use crate::scenario::catalog;
use crate::xapi::sync::{Lrs, Options, PASSWORD_VAR, USER_VAR, endpoint_key, pending, sync};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

pub struct Args {
    pub lrs: Option<String>,
    pub user: Option<String>,
    pub ca: Option<PathBuf>,
    pub dry_run: bool,
    pub batch: usize,
}

pub fn run(app: &AppArgs, args: Args) -> Result<ExitCode, Failure> {
    let message = |e: &dyn std::fmt::Display| Failure::Message(e.to_string());
    let mut store = open_store(app)?;
    // The address is always given here, never read from the store: a store anyone on this
    // account can edit must not decide where the password and everyone's records go.
    let Some(url) = args.lrs else {
        return Err(Failure::Message(
            "say where to send: replydesk sync --lrs URL --lrs-user USER (the LRS's xAPI endpoint, e.g. http://127.0.0.1:8100/xAPI/)".into(),
        ));
    };
    let key = endpoint_key(&url).map_err(|e| message(&e))?;
    let ca = match &args.ca {
        Some(path) => Some(std::fs::read(path).map_err(|e| {
            Failure::Message(format!(
                "cannot read the --lrs-ca file {}: {e}",
                path.display()
            ))
        })?),
        None => None,
    };
    supervisor_gate(&mut store)?;
    let catalog = catalog::load(std::slice::from_ref(&app.scenarios), None);

    if args.dry_run {
        let mut by_session: BTreeMap<i64, usize> = BTreeMap::new();
        let waiting = pending(&store, &catalog, &key, |s| {
            *by_session.entry(s.session_id).or_default() += 1;
            Ok(())
        })
        .map_err(|e| message(&e))?;
        let total: usize = by_session.values().sum();
        println!(
            "Would send {total} statement(s) of {} session(s) to {key}; {} were accepted before. Nothing was sent.",
            by_session.len(),
            waiting.accepted_before
        );
        if !waiting.held_back.is_empty() {
            println!("{}", held_back(&waiting.held_back, &app.scenarios));
        }
        let rows = store.roster().map_err(|e| message(&e))?;
        for row in rows
            .iter()
            .filter(|r| by_session.contains_key(&r.session.id))
        {
            let s = &row.session;
            let title = catalog
                .find(&s.scenario_id)
                .map_or(s.scenario_id.as_str(), |e| e.scenario.title.as_str());
            println!(
                "  session {}: {} · {title} · {} · {} statement(s)",
                s.id,
                row.profile,
                s.mode.label(),
                by_session[&s.id]
            );
        }
        return Ok(ExitCode::SUCCESS);
    }

    let user = args
        .user
        .or_else(|| {
            std::env::var(USER_VAR)
                .ok()
                .filter(|u| !u.trim().is_empty())
        })
        .ok_or_else(|| {
            Failure::Message(format!(
                "no LRS user: give --lrs-user USER or set {USER_VAR}"
            ))
        })?;
    let password = secret(
        PASSWORD_VAR,
        &format!("Password of {user} at the LRS: "),
        false,
        "LRS password",
    )?;
    let lrs = Lrs::new(&url, &user, &password, ca.as_deref()).map_err(|e| message(&e))?;
    let options = Options {
        batch: args.batch,
        ..Options::default()
    };
    let terminal = std::io::stderr().is_terminal();
    let result = sync(&mut store, &catalog, &lrs, &options, |so_far| {
        if terminal {
            eprint!(
                "\rsent {} statement(s)…",
                so_far.sent + so_far.already_there
            );
        }
    });
    if terminal {
        eprint!("\r\x1b[K");
    }
    let status = match &result {
        Ok(s) => format!(
            "{} statement(s) of {} session(s) sent to {}{}",
            s.sent,
            s.sessions,
            lrs.endpoint(),
            if s.already_there > 0 {
                format!("; {} it had already", s.already_there)
            } else {
                String::new()
            }
        ),
        Err(e) => e.to_string(),
    };
    // Said where the Supervisor screen shows it too; a failure to note it is not the sync's.
    let _ = store.set_sync_status(&status);
    match result {
        Ok(summary) => {
            println!(
                "{status}. {} were accepted before.",
                summary.accepted_before
            );
            if summary.held_back.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                Err(Failure::Message(held_back(
                    &summary.held_back,
                    &app.scenarios,
                )))
            }
        }
        Err(e) => Err(message(&e)),
    }
}

/// Sessions not sent because their scenarios are not in the folder, in one sentence.
fn held_back(sessions: &[(i64, String)], folder: &std::path::Path) -> String {
    let mut scenarios: Vec<&str> = sessions.iter().map(|(_, s)| s.as_str()).collect();
    scenarios.sort();
    scenarios.dedup();
    format!(
        "{} session(s) were not sent: their scenario(s) ({}) are not in {}, and a statement needs the scenario's options and the library's address. Run sync where the scenarios folder is, or give --scenarios DIR",
        sessions.len(),
        scenarios.join(", "),
        folder.display()
    )
}
