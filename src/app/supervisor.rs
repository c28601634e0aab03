//! The supervisor's records in the app: setting the passphrase the first time or unlocking with
//! it, then the roster (searched, filtered, sorted, exported), a trainee's page and item
//! statistics; all forgotten on leaving the screen.

use super::library::Library;
use super::progress::Progress;
use super::screens::Screen;
use crate::item_analysis::ItemStats;
use crate::roster::Line;
use crate::roster::trainees::{self, Counts, Query, Trainee};
use crate::store::StoredSession;
use bevy::prelude::*;
use std::path::PathBuf;

pub fn plugin(app: &mut App) {
    app.add_message::<SupervisorAction>()
        .init_resource::<SupervisorView>()
        .init_resource::<IdleLock>()
        // Read to see whether anyone is there (registered here too for headless apps).
        .add_message::<bevy::input::keyboard::KeyboardInput>()
        .add_message::<bevy::input::mouse::MouseButtonInput>()
        .add_message::<bevy::input::mouse::MouseWheel>()
        .add_systems(OnEnter(Screen::Supervisor), lock)
        .add_systems(
            OnExit(Screen::Supervisor),
            |mut view: ResMut<SupervisorView>| {
                *view = SupervisorView {
                    visit: view.visit,
                    ..SupervisorView::default()
                }
            },
        )
        .add_systems(
            Update,
            (apply, lock_when_idle).run_if(in_state(Screen::Supervisor)),
        );
}

/// The open records lock themselves after this long without a key, click or scroll (10
/// minutes), so that a supervisor who walks away does not leave them to whoever sits down next.
#[derive(Resource, Debug, Clone, Copy)]
pub struct IdleLock(pub std::time::Duration);

impl Default for IdleLock {
    fn default() -> Self {
        Self(std::time::Duration::from_secs(10 * 60))
    }
}

/// Locks the open screen after [`IdleLock`] without input (`app::redraw` wakes the app to
/// look while it is open).
fn lock_when_idle(
    mut keys: MessageReader<bevy::input::keyboard::KeyboardInput>,
    mut buttons: MessageReader<bevy::input::mouse::MouseButtonInput>,
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
    mut last_input: Local<Option<std::time::Instant>>,
    idle_lock: Res<IdleLock>,
    progress: Res<Progress>,
    mut view: ResMut<SupervisorView>,
) {
    let input = keys.read().count() + buttons.read().count() + wheel.read().count() > 0;
    if view.access != Access::Open {
        *last_input = None;
        return;
    }
    let now = std::time::Instant::now();
    let since = last_input.get_or_insert(now);
    if input {
        *since = now;
    } else if now.duration_since(*since) >= idle_lock.0 {
        *last_input = None;
        relock(&progress, &mut view);
        view.message = Some(format!(
            "Locked after {} minutes without use.",
            idle_lock.0.as_secs() / 60
        ));
    }
}

/// What the Supervisor screen asks for.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum SupervisorAction {
    /// Set the first passphrase, typed twice.
    SetFirst {
        passphrase: String,
        again: String,
    },
    Unlock(String),
    /// Show the item statistics of a scenario.
    ShowItems(String),
    /// Send finished sessions to this Learning Record Store (the password is kept in memory
    /// only, for as long as the app runs).
    SetLrs {
        url: String,
        user: String,
        password: String,
    },
    /// Stop sending, and forget the LRS.
    ForgetLrs,
    /// Send what waits, now.
    SyncNow,
    /// Search, filter and sort the roster so.
    SetQuery(Query),
    /// Open a trainee's page (by name), read-only.
    OpenTrainee(String),
    /// Back from the trainee's page to the roster.
    CloseTrainee,
    /// Show the debrief of one of the open trainee's stored sessions.
    ShowDebrief(i64),
    /// Write the roster as shown (searched, filtered, sorted) to this CSV file.
    ExportCsv(PathBuf),
}

/// A trainee's page: every session, the charts, the lines per scenario and a chosen debrief.
#[derive(Debug, Default)]
pub struct TraineePage {
    pub name: String,
    pub sessions: Vec<StoredSession>,
    /// (session id, guideline id, percent) of sessions at the desk, oldest first.
    pub guideline_history: Vec<(i64, String, u32)>,
    /// The trainee's sessions summarised per scenario.
    pub lines: Vec<Line>,
    /// The debrief asked for, or why it cannot be shown.
    pub debrief: Option<Result<super::shift::Debrief, String>>,
}

/// Where the screen stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    /// No store is open: nothing to show.
    #[default]
    NoStore,
    /// No passphrase is set yet: the first-time form.
    FirstTime,
    Locked,
    Open,
}

/// What the Supervisor screen shows.
#[derive(Resource, Debug, Default)]
pub struct SupervisorView {
    /// Counts visits of the screen, so what was typed on an earlier one is dropped.
    pub visit: u64,
    pub access: Access,
    /// What the last attempt was told.
    pub message: Option<String>,
    /// When the passphrase was last reset or the store replaced, said above everything once open.
    pub access_notes: Vec<String>,
    /// Every trainee's sessions per scenario.
    pub roster: Vec<Line>,
    /// One line per trainee.
    pub trainees: Vec<Trainee>,
    /// What the roster is searched, filtered and sorted by.
    pub query: Query,
    /// The trainees shown, in order (indexes into `trainees`).
    pub shown: Vec<usize>,
    pub counts: Counts,
    /// When the roster was read (seconds since 1970): "days ago" count from it.
    pub now: i64,
    pub trainee: Option<TraineePage>,
    /// What the last export did.
    pub export_note: Option<Result<String, String>>,
    pub scenario: Option<String>,
    pub items: Vec<ItemStats>,
}

fn lock(progress: Res<Progress>, mut view: ResMut<SupervisorView>) {
    relock(&progress, &mut view);
}

/// The screen as it is before the passphrase: nothing read, what was typed forgotten.
fn relock(progress: &Progress, view: &mut SupervisorView) {
    let (access, message) = match progress.with_store(|s| s.has_passphrase()) {
        None => (Access::NoStore, None),
        Some(Ok(false)) => (Access::FirstTime, None),
        Some(Ok(true)) => (Access::Locked, None),
        Some(Err(e)) => (Access::NoStore, Some(e.to_string())),
    };
    *view = SupervisorView {
        visit: view.visit + 1,
        access,
        message,
        ..SupervisorView::default()
    };
}

fn apply(
    mut actions: MessageReader<SupervisorAction>,
    progress: Res<Progress>,
    library: Res<Library>,
    mut view: ResMut<SupervisorView>,
) {
    for action in actions.read() {
        match action {
            SupervisorAction::SetFirst { passphrase, again } => {
                if view.access != Access::FirstTime {
                    continue;
                }
                if passphrase != again {
                    view.message = Some("the two passphrases differ".into());
                    continue;
                }
                match progress.with_store(|s| s.init_passphrase(passphrase)) {
                    Some(Ok(())) => open(&progress, &library, &mut view),
                    Some(Err(e)) => view.message = Some(e.to_string()),
                    None => {}
                }
            }
            SupervisorAction::Unlock(passphrase) => {
                if view.access != Access::Locked {
                    continue;
                }
                match progress.with_store(|s| s.verify_passphrase(passphrase)) {
                    Some(Ok(verdict)) => match verdict.message("passphrase") {
                        None => open(&progress, &library, &mut view),
                        Some(m) => view.message = Some(m),
                    },
                    Some(Err(e)) => view.message = Some(e.to_string()),
                    None => {}
                }
            }
            SupervisorAction::ShowItems(id) => {
                if view.access != Access::Open {
                    continue;
                }
                let Some(entry) = library.find(id) else {
                    continue;
                };
                view.scenario = Some(id.clone());
                view.items = progress
                    .with_store(|s| crate::item_analysis::from_store(s, entry))
                    .and_then(Result::ok)
                    .map(|(items, _)| items)
                    .unwrap_or_default();
            }
            SupervisorAction::SetQuery(query) => {
                if view.access != Access::Open {
                    continue;
                }
                view.query = query.clone();
                view.shown = view.query.apply(&view.trainees, view.now);
                view.counts =
                    trainees::counts(&view.trainees, view.now, view.query.inactive_after_days);
            }
            SupervisorAction::OpenTrainee(name) => {
                if view.access != Access::Open {
                    continue;
                }
                view.trainee = match trainee_page(&progress, &view, name) {
                    Ok(page) => Some(page),
                    Err(e) => {
                        view.message = Some(e);
                        None
                    }
                };
            }
            SupervisorAction::CloseTrainee => view.trainee = None,
            SupervisorAction::ShowDebrief(id) => {
                if view.access != Access::Open {
                    continue;
                }
                if let Some(page) = view.trainee.as_mut() {
                    page.debrief = Some(super::progress::stored_debrief(
                        &progress,
                        &library,
                        &page.sessions,
                        *id,
                    ));
                }
            }
            SupervisorAction::ExportCsv(path) => {
                if view.access != Access::Open {
                    continue;
                }
                view.export_note = Some(export(&progress, &view, path));
            }
            // The Learning Record Store: app::sync acts on these.
            SupervisorAction::SetLrs { .. }
            | SupervisorAction::ForgetLrs
            | SupervisorAction::SyncNow => {}
        }
    }
}

/// Unlocked: reads the roster and the access log.
fn open(progress: &Progress, library: &Library, view: &mut SupervisorView) {
    let read = progress.with_store(|s| -> Result<_, crate::store::StoreError> {
        let profiles = s.profiles()?;
        // Every trainee's place on the onboarding path, when the folder has one.
        let path = match &library.path {
            Some(loaded) => {
                let mut by_name = std::collections::BTreeMap::new();
                for p in &profiles {
                    let position =
                        crate::onboarding::position(s, p, &loaded.path, &library.entries, false)?;
                    by_name.insert(p.name.clone(), (position.complete(), position.summary()));
                }
                Some(by_name)
            }
            None => None,
        };
        let names: Vec<String> = profiles.into_iter().map(|p| p.name).collect();
        Ok((
            s.roster()?,
            crate::report::Context::read(s)?.notes(),
            names,
            path,
        ))
    });
    match read {
        Some(Ok((rows, reset, names, path))) => {
            view.now = now();
            view.trainees = trainees::trainees(&names, &rows, |id| library.find(id), path.as_ref());
            view.roster = crate::roster::lines(&rows, |id| library.find(id));
            view.shown = view.query.apply(&view.trainees, view.now);
            view.counts =
                trainees::counts(&view.trainees, view.now, view.query.inactive_after_days);
            view.access_notes = reset;
            view.access = Access::Open;
            view.message = None;
        }
        Some(Err(e)) => view.message = Some(e.to_string()),
        None => view.access = Access::NoStore,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Reads one trainee's sessions and guideline history for their page.
fn trainee_page(
    progress: &Progress,
    view: &SupervisorView,
    name: &str,
) -> Result<TraineePage, String> {
    let read = progress
        .with_store(|s| -> Result<_, crate::store::StoreError> {
            let Some(profile) = s.find_profile(name)? else {
                return Ok(None);
            };
            Ok(Some((
                s.sessions(&profile)?,
                s.guideline_history(&profile)?,
            )))
        })
        .ok_or("the progress store is not open")?
        .map_err(|e| e.to_string())?;
    let (mut sessions, history) = read.ok_or_else(|| format!("no trainee named {name}"))?;
    // In the order they were played, as the roster's "last" columns read them.
    sessions.sort_by_key(|s| (s.started_at, s.id));
    let at_desk: std::collections::HashSet<i64> = sessions
        .iter()
        .filter(|s| s.mode.at_desk())
        .map(|s| s.id)
        .collect();
    Ok(TraineePage {
        name: name.to_string(),
        guideline_history: history
            .into_iter()
            .filter(|(id, _, _)| at_desk.contains(id))
            .collect(),
        sessions,
        lines: view
            .roster
            .iter()
            .filter(|l| l.trainee == name)
            .cloned()
            .collect(),
        debrief: None,
    })
}

/// Writes the roster as shown to a CSV file, whole or not at all, never over the store.
fn export(
    progress: &Progress,
    view: &SupervisorView,
    path: &std::path::Path,
) -> Result<String, String> {
    if path.as_os_str().is_empty() {
        return Err("type a file name to export to".into());
    }
    let data_dir = progress
        .with_store(|s| {
            s.path()
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default()
        })
        .ok_or("the progress store is not open")?;
    let mut inner = None;
    let written = crate::files::write_atomic(path, &data_dir, crate::store::FILE_NAME, |w| {
        trainees::write_csv(
            &view.trainees,
            &view.shown,
            view.now,
            view.query.inactive_after_days,
            w,
        )
        .map_err(|e| {
            let message = e.to_string();
            inner = Some(message.clone());
            std::io::Error::other(message)
        })
    });
    if let Some(e) = inner {
        return Err(e);
    }
    written.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    // Said in full, so the supervisor knows which folder it went to.
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(format!(
        "Wrote {} trainee{} to {}",
        view.shown.len(),
        if view.shown.len() == 1 { "" } else { "s" },
        full.display()
    ))
}
