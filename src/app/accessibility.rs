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

/// Text size: egui's zoom, from 100% to 200%. Ctrl+Plus, Ctrl+Minus and Ctrl+0 (egui's own
/// keys) and the buttons on Home change it; it is kept with the trainee's profile and applied
/// when they come back.
fn text_size(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    mut actions: MessageWriter<ProfileAction>,
    mut applied: Local<Option<f32>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let zoom = ctx.zoom_factor();
    let (min, max) = (*TEXT_SCALES.start(), *TEXT_SCALES.end());
    match *applied {
        // Changed from the keyboard since last applied: keep it within range and remember it.
        Some(last) if (zoom - last).abs() > 0.001 => {
            let kept = zoom.clamp(min, max);
            if kept != zoom {
                ctx.set_zoom_factor(kept);
            }
            *applied = Some(kept);
            actions.write(ProfileAction::SetTextScale(kept));
        }
        // The profile's size (a trainee chosen, or the buttons): apply it.
        _ if progress.text_scale >= min && (progress.text_scale - zoom).abs() > 0.001 => {
            ctx.set_zoom_factor(progress.text_scale);
            *applied = Some(progress.text_scale);
        }
        None => *applied = Some(zoom),
        _ => {}
    }
    Ok(())
}

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
