//! Screen readers: egui's AccessKit tree reaches AT-SPI through Bevy's `accesskit_unix`; this
//! module forwards what the screen reader asks (activate, focus) back into egui, which bevy_egui
//! 0.42 does not do itself.

use super::progress::{ProfileAction, Progress};
use crate::store::TEXT_SCALES;
use bevy::a11y::ActionRequest;
use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy_egui::{
    EguiContexts, EguiInput, EguiPreUpdateSet, EguiPrimaryContextPass, PrimaryEguiContext, egui,
};

pub fn plugin(app: &mut App) {
    app.add_systems(
        PreUpdate,
        forward_actions
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    )
    .add_systems(EguiPrimaryContextPass, text_size);
}

/// Text size: egui's zoom, from 100% to 200%, in steps of 25%. Ctrl+Plus (or Ctrl+=),
/// Ctrl+Minus and Ctrl+0, and the buttons on Home, change it; it is kept with the trainee's
/// profile and applied whenever it differs from what is shown.
fn text_size(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    mut actions: MessageWriter<ProfileAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let current = progress.text_scale.max(*TEXT_SCALES.start());
    let (bigger, smaller, normal) = ctx.input_mut(|i| {
        let mut take = |k| i.consume_key(egui::Modifiers::COMMAND, k);
        (
            take(egui::Key::Plus) | take(egui::Key::Equals),
            take(egui::Key::Minus),
            take(egui::Key::Num0),
        )
    });
    if bigger {
        actions.write(ProfileAction::SetTextScale(current + TEXT_STEP));
    } else if smaller {
        actions.write(ProfileAction::SetTextScale(current - TEXT_STEP));
    } else if normal {
        actions.write(ProfileAction::SetTextScale(1.0));
    }
    if progress.text_scale >= *TEXT_SCALES.start()
        && (ctx.zoom_factor() - progress.text_scale).abs() > 0.001
    {
        ctx.set_zoom_factor(progress.text_scale);
    }
    Ok(())
}

/// One step of text size.
pub const TEXT_STEP: f32 = 0.25;
/// Each action request becomes egui's AccessKit event for the primary context, and a redraw, so
/// a button activated by the screen reader is pressed at once even when the desk is idle.
fn forward_actions(
    mut requests: MessageReader<ActionRequest>,
    mut inputs: Query<&mut EguiInput, With<PrimaryEguiContext>>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut budget: ResMut<super::redraw::RedrawBudget>,
) {
    let Ok(mut input) = inputs.single_mut() else {
        requests.clear();
        return;
    };
    for request in requests.read() {
        if std::env::var_os("REPLYDESK_A11Y_DEBUG").is_some() {
            eprintln!("a11y action: {:?}", request.0);
        }
        input
            .events
            .push(egui::Event::AccessKitActionRequest(request.0.clone()));
        // Like a key press: the frames that show what it did are drawn.
        budget.frames_left = super::redraw::FRAMES_AFTER_INPUT;
        redraw.write(RequestRedraw);
    }
}
