//! Who may see and write what from the shell: `supervisor init|reset`, `pin`, and the gates
//! (supervisor passphrase, trainee PIN) that reports and recording pass through.

use super::Failure;
use crate::store::{Profile, Store, StoreError, Verdict};
use std::io::IsTerminal;

/// Where an unattended install or a script gives the supervisor passphrase.
pub const PASSPHRASE_VAR: &str = "REPLYDESK_SUPERVISOR_PASSPHRASE";
/// Where a script gives a trainee's PIN.
pub const PIN_VAR: &str = "REPLYDESK_PIN";
/// Where a script gives the new PIN for `replydesk pin`.
pub const NEW_PIN_VAR: &str = "REPLYDESK_NEW_PIN";

/// What `replydesk supervisor` does.
#[derive(Debug, Clone, Copy, PartialEq, clap::Subcommand)]
pub enum SupervisorCommand {
    /// Set the supervisor passphrase for the first time (asked twice on a terminal, or taken
    /// from REPLYDESK_SUPERVISOR_PASSPHRASE). Refused once one is set.
    Init,
    /// Replace a lost supervisor passphrase. Anyone with this computer account can do this, so
    /// it is recorded, and its date shows in every later supervisor view and report.
    Reset,
    /// Give the --profile trainee extended time for assessments: each post's own time times
    /// FACTOR (2 or 3 as WCAG 2.2.1 asks; 1 takes it away). Needs the passphrase; recorded.
    ExtendTime {
        #[arg(long, value_name = "FACTOR", allow_negative_numbers = true)]
        factor: f64,
    },
}

fn fail(e: StoreError) -> Failure {
    Failure::Message(e.to_string())
}

/// Reads a secret: from `var` if set, else asked for (twice when `confirm`) on a terminal.
pub(super) fn secret(
    var: &str,
    prompt: &str,
    confirm: bool,
    what: &str,
) -> Result<String, Failure> {
    if let Ok(given) = std::env::var(var) {
        return Ok(given);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Message(format!(
            "this needs the {what}: run it on a terminal, or set {var}"
        )));
    }
    let read = |p: &str| {
        rpassword::prompt_password(p)
            .map_err(|e| Failure::Message(format!("cannot read the {what}: {e}")))
    };
    let first = read(prompt)?;
    if confirm && read("Again: ")? != first {
        return Err(Failure::Message(format!(
            "the two {what}s differ; nothing was changed"
        )));
    }
    Ok(first)
}

/// A new supervisor passphrase, from the environment or typed twice.
fn new_passphrase() -> Result<String, Failure> {
    secret(
        PASSPHRASE_VAR,
        "New supervisor passphrase (8 or more characters that are not spaces): ",
        true,
        "supervisor passphrase",
    )
}

/// `replydesk supervisor init` and `replydesk supervisor reset`.
pub fn supervisor(
    store: &mut Store,
    command: SupervisorCommand,
    profile: Option<&str>,
) -> Result<(), Failure> {
    match command {
        SupervisorCommand::ExtendTime { factor } => {
            let Some(name) = profile else {
                return Err(Failure::Message(
                    "say whose time: replydesk supervisor extend-time --profile NAME --factor 2"
                        .into(),
                ));
            };
            let Some(p) = store.find_profile(name).map_err(fail)? else {
                return Err(Failure::Message(format!(
                    "there is no profile named `{name}`"
                )));
            };
            supervisor_gate(store)?;
            store.set_assessment_time_factor(&p, factor).map_err(fail)?;
            if factor == 1.0 {
                eprintln!("{}'s assessments give each post its own time again", p.name);
            } else {
                eprintln!(
                    "{}'s assessments now give each post {factor} times its own time; every session records the time it was played with",
                    p.name
                );
            }
        }
        SupervisorCommand::Init => {
            if store.has_passphrase().map_err(fail)? {
                return Err(fail(StoreError::PassphraseAlreadySet));
            }
            eprintln!(
                "The supervisor passphrase guards every trainee's records on this computer. \
                 Only the supervisor should set it; a trainee must not."
            );
            let given = new_passphrase()?;
            store.init_passphrase(&given).map_err(fail)?;
            eprintln!("supervisor passphrase set");
        }
        SupervisorCommand::Reset => {
            let given = new_passphrase()?;
            let who = std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "unknown account".into());
            store
                .reset_passphrase(&given, &format!("by `replydesk supervisor reset` as {who}"))
                .map_err(fail)?;
            eprintln!(
                "supervisor passphrase reset; this reset and its date now show in every supervisor view and report"
            );
        }
    }
    Ok(())
}

/// Everyone's records need the supervisor passphrase, from the environment or a terminal.
/// Nothing here ever sets it.
pub fn supervisor_gate(store: &mut Store) -> Result<(), Failure> {
    if !store.has_passphrase().map_err(fail)? {
        return Err(fail(StoreError::NoPassphrase));
    }
    if std::env::var_os(PASSPHRASE_VAR).is_none() && !std::io::stdin().is_terminal() {
        return Err(Failure::Message(format!(
            "this needs the supervisor passphrase: set {PASSPHRASE_VAR} or run it on a terminal (a trainee's own report needs only --profile NAME)"
        )));
    }
    let given = secret(
        PASSPHRASE_VAR,
        "Supervisor passphrase: ",
        false,
        "supervisor passphrase",
    )?;
    verdict(
        store.verify_passphrase(&given).map_err(fail)?,
        "supervisor passphrase",
    )
}

/// A profile with a PIN needs it (or the supervisor passphrase, when given in the environment).
pub fn profile_gate(store: &mut Store, profile: &Profile) -> Result<(), Failure> {
    if !store.has_pin(profile).map_err(fail)? {
        return Ok(());
    }
    if std::env::var_os(PIN_VAR).is_none() && std::env::var_os(PASSPHRASE_VAR).is_some() {
        return supervisor_gate(store);
    }
    let given = secret(
        PIN_VAR,
        &format!("PIN for {}: ", profile.name),
        false,
        &format!("PIN of {}", profile.name),
    )?;
    verdict(store.verify_pin(profile, &given).map_err(fail)?, "PIN")
}

fn verdict(v: Verdict, what: &str) -> Result<(), Failure> {
    match v.message(what) {
        None => Ok(()),
        Some(m) => Err(Failure::Message(m)),
    }
}

/// `replydesk pin --profile NAME [--clear]`: sets, changes or removes a trainee's PIN. A first
/// PIN needs the supervisor passphrase (so no one can lock another trainee out); changing or
/// removing one needs the current PIN, or the supervisor passphrase in the environment.
pub fn pin(store: &mut Store, name: &str, clear: bool) -> Result<(), Failure> {
    let Some(profile) = store.find_profile(name).map_err(fail)? else {
        return Err(Failure::Message(format!(
            "there is no profile named `{name}`"
        )));
    };
    if store.has_pin(&profile).map_err(fail)? {
        profile_gate(store, &profile)?;
    } else if clear {
        return Err(Failure::Message(format!(
            "{} has no PIN: there is nothing to clear",
            profile.name
        )));
    } else {
        // Anyone could otherwise put a PIN on someone else's profile and shut them out of it.
        if std::env::var_os(PASSPHRASE_VAR).is_none() && !std::io::stdin().is_terminal() {
            return Err(Failure::Message(format!(
                "{} has no PIN yet: a first PIN is set with the supervisor, who gives the supervisor passphrase ({PASSPHRASE_VAR} or a terminal)",
                profile.name
            )));
        }
        supervisor_gate(store)?;
    }
    if clear {
        store.set_pin(&profile, None).map_err(fail)?;
        eprintln!("{} has no PIN now", profile.name);
        return Ok(());
    }
    let new = secret(
        NEW_PIN_VAR,
        &format!("New PIN for {} (4 or more characters): ", profile.name),
        true,
        "new PIN",
    )?;
    store.set_pin(&profile, Some(&new)).map_err(fail)?;
    eprintln!(
        "PIN set for {}: the app and `report --profile` now ask for it",
        profile.name
    );
    Ok(())
}
