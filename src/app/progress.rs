//! The trainee's records in the app: the chosen profile, the progress store, every shift event
//! saved as it happens (kept and retried when the disk refuses), resume, and stored debriefs.

use super::LaunchOptions;
use super::library::Library;
use super::screens::Screen;
use super::shift::{Debrief, Mode, Navigate, Notice, ShiftEvent};
use crate::session::{GivenAnswer, Session};
use crate::store::{Profile, Store, StoredSession, TEXT_SCALES, data_dir};
use bevy::prelude::*;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

pub fn plugin(app: &mut App) {
    app.add_message::<ProfileAction>()
        .init_resource::<Progress>()
        .add_systems(Startup, open_store)
        .add_systems(
            Update,
            (
                apply_profile_actions,
                record_shift_events,
                offer_resume,
                recommend,
                place_on_path,
            )
                .chain()
                .after(super::shift::ShiftSystems),
        );
}

/// What the profile, progress and supervisor screens ask for.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum ProfileAction {
    /// Use this profile (created if new).
    Choose(String),
    /// Use this profile, which has a PIN, with the PIN typed.
    ChooseWithPin(String, String),
    /// Back to the profile picker.
    Switch,
    /// Rebuild a stored session's debrief.
    OpenStored(i64),
    /// Don't offer the unfinished session again in this run (it stays stored).
    DismissResume,
    /// The trainee's text size (1.0 is 100%), kept with their profile.
    SetTextScale(f32),
    /// The trainee's theme, kept with their profile.
    SetTheme(super::theme::Theme),
    /// Motion on (egui's fades and gliding scroll) or reduced (none, the default), kept with
    /// their profile.
    SetMotion(bool),
    /// Save the onboarding certificate of a trainee who completed the path, as a PDF in their
    /// documents folder.
    SaveCertificate,
}

/// An unfinished session that can be continued.
#[derive(Debug, Clone, PartialEq)]
pub struct ResumeOffer {
    pub session_id: i64,
    pub scenario: String,
    pub title: String,
    pub mode: Mode,
    pub seed: u64,
    pub time_factor: f64,
    pub answers: Vec<GivenAnswer>,
}

/// The store and what the screens show of it.
#[derive(Resource, Default)]
pub struct Progress {
    store: Option<Mutex<Store>>,
    pub profile: Option<Profile>,
    pub profiles: Vec<Profile>,
    /// Why the last save failed, while answers wait unsaved: shown on the desk and Home until a
    /// retry succeeds. (Other messages go to the one [`Notice`].)
    pub save_trouble: Option<String>,
    /// The stored session the current shift writes to.
    session_id: Option<i64>,
    /// Events not yet saved, oldest first: kept in memory and retried, never dropped.
    pending: VecDeque<ShiftEvent>,
    pub resume: Option<ResumeOffer>,
    resume_checked: bool,
    /// A profile chosen that has a PIN, waiting for it; and what the last attempt was told.
    pub pin_for: Option<String>,
    pub pin_message: Option<String>,
    /// Best score, and whether any session passed, by scenario id.
    pub best: HashMap<String, (u32, bool)>,
    pub sessions: Vec<StoredSession>,
    /// (session id, guideline id, percent), oldest first.
    pub guideline_history: Vec<(i64, String, u32)>,
    /// The weakest guideline lately and the scenario to practise it, kept current with the
    /// history and the library.
    pub recommendation: Option<crate::coaching::Recommendation>,
    /// The extended time a supervisor gave this trainee for assessments (1 when none).
    pub assessment_time_factor: f64,
    /// The trainee's text size (1.0 is 100%); 0 until a profile is chosen.
    pub text_scale: f32,
    /// The trainee's theme.
    pub theme: super::theme::Theme,
    /// Fades and gliding scroll; off (reduced motion) unless the trainee turns them on.
    pub motion: bool,
    /// Where the trainee stands on the onboarding path, when the folder has one.
    pub path: Option<crate::onboarding::Position>,
    /// The session being recorded is a facilitated group session (the group profile's).
    recording_group: bool,
}

impl Progress {
    pub fn unsaved(&self) -> usize {
        self.pending.len()
    }

    /// Makes the store refuse every write, as a full or read-only disk would (for tests of
    /// what the desk does then), or accept them again.
    pub fn refuse_writes(&self, on: bool) {
        self.with_store(|s| s.set_refuse_writes(on));
    }

    /// Runs `f` with the store, if there is one. Only the app's logic plugins write through it;
    /// screens read what they publish.
    pub(in crate::app) fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> T) -> Option<T> {
        let store = self.store.as_ref()?;
        let mut guard = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Some(f(&mut guard))
    }

    fn refresh(&mut self) {
        let Some(profile) = self.profile.clone() else {
            return;
        };
        let loaded = self.with_store(|s| -> Result<_, crate::store::StoreError> {
            Ok((
                s.sessions(&profile)?,
                s.guideline_history(&profile)?,
                s.profiles()?,
                s.assessment_time_factor(&profile)?,
                s.text_scale(&profile)?,
                s.profile_setting(&profile, "theme")?,
                s.profile_setting(&profile, "motion")?,
            ))
        });
        if let Some(Ok((sessions, history, profiles, factor, scale, theme, motion))) = loaded {
            self.motion = motion.as_deref() == Some("on");
            self.assessment_time_factor = factor;
            self.text_scale = scale;
            self.theme = theme
                .as_deref()
                .and_then(super::theme::Theme::parse)
                .unwrap_or_default();
            self.best.clear();
            // Scripted runs are not the trainee at the desk: they count for nothing here.
            for s in sessions.iter().filter(|s| s.mode.at_desk()) {
                if let (Some(score), Some(passed)) = (s.score, s.passed) {
                    let e = self
                        .best
                        .entry(s.scenario_id.clone())
                        .or_insert((score, passed));
                    // The best score, and whether any session of it passed.
                    e.0 = e.0.max(score);
                    e.1 |= passed;
                }
            }
            // The weakest guideline is judged from play at the desk, never from scripted runs.
            let scripted: std::collections::HashSet<i64> = sessions
                .iter()
                .filter(|s| !s.mode.at_desk())
                .map(|s| s.id)
                .collect();
            self.guideline_history = history
                .into_iter()
                .filter(|(id, _, _)| !scripted.contains(id))
                .collect();
            self.sessions = sessions;
            self.profiles = profiles;
        }
    }
}

fn open_store(
    mut progress: ResMut<Progress>,
    mut notice: ResMut<Notice>,
    launch: Option<Res<LaunchOptions>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let dir = data_dir(launch.as_ref().and_then(|l| l.data_dir.as_deref()));
    match Store::open(&dir) {
        Ok((store, damaged)) => {
            notice.0 = damaged;
            progress.profiles = store.profiles().unwrap_or_default();
            progress.store = Some(Mutex::new(store));
        }
        Err(e) => {
            notice.0 = Some(format!(
                "Progress cannot be saved ({e}). You can still practise; nothing will be recorded."
            ))
        }
    }
    if let Some(name) = launch.as_ref().and_then(|l| l.profile.clone()) {
        choose(&mut progress, &mut notice, &name, None);
    }
    // No name given, or one whose PIN must be typed first.
    if progress.profile.is_none() {
        next.set(Screen::Profile);
    }
}

/// Takes up a profile: at once, or once its PIN (if it has one) is given and right.
fn choose(progress: &mut Progress, notice: &mut Notice, name: &str, pin: Option<&str>) {
    use crate::store::StoreError;
    let chosen = progress.with_store(|s| -> Result<Result<Profile, Option<String>>, StoreError> {
        let profile = s.profile(name)?;
        if !s.has_pin(&profile)? {
            return Ok(Ok(profile));
        }
        let Some(pin) = pin else {
            return Ok(Err(None));
        };
        Ok(match s.verify_pin(&profile, pin)?.message("PIN") {
            None => Ok(profile),
            Some(message) => Err(Some(message)),
        })
    });
    progress.profile = match chosen {
        Some(Ok(Ok(p))) => {
            progress.pin_for = None;
            progress.pin_message = None;
            Some(p)
        }
        Some(Ok(Err(message))) => {
            progress.pin_for = Some(name.trim().to_string());
            progress.pin_message = message;
            return;
        }
        Some(Err(e)) => {
            notice.0 = Some(format!("That name cannot be used: {e}."));
            return;
        }
        // No store: practise under the name without records.
        None => Some(Profile {
            id: -1,
            name: name.trim().to_string(),
        }),
    };
    progress.resume = None;
    progress.resume_checked = false;
    progress.refresh();
}

fn apply_profile_actions(
    mut actions: MessageReader<ProfileAction>,
    mut progress: ResMut<Progress>,
    mut notice: ResMut<Notice>,
    library: Res<Library>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    screen: Res<State<Screen>>,
) {
    for action in actions.read() {
        match action {
            ProfileAction::Choose(name) | ProfileAction::ChooseWithPin(name, _) => {
                let pin = match action {
                    ProfileAction::ChooseWithPin(_, pin) => Some(pin.as_str()),
                    _ => None,
                };
                choose(&mut progress, &mut notice, name, pin);
                if progress.profile.is_some() && *screen.get() == Screen::Profile {
                    next.set(Screen::Home);
                }
            }
            ProfileAction::Switch => {
                progress.profile = None;
                progress.pin_for = None;
                progress.pin_message = None;
                progress.resume = None;
                progress.profiles = progress
                    .with_store(|s| s.profiles().unwrap_or_default())
                    .unwrap_or_default();
                next.set(Screen::Profile);
            }
            ProfileAction::DismissResume => progress.resume = None,
            ProfileAction::SetTheme(theme) => {
                progress.theme = *theme;
                if let Some(p) = progress.profile.clone().filter(|p| p.id >= 0)
                    && let Some(Err(e)) =
                        progress.with_store(|s| s.set_profile_setting(&p, "theme", theme.name()))
                {
                    notice.0 = Some(format!("Your theme cannot be kept: {e}."));
                }
            }
            ProfileAction::SetMotion(on) => {
                progress.motion = *on;
                let value = if *on { "on" } else { "reduced" };
                if let Some(p) = progress.profile.clone().filter(|p| p.id >= 0)
                    && let Some(Err(e)) =
                        progress.with_store(|s| s.set_profile_setting(&p, "motion", value))
                {
                    notice.0 = Some(format!("Your motion setting cannot be kept: {e}."));
                }
            }
            ProfileAction::SetTextScale(scale) => {
                let scale = scale.clamp(*TEXT_SCALES.start(), *TEXT_SCALES.end());
                progress.text_scale = scale;
                if let Some(p) = progress.profile.clone().filter(|p| p.id >= 0)
                    && let Some(Err(e)) = progress.with_store(|s| s.set_text_scale(&p, scale))
                {
                    notice.0 = Some(format!("Your text size cannot be kept: {e}."));
                }
            }
            ProfileAction::SaveCertificate => {
                notice.0 = Some(match save_certificate(&progress, &library) {
                    Ok(text) | Err(text) => text,
                });
            }
            ProfileAction::OpenStored(id) => {
                match stored_debrief(&progress, &library, &progress.sessions, *id) {
                    Ok(debrief) => {
                        commands.insert_resource(debrief);
                        next.set(Screen::Debrief);
                    }
                    Err(e) => notice.0 = Some(e),
                }
            }
        }
    }
}

/// Saves the trainee's certificate in their documents folder (else their home folder); says
/// where, with its verification code, or why not.
fn save_certificate(progress: &Progress, library: &Library) -> Result<String, String> {
    let (Some(profile), Some(loaded)) = (progress.profile.clone(), library.path.clone()) else {
        return Err("There is no onboarding path to certify.".into());
    };
    let cert = progress
        .with_store(|s| crate::certificate::certificate(s, &profile, &loaded, &library.entries))
        .ok_or("The progress store is not open.")?
        .map_err(|e| format!("The certificate cannot be made: {e}."))??;
    let bytes = crate::certificate::make_pdf(&cert)?;
    let dirs = directories::UserDirs::new();
    let folder = dirs
        .as_ref()
        .and_then(|d| d.document_dir().map(std::path::Path::to_path_buf))
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().to_path_buf()))
        .ok_or("No documents or home folder was found to save the certificate in.")?;
    let safe: String = profile
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let file = folder.join(format!("replydesk certificate - {}.pdf", safe.trim()));
    let data = progress
        .with_store(|s| s.path().parent().map(std::path::Path::to_path_buf))
        .flatten()
        .unwrap_or_default();
    crate::files::write_atomic(&file, &data, crate::store::FILE_NAME, |w| {
        w.write_all(&bytes)
    })
    .map_err(|e| {
        format!(
            "The certificate cannot be saved as {}: {e}.",
            file.display()
        )
    })?;
    Ok(format!(
        "Your certificate is saved as {} (verification code {}).",
        file.display(),
        cert.code
    ))
}

/// A stored session's debrief, rebuilt by replaying its answers with its seed.
/// `sessions` are the trainee's own (or, for the supervisor, the trainee's whose page is open).
pub(in crate::app) fn stored_debrief(
    progress: &Progress,
    library: &Library,
    sessions: &[crate::store::StoredSession],
    id: i64,
) -> Result<Debrief, String> {
    let stored = sessions
        .iter()
        .find(|s| s.id == id)
        .ok_or("no such session")?;
    let entry = library.find(&stored.scenario_id).ok_or_else(|| {
        format!(
            "the scenario `{}` is no longer in the library",
            stored.scenario_id
        )
    })?;
    if !entry.played_from(&stored.scenario_hash) {
        return Err(format!(
            "`{}` has been edited since this session, so its debrief cannot be rebuilt exactly; the record is kept as it was",
            entry.scenario.title
        ));
    }
    let answers = progress
        .with_store(|s| s.answers(id))
        .ok_or("the progress store is not open")?
        .map_err(|e| e.to_string())?;
    let given: Vec<GivenAnswer> = answers.iter().map(|a| a.given()).collect();
    let (mut session, outcomes) = Session::replay(
        entry.scenario.clone(),
        entry.guidelines.clone(),
        stored.seed,
        stored.time_factor,
        &given,
    )
    .map_err(|e| e.to_string())?;
    session.end();
    Ok(Debrief {
        entry: entry.clone(),
        mode: stored.mode,
        timing: crate::desk::Timing::from_factor(stored.time_factor),
        result: session.result(),
        outcomes: outcomes
            .into_iter()
            .map(|o| (o.post_id.clone(), o))
            .collect(),
    })
}

/// Saves every shift event in order; what cannot be saved now stays queued and is retried.
fn record_shift_events(mut events: MessageReader<ShiftEvent>, mut progress: ResMut<Progress>) {
    let new: Vec<ShiftEvent> = events.read().cloned().collect();
    if new.is_empty() && progress.pending.is_empty() {
        return;
    }
    let finished = new
        .iter()
        .any(|e| matches!(e.0, crate::record::Event::Finished(_)));
    progress.pending.extend(new);
    let Some(trainee) = progress.profile.clone().filter(|p| p.id >= 0) else {
        progress.pending.clear();
        return;
    };
    while let Some(event) = progress.pending.front().cloned() {
        // A facilitated session is the room's: recorded under the group profile.
        if let crate::record::Event::Started { mode, .. } = &event.0 {
            progress.recording_group = *mode == Mode::Facilitated;
        }
        let profile = if progress.recording_group {
            match progress.with_store(|s| s.group_profile()) {
                Some(Ok(group)) => group,
                Some(Err(e)) => {
                    progress.save_trouble = Some(format!(
                        "Cannot save the group session right now ({e}); it is kept and saving is retried."
                    ));
                    return;
                }
                None => {
                    progress.pending.clear();
                    return;
                }
            }
        } else {
            trainee.clone()
        };
        let session_id = progress.session_id;
        let saved = progress.with_store(|s| s.apply(&profile, session_id, &event.0));
        match saved {
            Some(Ok(id)) => {
                progress.session_id = id;
                progress.pending.pop_front();
                progress.save_trouble = None;
            }
            Some(Err(e)) => {
                progress.save_trouble = Some(format!(
                    "Cannot save progress right now ({e}). Your {} unsaved answer(s) are kept and saving is retried.",
                    progress.pending.len()
                ));
                return;
            }
            None => {
                progress.pending.clear();
                return;
            }
        }
    }
    if finished {
        progress.refresh();
    }
}

/// Once per profile: an unfinished session whose scenario is unchanged is offered for resume.
fn offer_resume(mut progress: ResMut<Progress>, mut notice: ResMut<Notice>, library: Res<Library>) {
    if progress.resume_checked || !library.ready || progress.session_id.is_some() {
        return;
    }
    let Some(profile) = progress.profile.clone() else {
        return;
    };
    progress.resume_checked = true;
    let Some(Ok(Some(open))) = progress.with_store(|s| s.unfinished(&profile)) else {
        return;
    };
    let Some(entry) = library.find(&open.scenario_id) else {
        return;
    };
    if !entry.played_from(&open.scenario_hash) {
        notice.0 = Some(format!(
            "Your unfinished session of “{}” cannot be resumed: the scenario has been edited since. The session is kept as it was.",
            entry.scenario.title
        ));
        return;
    }
    let Some(Ok(answers)) = progress.with_store(|s| s.answers(open.id)) else {
        return;
    };
    progress.resume = Some(ResumeOffer {
        session_id: open.id,
        scenario: open.scenario_id.clone(),
        title: entry.scenario.title.clone(),
        mode: open.mode,
        seed: open.seed,
        time_factor: open.time_factor,
        answers: answers.iter().map(|a| a.given()).collect(),
    });
}

/// The message Home sends to take up a resume offer.
pub fn resume_message(offer: &ResumeOffer) -> Navigate {
    Navigate::Resume {
        session_id: offer.session_id,
        scenario: offer.scenario.clone(),
        mode: offer.mode,
        seed: offer.seed,
        time_factor: offer.time_factor,
        answers: offer.answers.clone(),
    }
}

/// Places the trainee on the onboarding path again when their sessions or the library change
/// (entering newly completed steps in the store).
fn place_on_path(
    mut progress: ResMut<Progress>,
    library: Res<Library>,
    mut seen: Local<Option<(usize, Option<i64>, Option<i64>)>>,
) {
    let key = (
        progress.sessions.len(),
        progress.sessions.iter().filter_map(|s| s.finished_at).max(),
        progress.profile.as_ref().map(|p| p.id),
    );
    if *seen == Some(key) && !library.is_changed() {
        return;
    }
    *seen = Some(key);
    let fresh = match (&library.path, progress.profile.clone()) {
        (Some(loaded), Some(profile)) if profile.id >= 0 => progress
            .with_store(|s| {
                crate::onboarding::position(s, &profile, &loaded.path, &library.entries, true)
            })
            .and_then(Result::ok),
        _ => None,
    };
    if progress.path != fresh {
        progress.path = fresh;
    }
}

/// Recomputes the recommendation when the history or the library changed.
fn recommend(
    mut progress: ResMut<Progress>,
    library: Res<Library>,
    mut seen: Local<Option<(usize, Option<i64>)>>,
) {
    let key = (
        progress.guideline_history.len(),
        progress.profile.as_ref().map(|p| p.id),
    );
    if *seen == Some(key) && !library.is_changed() {
        return;
    }
    *seen = Some(key);
    let fresh = crate::coaching::recommend(&progress.guideline_history, &library.entries);
    if progress.recommendation != fresh {
        progress.recommendation = fresh;
    }
}
