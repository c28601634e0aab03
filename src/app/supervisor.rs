//! The supervisor's records in the app: setting the passphrase the first time or unlocking with
//! it, then the roster and item statistics; all forgotten on leaving the screen.

use super::library::Library;
use super::progress::Progress;
use super::screens::Screen;
use crate::item_analysis::ItemStats;
use crate::roster::Line;
use bevy::prelude::*;

pub fn plugin(app: &mut App) {
    app.add_message::<SupervisorAction>()
        .init_resource::<SupervisorView>()
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
        .add_systems(Update, apply.run_if(in_state(Screen::Supervisor)));
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
    pub roster: Vec<Line>,
    /// Each trainee's place on the onboarding path (name, summary).
    pub path: Vec<(String, String)>,
    pub scenario: Option<String>,
    pub items: Vec<ItemStats>,
}

fn lock(progress: Res<Progress>, mut view: ResMut<SupervisorView>) {
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
        // Every trainee's place on the onboarding path, when the folder has one.
        let mut path = Vec::new();
        if let Some(loaded) = &library.path {
            for p in s.profiles()? {
                let position =
                    crate::onboarding::position(s, &p, &loaded.path, &library.entries, false)?;
                path.push((p.name, position.summary()));
            }
        }
        Ok((s.roster()?, crate::report::Context::read(s)?.notes(), path))
    });
    match read {
        Some(Ok((rows, reset, path))) => {
            view.path = path;
            view.roster = crate::roster::lines(&rows, |id| library.find(id));
            view.access_notes = reset;
            view.access = Access::Open;
            view.message = None;
        }
        Some(Err(e)) => view.message = Some(e.to_string()),
        None => view.access = Access::NoStore,
    }
}
