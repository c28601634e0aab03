//! Screen readers: egui's AccessKit tree reaches AT-SPI through Bevy's `accesskit_unix`; this
//! module forwards what the screen reader asks (activate, focus) back into egui, which bevy_egui
//! 0.42 does not do itself.

use bevy::a11y::ActionRequest;
use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy_egui::{EguiInput, EguiPreUpdateSet, PrimaryEguiContext, egui};

pub fn plugin(app: &mut App) {
    app.add_systems(
        PreUpdate,
        forward_actions
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    );
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
