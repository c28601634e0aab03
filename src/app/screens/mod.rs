//! The screens as Bevy states, one plugin each: Home → Briefing → Desk → Debrief.

pub mod briefing;
pub mod debrief;
pub mod desk;
pub mod home;
pub mod page;
pub mod profile;
pub mod progress;
pub mod supervisor;

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
        debrief::plugin,
        progress::plugin,
        supervisor::plugin,
    ));
}

/// Takes a key press out of egui's input so a focused button does not also act on it.
pub fn key(ctx: &egui::Context, key: egui::Key) -> bool {
    ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key))
}

pub use page::root as screen_ui;
