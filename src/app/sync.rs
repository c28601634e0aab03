//! Sending to the library's Learning Record Store from the app: the LRS a supervisor set (its
//! password kept in memory only), a sync in a background thread after each finished session,
//! and the status line the Supervisor screen shows.

use super::library::Library;
use super::progress::Progress;
use super::shift::{ShiftEvent, ShiftSystems};
use super::supervisor::{Access, SupervisorAction, SupervisorView};
use crate::record::Event;
use crate::scenario::Catalog;
use crate::store::{LrsSettings, Store};
use crate::xapi::sync::{Lrs, Options, PASSWORD_VAR, URL_VAR, USER_VAR, endpoint_key, sync};
use bevy::prelude::*;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};

pub fn plugin(app: &mut App) {
    app.init_resource::<SyncLink>()
        .add_systems(Startup, read_settings)
        .add_systems(
            Update,
            (configure, send_after_finishing, collect)
                .chain()
                .after(ShiftSystems),
        );
}

/// Where finished sessions go and how the last sync went.
#[derive(Resource, Default)]
pub struct SyncLink {
    pub settings: Option<LrsSettings>,
    /// Entered on the Supervisor screen or taken from REPLYDESK_LRS_PASSWORD; never written.
    password: Option<String>,
    /// Sessions with statements the LRS has not accepted.
    pub waiting: usize,
    /// The last sync's outcome, in one line.
    pub status: Option<String>,
    /// A sync in progress: its outcome arrives here.
    running: Option<Mutex<Receiver<String>>>,
    /// Sessions finished while a sync ran: another follows it.
    again: bool,
}

impl SyncLink {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Whether a password is known for this run of the app.
    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }

    /// The line the Supervisor screen shows.
    pub fn status_line(&self) -> String {
        let Some(settings) = &self.settings else {
            return "No Learning Record Store is set: records stay on this computer.".into();
        };
        let waiting = match self.waiting {
            0 => "nothing waiting to sync".to_string(),
            1 => "1 session waiting to sync".to_string(),
            n => format!("{n} sessions waiting to sync"),
        };
        let doing = if self.is_running() {
            "sending now…".to_string()
        } else if self.password.is_none() {
            "enter the LRS password to send".to_string()
        } else {
            self.status.clone().unwrap_or_default()
        };
        format!("{} as {}: {waiting}. {doing}", settings.url, settings.user)
            .trim_end_matches([' ', '.'])
            .to_string()
    }
}

/// The LRS as the store remembers it (to show; sending waits for the password, typed on the
/// Supervisor screen with the address it goes to), or, all three from the environment, the
/// address, user and password a supervisor's launcher gives.
fn read_settings(progress: Res<Progress>, mut link: ResMut<SyncLink>) {
    let env = |var: &str| std::env::var(var).ok().filter(|v| !v.trim().is_empty());
    let read = progress.with_store(|s| -> Result<_, crate::store::StoreError> {
        Ok((s.lrs_settings()?, s.sync_status()?))
    });
    if let Some(Ok((settings, status))) = read {
        link.settings = settings;
        link.status = status.map(|(_, text)| text);
    }
    if let (Some(url), Some(user), Some(password)) =
        (env(URL_VAR), env(USER_VAR), env(PASSWORD_VAR))
        && endpoint_key(&url).is_ok()
    {
        link.settings = Some(LrsSettings { url, user });
        link.password = Some(password);
    }
    count_waiting(&progress, &mut link);
}

fn count_waiting(progress: &Progress, link: &mut SyncLink) {
    let Some(settings) = &link.settings else {
        link.waiting = 0;
        return;
    };
    let Ok(key) = endpoint_key(&settings.url) else {
        return;
    };
    if let Some(Ok(n)) = progress.with_store(|s| s.sessions_waiting(&key)) {
        link.waiting = n;
    }
}

/// The Supervisor screen's LRS actions, taken only while it is unlocked.
fn configure(
    mut actions: MessageReader<SupervisorAction>,
    view: Res<SupervisorView>,
    progress: Res<Progress>,
    library: Res<Library>,
    mut link: ResMut<SyncLink>,
) {
    for action in actions.read() {
        if view.access != Access::Open {
            continue;
        }
        match action {
            SupervisorAction::SetLrs {
                url,
                user,
                password,
            } => {
                if let Err(e) = endpoint_key(url) {
                    link.status = Some(e.to_string());
                    continue;
                }
                let settings = LrsSettings {
                    url: url.trim().to_string(),
                    user: user.trim().to_string(),
                };
                if settings.user.is_empty() {
                    link.status = Some("give the LRS user".into());
                    continue;
                }
                if let Some(Err(e)) = progress.with_store(|s| s.set_lrs_settings(Some(&settings))) {
                    link.status = Some(format!("the LRS cannot be kept: {e}"));
                    continue;
                }
                link.settings = Some(settings);
                if !password.is_empty() {
                    link.password = Some(password.clone());
                }
                link.status = None;
                count_waiting(&progress, &mut link);
                start(&progress, &library, &mut link);
            }
            SupervisorAction::ForgetLrs => {
                if let Some(Err(e)) = progress.with_store(|s| s.set_lrs_settings(None)) {
                    link.status = Some(format!("the LRS cannot be forgotten: {e}"));
                    continue;
                }
                link.settings = None;
                link.password = None;
                link.status = None;
                link.waiting = 0;
            }
            SupervisorAction::SyncNow => start(&progress, &library, &mut link),
            _ => {}
        }
    }
}

/// Each finished session goes to the LRS as soon as it is recorded.
fn send_after_finishing(
    mut events: MessageReader<ShiftEvent>,
    progress: Res<Progress>,
    library: Res<Library>,
    mut link: ResMut<SyncLink>,
) {
    let finished = events
        .read()
        .filter(|e| matches!(e.0, Event::Finished(_)))
        .count();
    if finished > 0 {
        count_waiting(&progress, &mut link);
        start(&progress, &library, &mut link);
    }
}

/// Starts a sync in a thread of its own, with its own connection to the store, unless one is
/// running (then another follows it) or the LRS or its password is not known.
fn start(progress: &Progress, library: &Library, link: &mut SyncLink) {
    let (Some(settings), Some(password)) = (link.settings.clone(), link.password.clone()) else {
        return;
    };
    if link.is_running() {
        link.again = true;
        return;
    }
    let Some(dir) = progress
        .with_store(|s| s.path().parent().map(std::path::Path::to_path_buf))
        .flatten()
    else {
        return;
    };
    let catalog = Catalog {
        scenarios: library.entries.clone(),
        ..Catalog::default()
    };
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let outcome = (|| -> Result<String, String> {
            let lrs = Lrs::new(&settings.url, &settings.user, &password, None)
                .map_err(|e| e.to_string())?;
            let (mut store, _) = Store::open(&dir).map_err(|e| e.to_string())?;
            let summary =
                sync(&mut store, &catalog, &lrs, &Options::default(), |_| {}).map_err(|e| {
                    let _ = store.set_sync_status(&e.to_string());
                    e.to_string()
                })?;
            let text = format!(
                "last sync sent {} statement(s) of {} session(s)",
                summary.sent + summary.already_there,
                summary.sessions
            );
            let _ = store.set_sync_status(&text);
            Ok(text)
        })();
        let _ = tx.send(outcome.unwrap_or_else(|e| e));
    });
    link.running = Some(Mutex::new(rx));
    link.again = false;
}

/// A finished sync's outcome becomes the status line; another follows when sessions finished
/// meanwhile.
fn collect(progress: Res<Progress>, library: Res<Library>, mut link: ResMut<SyncLink>) {
    let Some(rx) = &link.running else { return };
    let outcome = match rx.lock().map(|r| r.try_recv()) {
        Ok(Ok(text)) => text,
        Ok(Err(std::sync::mpsc::TryRecvError::Empty)) => return,
        _ => "the sync stopped unexpectedly".to_string(),
    };
    link.running = None;
    link.status = Some(outcome);
    count_waiting(&progress, &mut link);
    if link.again {
        start(&progress, &library, &mut link);
    }
}
