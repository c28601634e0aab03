//! Screenshots: `--screenshot FILE` once the first screen (or `--screenshot-at`) is fully drawn,
//! `--exit-after-screenshot` to quit then, and F12 for one at any time.

use super::LaunchOptions;
use super::library::Library;
use super::progress::Progress;
use super::redraw::RedrawBudget;
use super::screens::Screen;
use super::shift::Notice;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::RequestRedraw;
use std::path::PathBuf;

/// Frames drawn on the target screen before the picture is taken (egui lays out in two passes).
const SETTLE_FRAMES: u32 = 3;

pub fn plugin(app: &mut App) {
    app.init_resource::<ScreenshotState>()
        .add_systems(Update, (take_requested, take_on_f12))
        .add_systems(
            Last,
            keep_drawing_until_taken.after(super::redraw::limit_redraw_requests),
        );
}

#[derive(Resource, Default, Debug)]
struct ScreenshotState {
    frames_on_target: u32,
    requested: bool,
    saved: bool,
    f12_count: u32,
    /// F12 pictures asked for and not yet captured: frames are drawn until they are.
    f12_waiting: u32,
}

/// The screen the picture is taken on: `--screenshot-at`, else the first screen the app settles
/// on: the briefing of `play SCENARIO`, Home for a trainee, or the profile picker when nobody
/// is chosen yet (a fresh data folder, or a profile waiting for its PIN).
fn target(launch: &LaunchOptions, progress: &Progress) -> Screen {
    launch
        .screenshot_at
        .unwrap_or(if progress.profile.is_none() {
            Screen::Profile
        } else if launch.start_scenario.is_some() {
            Screen::Briefing
        } else {
            Screen::Home
        })
}

fn take_requested(
    mut commands: Commands,
    launch: Res<LaunchOptions>,
    library: Res<Library>,
    progress: Res<Progress>,
    screen: Res<State<Screen>>,
    mut state: ResMut<ScreenshotState>,
) {
    let Some(path) = launch.screenshot.clone() else {
        return;
    };
    if state.requested || !library.ready || *screen.get() != target(&launch, &progress) {
        state.frames_on_target = 0;
        return;
    }
    state.frames_on_target += 1;
    if state.frames_on_target < SETTLE_FRAMES {
        return;
    }
    state.requested = true;
    let exit = launch.exit_after_screenshot;
    let data_dir = crate::store::data_dir(launch.data_dir.as_deref());
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>,
              mut state: ResMut<ScreenshotState>,
              mut exits: MessageWriter<AppExit>,
              mut notice: ResMut<Notice>| {
            state.saved = true;
            match save(&captured, &path, &data_dir) {
                Ok(()) => {
                    if exit {
                        exits.write(AppExit::Success);
                    }
                }
                Err(e) => {
                    eprintln!("replydesk: {e}");
                    notice.0 = Some(e);
                    if exit {
                        exits.write(AppExit::error());
                    }
                }
            }
        },
    );
}

fn take_on_f12(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    launch: Res<LaunchOptions>,
    mut state: ResMut<ScreenshotState>,
) {
    if !keys.just_pressed(KeyCode::F12) {
        return;
    }
    state.f12_count += 1;
    state.f12_waiting += 1;
    let data_dir = crate::store::data_dir(launch.data_dir.as_deref());
    let path = PathBuf::from(format!("replydesk-screenshot-{}.png", state.f12_count));
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>,
              mut notice: ResMut<Notice>,
              mut state: ResMut<ScreenshotState>| {
            state.f12_waiting = state.f12_waiting.saturating_sub(1);
            if let Err(e) = save(&captured, &path, &data_dir) {
                notice.0 = Some(e);
            }
        },
    );
}

/// Saves a screenshot the way reports are written: whole or not at all, never through a
/// symbolic link, over a device, or over the progress store.
fn save(
    captured: &ScreenshotCaptured,
    path: &std::path::Path,
    data_dir: &std::path::Path,
) -> Result<(), String> {
    let image = captured
        .image
        .clone()
        .try_into_dynamic()
        .map_err(|e| format!("cannot convert the screenshot: {e}"))?;
    crate::files::replace_file(path, data_dir, crate::store::FILE_NAME, |_, tmp| {
        // The temporary file keeps the target's extension, which picks the format.
        image.to_rgb8().save(tmp).map_err(std::io::Error::other)
    })
    .map_err(|e| format!("cannot save the screenshot to {}: {e}", path.display()))
}

/// Reactive rendering would otherwise stop drawing before the picture is taken (a key press
/// buys only the frames egui asks for, and F12 asks egui for none).
fn keep_drawing_until_taken(
    launch: Res<LaunchOptions>,
    state: Res<ScreenshotState>,
    progress: Res<Progress>,
    screen: Res<State<Screen>>,
    mut budget: ResMut<RedrawBudget>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let waiting = state.f12_waiting > 0
        || (launch.screenshot.is_some()
            && !state.saved
            && (state.requested || *screen.get() == target(&launch, &progress)));
    budget.hold = waiting;
    if waiting {
        redraw.write(RequestRedraw);
    }
}
