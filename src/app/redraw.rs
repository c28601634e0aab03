//! Reactive rendering: the app draws on input and a few frames after it, ticks at a modest rate
//! while the simulated clock runs, and otherwise sleeps.
//!
//! Two things kept a bare bevy_egui window redrawing forever: egui's repaint callback, which
//! wakes the event loop whenever egui asks for a repaint, and the `RequestRedraw` that bevy_egui
//! sends after every pass in which egui asked for one. egui asks again on most passes, so each
//! frame caused the next. Here the callback is silenced and `RequestRedraw` is honoured only
//! for a few frames after real input (enough for egui to settle a layout), so an idle desk
//! does no work at all.
//!
//! Only a key press, a mouse button, the wheel and a resize buy those frames: the
//! event itself is always drawn, so a key's release, the pointer moving and the window gaining
//! focus cost one frame each and no more. Frames are counted ([`FrameCounter`]); with
//! `REPLYDESK_FRAME_COUNT=FILE` the count is written there, for the benchmarks, and
//! `REPLYDESK_FRAMES_AFTER_INPUT=N` sets the budget (0 draws exactly one frame per event: the
//! benchmarks' floor).

use super::LaunchOptions;
use super::screens::Screen;
use super::shift::Shift;
use bevy::input::keyboard::KeyboardInput;
use bevy::input::mouse::{MouseButtonInput, MouseWheel};
use bevy::prelude::*;
use bevy::window::{RequestRedraw, WindowResized};
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::EguiContext;
use std::time::Duration;

/// While the clock runs: one update a second keeps the clock and deadline warnings current.
pub const RUNNING_TICK: Duration = Duration::from_secs(1);
/// With --watch, how often the app looks for reloaded scenario files.
pub const WATCH_TICK: Duration = Duration::from_secs(1);
/// How many frames egui may ask for after a press (or a screen reader's action): enough for a
/// layout that changed to settle.
pub const FRAMES_AFTER_INPUT: u32 = 2;
/// The same with motion turned on: enough for egui's fades and gliding scroll to finish
/// (about half a second at 60 frames a second).
pub const FRAMES_AFTER_INPUT_WITH_MOTION: u32 = 30;
/// While the supervisor's records are open: how often the app wakes to see whether they have
/// gone unused long enough to lock.
pub const RECORDS_OPEN_TICK: Duration = Duration::from_secs(30);
/// While a screen reader is connected: its actions reach the app without waking it, so the app
/// looks for them this often.
pub const SCREEN_READER_TICK: Duration = Duration::from_millis(100);

pub fn plugin(app: &mut App) {
    app.insert_resource(WinitSettings {
        focused_mode: idle_mode(None),
        unfocused_mode: idle_mode(None),
    })
    .init_resource::<RedrawBudget>()
    .insert_resource(FrameCounter {
        frames: 0,
        file: std::env::var_os("REPLYDESK_FRAME_COUNT").map(std::path::PathBuf::from),
    })
    .insert_resource(BudgetAfterInput(
        std::env::var("REPLYDESK_FRAMES_AFTER_INPUT")
            .ok()
            .and_then(|n| n.parse().ok()),
    ))
    .add_systems(PreUpdate, refill_budget_on_input)
    .add_systems(
        Last,
        (
            count_frames,
            finish_screen_changes.before(limit_redraw_requests),
        ),
    )
    .add_systems(Update, choose_update_mode)
    .add_systems(Last, (silence_egui_wakeups, limit_redraw_requests).chain());
}

fn idle_mode(tick: Option<Duration>) -> UpdateMode {
    UpdateMode::Reactive {
        wait: tick.unwrap_or(Duration::from_secs(3600)),
        react_to_device_events: false,
        react_to_user_events: false,
        react_to_window_events: true,
    }
}

/// How many more frames may be drawn because egui asked for them.
#[derive(Resource, Default, Debug)]
pub struct RedrawBudget {
    pub frames_left: u32,
    /// Set by others (the screenshot) who need frames drawn regardless.
    pub hold: bool,
}

/// Every frame drawn since the start, and where to write the count (for the benchmarks).
#[derive(Resource, Debug, Default)]
pub struct FrameCounter {
    pub frames: u64,
    file: Option<std::path::PathBuf>,
}

/// `REPLYDESK_FRAMES_AFTER_INPUT`, when set.
#[derive(Resource, Debug, Default)]
struct BudgetAfterInput(Option<u32>);

fn count_frames(mut counter: ResMut<FrameCounter>) {
    counter.frames += 1;
    if let Some(file) = &counter.file {
        // Best effort: a benchmark that cannot read it fails on its own.
        let _ = std::fs::write(file, counter.frames.to_string());
    }
}

/// A screen change asked for is made on the next frame, and the new screen then settles its
/// layout: both are drawn whatever egui asks for.
fn finish_screen_changes(
    next: Option<Res<NextState<Screen>>>,
    screen: Option<Res<State<Screen>>>,
    mut budget: ResMut<RedrawBudget>,
    mut requests: MessageWriter<RequestRedraw>,
) {
    let pending = next.is_some_and(|n| !matches!(*n, NextState::Unchanged));
    let entered = screen.is_some_and(|s| s.is_changed());
    if pending || entered {
        budget.frames_left = budget.frames_left.max(FRAMES_AFTER_INPUT);
        requests.write(RequestRedraw);
    }
}

fn refill_budget_on_input(
    mut budget: ResMut<RedrawBudget>,
    mut keys: MessageReader<KeyboardInput>,
    mut buttons: MessageReader<MouseButtonInput>,
    mut wheel: MessageReader<MouseWheel>,
    mut resized: MessageReader<WindowResized>,
    after: Res<BudgetAfterInput>,
    progress: Option<Res<super::progress::Progress>>,
) {
    let presses = keys.read().filter(|k| k.state.is_pressed()).count()
        // egui clicks on the release: both ends of a click buy the frames that show its effect.
        + buttons.read().count()
        + wheel.read().count()
        + resized.read().count();
    if presses > 0 {
        budget.frames_left = after.0.unwrap_or(if progress.is_some_and(|p| p.motion) {
            FRAMES_AFTER_INPUT_WITH_MOTION
        } else {
            FRAMES_AFTER_INPUT
        });
    }
}

/// Ticks while the shift's clock runs (and, with --watch, slowly to pick up edited files).
fn choose_update_mode(
    shift: Option<Res<Shift>>,
    screen: Res<State<Screen>>,
    launch: Option<Res<LaunchOptions>>,
    screen_reader: Option<Res<bevy::a11y::AccessibilityRequested>>,
    sync: Option<Res<super::sync::SyncLink>>,
    supervisor: Option<Res<super::supervisor::SupervisorView>>,
    mut settings: ResMut<WinitSettings>,
) {
    let clock_running =
        *screen.get() == Screen::Desk && shift.is_some_and(|s| !s.paused && !s.session.is_ended());
    let watch = launch.is_some_and(|l| l.watch);
    // Open supervisor records: wake now and then to lock them when nobody is there.
    let records_open = *screen.get() == Screen::Supervisor
        && supervisor.is_some_and(|v| v.access == super::supervisor::Access::Open);
    let tick = if screen_reader.is_some_and(|r| r.get()) {
        Some(SCREEN_READER_TICK)
    } else if clock_running {
        Some(RUNNING_TICK)
    } else if watch || sync.is_some_and(|s| s.is_running()) {
        // Also while a sync runs in the background, to show how it ended.
        Some(WATCH_TICK)
    } else if records_open {
        Some(RECORDS_OPEN_TICK)
    } else {
        None
    };
    let mode = idle_mode(tick);
    if settings.focused_mode != mode {
        settings.focused_mode = mode;
        settings.unfocused_mode = mode;
    }
}

fn silence_egui_wakeups(mut added: Query<&mut EguiContext, Added<EguiContext>>) {
    for mut context in &mut added {
        context.get_mut().set_request_repaint_callback(|_| {});
    }
}

pub fn limit_redraw_requests(
    mut budget: ResMut<RedrawBudget>,
    mut requests: ResMut<Messages<RequestRedraw>>,
) {
    if budget.hold || requests.is_empty() {
        return;
    }
    if budget.frames_left > 0 {
        budget.frames_left -= 1;
    } else {
        requests.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyCode};

    fn app() -> App {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .add_message::<KeyboardInput>()
            .add_message::<MouseButtonInput>()
            .add_message::<MouseWheel>()
            .add_message::<WindowResized>()
            .init_resource::<RedrawBudget>()
            .insert_resource(BudgetAfterInput(None))
            .add_systems(PreUpdate, refill_budget_on_input);
        app
    }

    fn key(state: ButtonState) -> KeyboardInput {
        KeyboardInput {
            key_code: KeyCode::ArrowDown,
            logical_key: Key::ArrowDown,
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        }
    }

    /// A key press buys the frames that show its effect; its release, drawn anyway as an
    /// event, buys none.
    #[test]
    fn a_key_press_buys_two_frames_and_its_release_none() {
        let mut app = app();
        app.world_mut().write_message(key(ButtonState::Released));
        app.update();
        assert_eq!(app.world().resource::<RedrawBudget>().frames_left, 0);
        app.world_mut().write_message(key(ButtonState::Pressed));
        app.update();
        assert_eq!(
            app.world().resource::<RedrawBudget>().frames_left,
            FRAMES_AFTER_INPUT
        );
        assert_eq!(FRAMES_AFTER_INPUT, 2);
    }

    /// With no budget left, egui's requests for more frames are dropped.
    #[test]
    fn requests_beyond_the_budget_are_dropped() {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .add_message::<RequestRedraw>()
            .insert_resource(RedrawBudget {
                frames_left: 1,
                hold: false,
            })
            .add_systems(Last, limit_redraw_requests);
        let mut asked = Vec::new();
        for _ in 0..3 {
            app.world_mut().write_message(RequestRedraw);
            app.update();
            asked.push(!app.world().resource::<Messages<RequestRedraw>>().is_empty());
        }
        assert_eq!(asked, [true, false, false]);
    }
}
