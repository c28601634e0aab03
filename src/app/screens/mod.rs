//! The screens as Bevy states, one plugin each: Home → Briefing → Desk → Debrief.

pub mod briefing;
pub mod debrief;
pub mod desk;
pub mod facilitate;
pub mod home;
pub mod page;
pub mod profile;
pub mod progress;
pub mod supervisor;

use crate::app::progress::ProfileAction;
use crate::app::shift::{DeskAction, Navigate};
use crate::app::supervisor::SupervisorAction;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;

/// Which screen is showing.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Who is training: pick or create a profile.
    Profile,
    #[default]
    Home,
    Briefing,
    Desk,
    /// A facilitated group session: one post at a time, no clock, the room's choice.
    Facilitate,
    Debrief,
    /// The trainee's scores and guidelines over time.
    Progress,
    /// Everyone's records, behind the supervisor passphrase.
    Supervisor,
}

/// The screen state alone, for headless tests that run the logic without drawing.
pub fn state_plugin(app: &mut App) {
    app.init_state::<Screen>();
}

/// Every screen's drawing and keys (needs bevy_egui).
pub fn ui_plugin(app: &mut App) {
    app.add_plugins((
        profile::plugin,
        home::plugin,
        briefing::plugin,
        desk::plugin,
        facilitate::plugin,
        debrief::plugin,
        progress::plugin,
        supervisor::plugin,
    ));
}

/// One thing a screen asks for: the messages the logic plugins act on.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Go(Navigate),
    Desk(DeskAction),
    Profile(ProfileAction),
    Supervisor(SupervisorAction),
}

impl From<Navigate> for Request {
    fn from(n: Navigate) -> Self {
        Request::Go(n)
    }
}
impl From<DeskAction> for Request {
    fn from(a: DeskAction) -> Self {
        Request::Desk(a)
    }
}
impl From<ProfileAction> for Request {
    fn from(a: ProfileAction) -> Self {
        Request::Profile(a)
    }
}
impl From<SupervisorAction> for Request {
    fn from(a: SupervisorAction) -> Self {
        Request::Supervisor(a)
    }
}

/// What a screen asked for in one frame, in order. Each screen is a plain function of what it
/// shows that returns these, so tests/screens.rs drives it with egui_kittest and no Bevy.
#[derive(Debug, Default, PartialEq)]
pub struct Requests(pub Vec<Request>);

impl Requests {
    pub fn push(&mut self, request: impl Into<Request>) {
        self.0.push(request.into());
    }
}

/// Sends a screen's requests as messages: the one place a screen's wishes reach the logic.
#[derive(SystemParam)]
pub struct Senders<'w> {
    go: MessageWriter<'w, Navigate>,
    desk: MessageWriter<'w, DeskAction>,
    profile: MessageWriter<'w, ProfileAction>,
    supervisor: MessageWriter<'w, SupervisorAction>,
}

impl Senders<'_> {
    pub fn send(&mut self, requests: Requests) {
        for r in requests.0 {
            match r {
                Request::Go(m) => {
                    self.go.write(m);
                }
                Request::Desk(m) => {
                    self.desk.write(m);
                }
                Request::Profile(m) => {
                    self.profile.write(m);
                }
                Request::Supervisor(m) => {
                    self.supervisor.write(m);
                }
            }
        }
    }
}

/// Takes a key press out of egui's input so a focused button does not also act on it.
pub fn key(ctx: &egui::Context, key: egui::Key) -> bool {
    ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key))
}

pub use page::root as screen_ui;
