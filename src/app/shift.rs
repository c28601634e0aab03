//! The trainee's shift: the engine session being played, its simulated clock, and the messages
//! the screens send. UI systems only send these messages; the systems here decide.

use super::library::Library;
use super::screens::Screen;
use crate::desk::{Desk, Timing};
use crate::record::Event;
use crate::scenario::CatalogEntry;
use crate::scoring::SessionResult;
use crate::session::{GivenAnswer, Outcome};
use bevy::prelude::*;
use std::collections::HashMap;

pub fn plugin(app: &mut App) {
    app.add_message::<Navigate>()
        .add_message::<DeskAction>()
        .add_message::<ShiftEvent>()
        .init_resource::<Notice>()
        .add_systems(
            Update,
            (
                apply_navigation,
                apply_desk_actions,
                advance_clock,
                finish_when_asked,
            )
                .chain()
                .in_set(ShiftSystems),
        );
}

/// The systems that turn messages into engine calls; recorders run after them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShiftSystems;

/// How a session is played (the desk plays Practice and Assessment; Scripted is headless).
pub use crate::record::Mode;

/// Moving between screens.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Navigate {
    /// Open the briefing of a scenario, to be played in a mode.
    Briefing { scenario: String, mode: Mode },
    /// Start the shift from the briefing.
    Start,
    /// End the shift and show the debrief.
    Finish,
    /// Play the same scenario again with a new seed.
    Retry,
    /// Back to the scenario library.
    Home,
    /// Another screen reachable from Home (progress, supervisor).
    Open(Screen),
    /// Continue a stored session that was cut off: same seed, the answers given, the same clock.
    Resume {
        session_id: i64,
        scenario: String,
        mode: Mode,
        seed: u64,
        time_factor: f64,
        answers: Vec<GivenAnswer>,
    },
    /// On the briefing: how much time the trainee will have (practice).
    SetTiming(Timing),
}

/// What happened in a shift, for whoever records it (the progress store, through the core's
/// one recorder, `Store::apply`).
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ShiftEvent(pub crate::record::Event);

/// What the trainee does on the desk: the core's desk actions, sent as messages.
pub use crate::desk::{Action as DeskAction, FeedRow};
impl Message for crate::desk::Action {}

/// A plain message for the trainee, shown on Home (a scenario that vanished, a failed screenshot).
#[derive(Resource, Default, Debug)]
pub struct Notice(pub Option<String>);

/// The scenario chosen on Home, waiting for Start.
#[derive(Resource, Debug, Clone)]
pub struct Briefing {
    pub entry: CatalogEntry,
    pub mode: Mode,
    pub timing: Timing,
}

/// The shift in progress: the core's [`Desk`], as a resource. Its rules live in the core and
/// are tested there; the systems here feed it messages and Bevy's virtual clock.
#[derive(Resource, Debug)]
pub struct Shift(pub Desk);

impl std::ops::Deref for Shift {
    type Target = Desk;
    fn deref(&self) -> &Desk {
        &self.0
    }
}

impl std::ops::DerefMut for Shift {
    fn deref_mut(&mut self) -> &mut Desk {
        &mut self.0
    }
}

/// The debrief of a finished shift.
#[derive(Resource, Debug, Clone)]
pub struct Debrief {
    pub entry: CatalogEntry,
    pub mode: Mode,
    pub timing: Timing,
    pub result: SessionResult,
    pub outcomes: HashMap<String, Outcome>,
}

fn apply_navigation(
    mut commands: Commands,
    mut nav: MessageReader<Navigate>,
    library: Res<Library>,
    briefing: Option<Res<Briefing>>,
    shift: Option<Res<Shift>>,
    debrief: Option<Res<Debrief>>,
    mut next: ResMut<NextState<Screen>>,
    mut notice: ResMut<Notice>,
    mut time: ResMut<Time<Virtual>>,
    mut events: MessageWriter<ShiftEvent>,
    progress: Option<Res<super::progress::Progress>>,
) {
    for message in nav.read() {
        // A new or resumed desk, with the event that records it, or why it cannot be had.
        let begun: Option<Result<(Desk, Event), String>> = match message {
            Navigate::SetTiming(timing) => {
                // Practice only: an assessment's time is the supervisor's to extend.
                if let Some(b) = briefing.as_ref().filter(|b| b.mode == Mode::Practice) {
                    commands.insert_resource(Briefing {
                        timing: *timing,
                        ..(**b).clone()
                    });
                }
                None
            }
            Navigate::Briefing { scenario, mode } => {
                match library.find(scenario) {
                    Some(entry) => {
                        // An assessment gets the extended time the supervisor gave this trainee.
                        let timing = match mode {
                            Mode::Assessment => Timing::from_factor(
                                progress.as_ref().map_or(1.0, |p| p.assessment_time_factor),
                            ),
                            // A room discusses each post: no clock.
                            Mode::Facilitated => Timing::Untimed,
                            _ => Timing::Normal,
                        };
                        commands.insert_resource(Briefing {
                            entry: entry.clone(),
                            mode: *mode,
                            timing,
                        });
                        next.set(Screen::Briefing);
                    }
                    None => {
                        notice.0 = Some(format!(
                            "There is no playable scenario `{scenario}` (see Problems)."
                        ))
                    }
                }
                None
            }
            Navigate::Start | Navigate::Retry => {
                let chosen = match message {
                    Navigate::Start => briefing
                        .as_ref()
                        .map(|b| (b.entry.clone(), b.mode, b.timing)),
                    _ => debrief
                        .as_ref()
                        .map(|d| (d.entry.clone(), d.mode, d.timing))
                        .or_else(|| {
                            shift
                                .as_ref()
                                .map(|s| (s.entry.clone(), s.mode, s.timing()))
                        }),
                };
                chosen.map(|(entry, mode, timing)| {
                    Desk::new(entry, mode, rand::random())
                        .map(|desk| desk.with_timing(timing))
                        .map(|desk| {
                            let started = desk.started();
                            (desk, started)
                        })
                        .map_err(|e| format!("This scenario cannot be played: {e}"))
                })
            }
            Navigate::Resume {
                session_id,
                scenario,
                mode,
                seed,
                time_factor,
                answers,
            } => Some(
                library
                    .find(scenario)
                    .ok_or_else(|| format!("the scenario `{scenario}` is no longer in the library"))
                    .and_then(|entry| {
                        Desk::resume(entry.clone(), *mode, *seed, *time_factor, answers)
                            .map_err(|e| e.to_string())
                    })
                    .map(|desk| {
                        let resumed = Event::Resumed {
                            session_id: *session_id,
                        };
                        (desk, resumed)
                    })
                    .map_err(|e| {
                        format!("That session cannot be resumed: {e}. It is kept as it was.")
                    }),
            ),
            // Handled by `finish_when_asked`, after this frame's desk actions.
            Navigate::Finish => None,
            Navigate::Open(screen) => {
                next.set(*screen);
                None
            }
            Navigate::Home => {
                // An unfinished shift stays in the store, to be offered for resume.
                commands.remove_resource::<Shift>();
                commands.remove_resource::<Briefing>();
                next.set(Screen::Home);
                None
            }
        };
        match begun {
            Some(Ok((desk, event))) => {
                events.write(ShiftEvent(event));
                sync_clock(&desk, &mut time);
                let screen = if desk.mode == Mode::Facilitated {
                    Screen::Facilitate
                } else {
                    Screen::Desk
                };
                commands.insert_resource(Shift(desk));
                commands.remove_resource::<Debrief>();
                next.set(screen);
            }
            Some(Err(e)) => {
                let start_failed = matches!(message, Navigate::Start | Navigate::Retry);
                notice.0 = Some(e);
                if start_failed {
                    next.set(Screen::Home);
                }
            }
            None => {}
        }
    }
}

/// Bevy's virtual clock follows the desk's pause and speed.
fn sync_clock(desk: &Desk, time: &mut Time<Virtual>) {
    if desk.paused {
        time.pause();
    } else {
        time.unpause();
    }
    time.set_relative_speed(desk.speed);
}

fn apply_desk_actions(
    mut actions: MessageReader<DeskAction>,
    shift: Option<ResMut<Shift>>,
    mut time: ResMut<Time<Virtual>>,
    mut events: MessageWriter<ShiftEvent>,
) {
    let Some(mut shift) = shift else {
        actions.clear();
        return;
    };
    for action in actions.read() {
        if let Some(event) = shift.apply(action) {
            events.write(ShiftEvent(event));
        }
    }
    if shift.is_changed() {
        sync_clock(&shift, &mut time);
    }
}

fn advance_clock(time: Res<Time<Virtual>>, shift: Option<ResMut<Shift>>) {
    let Some(mut shift) = shift else { return };
    // The desk decides whether its clock moves (paused, ended, untimed); only arrivals are a
    // change the screens need to see.
    let arrived_before = shift.session.arrived().len();
    shift
        .bypass_change_detection()
        .advance(time.delta_secs_f64());
    if shift.session.arrived().len() != arrived_before {
        shift.set_changed();
    }
}

/// The trainee asked to finish: after this frame's desk actions, the shift ends and its
/// debrief opens.
fn finish_when_asked(
    mut commands: Commands,
    mut nav: MessageReader<Navigate>,
    shift: Option<ResMut<Shift>>,
    mut next: ResMut<NextState<Screen>>,
    mut events: MessageWriter<ShiftEvent>,
) {
    if !nav.read().any(|m| *m == Navigate::Finish) {
        return;
    }
    let Some(mut shift) = shift else { return };
    let (result, event) = shift.finish();
    events.write(ShiftEvent(event));
    commands.insert_resource(Debrief {
        entry: shift.entry.clone(),
        mode: shift.mode,
        timing: shift.timing(),
        result,
        outcomes: shift.outcomes.clone(),
    });
    next.set(Screen::Debrief);
}
