//! The floor for the start-up benchmark: a bare Bevy + bevy_egui window with one label, built
//! from the same dependencies, that quits after its first fully drawn frame (like
//! `replydesk --screenshot F --exit-after-screenshot`).

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

fn main() {
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                title: "floor".into(),
                resolution: bevy::window::WindowResolution::new(1024, 700),
                ..default()
            }),
            ..default()
        }))
        .add_plugins(EguiPlugin::default())
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(EguiPrimaryContextPass, label)
        .add_systems(Update, screenshot_after_first_frames)
        .run();
}

fn label(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        egui::Id::new("floor"),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default().show(&mut root, |ui| ui.label("floor"));
    Ok(())
}

fn screenshot_after_first_frames(mut commands: Commands, mut frames: Local<u32>) {
    *frames += 1;
    if *frames == 3 {
        commands.spawn(Screenshot::primary_window()).observe(
            |_: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
                exit.write(AppExit::Success);
            },
        );
    }
}
