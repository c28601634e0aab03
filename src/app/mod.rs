//! The desk app: Bevy plugins for each screen and concern, composed in one place.
//!
//! `LogicPlugin` holds everything that decides (scenario assets, the shift and its clock, the
//! screen state) and runs headless in tests; `ui_plugin` draws it with egui and needs a window.

pub mod accessibility;
pub mod library;
pub mod progress;
pub mod redraw;
pub mod screens;
pub mod screenshot;
pub mod shift;
pub mod supervisor;
pub mod sync;
pub mod theme;

use bevy::prelude::*;
use bevy::window::{WindowResizeConstraints, WindowResolution};
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass};
use std::path::PathBuf;
use std::process::ExitCode;

/// What the command line asked of the app.
#[derive(Resource, Debug, Clone, Default)]
pub struct LaunchOptions {
    /// The scenarios folder as the user named it, for messages.
    pub scenarios_shown: PathBuf,
    /// The same folder, absolute, for the asset reader.
    pub scenarios_dir: PathBuf,
    /// Why the folder cannot be used (a sentence), shown in Problems at the folder.
    pub folder_problem: Option<String>,
    pub watch: bool,
    pub screenshot: Option<PathBuf>,
    pub screenshot_at: Option<Screen>,
    pub exit_after_screenshot: bool,
    /// `replydesk play SCENARIO`: open its briefing once the library is loaded.
    pub start_scenario: Option<String>,
    /// `play SCENARIO --facilitate`: as a facilitated group session.
    pub facilitate: bool,
    /// `--data-dir`: where progress is stored.
    pub data_dir: Option<PathBuf>,
    /// `--profile`: skip the profile picker.
    pub profile: Option<String>,
}

pub use screens::Screen;

/// What to say when there is no display to open the window on.
const NO_DISPLAY: &str = "the desk needs a graphical session, and none was found";
const WITHOUT_DISPLAY: &str =
    "`replydesk check`, `show`, `play --answers` and `report` work without one";

/// Starts the window and runs until it is closed. An error is one sentence for the user.
pub fn run(launch: LaunchOptions) -> Result<ExitCode, String> {
    #[cfg(all(unix, not(target_os = "macos")))]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err(format!(
            "{NO_DISPLAY} (neither DISPLAY nor WAYLAND_DISPLAY is set); {WITHOUT_DISPLAY}"
        ));
    }
    // Building the window plugins panics when the display cannot be opened (DISPLAY names no
    // running server): that is a sentence for the user, not an internal error.
    let built = without_panic_message(|| build(launch));
    let mut app = match built {
        Ok(app) => app,
        Err(what) if what.contains("event loop") || what.contains("display") => {
            let named = ["DISPLAY", "WAYLAND_DISPLAY"]
                .into_iter()
                .filter_map(|v| Some(format!("{v}={}", std::env::var(v).ok()?)))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(format!(
                "{NO_DISPLAY} (cannot open the display {named}); {WITHOUT_DISPLAY}"
            ));
        }
        Err(what) => std::panic::resume_unwind(Box::new(what)),
    };
    match app.run() {
        AppExit::Success => Ok(ExitCode::SUCCESS),
        AppExit::Error(_) => Ok(ExitCode::FAILURE),
    }
}

/// Runs `f`, turning a panic into its message without printing it.
fn without_panic_message<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into())
    })
}

/// The whole app with its window, not yet running.
fn build(launch: LaunchOptions) -> App {
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "replydesk — #AskALibrarian training desk".into(),
                    // The smallest size the layout is made for: it fits small staff screens, and grows.
                    resolution: WindowResolution::new(1024, 700),
                    resize_constraints: WindowResizeConstraints {
                        min_width: 1024.0,
                        min_height: 700.0,
                        ..default()
                    },
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: launch.scenarios_dir.to_string_lossy().into_owned(),
                watch_for_changes_override: Some(launch.watch),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                level: bevy::log::Level::WARN,
                // Load failures are shown in the Problems panel; the log would repeat them with a backtrace.
                filter: "wgpu=error,naga=error,bevy_render=error,bevy_winit=error,winit=error,bevy_egui=error,offset_allocator=error,bevy_asset::server=off".into(),
                ..default()
            }),
    )
    .add_plugins(EguiPlugin::default())
    .add_plugins((LogicPlugin(launch), ui_plugin));
    app
}

/// Everything that decides: scenario assets, the shift, records, the screens' state, for what
/// the command line asked. Runs without a window (the headless tests use it alone).
pub struct LogicPlugin(pub LaunchOptions);

impl Plugin for LogicPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.0.clone())
            .add_plugins((
                screens::state_plugin,
                library::LibraryPlugin {
                    shown_root: self.0.scenarios_shown.clone(),
                },
                shift::plugin,
                progress::plugin,
                supervisor::plugin,
                sync::plugin,
            ))
            .add_systems(Update, open_start_scenario);
    }
}

/// Everything that draws, and the window's behaviour.
pub fn ui_plugin(app: &mut App) {
    app.add_plugins((
        screens::ui_plugin,
        redraw::plugin,
        screenshot::plugin,
        accessibility::plugin,
    ))
    .add_systems(Startup, |mut commands: Commands| {
        commands.spawn(Camera2d);
    })
    .add_systems(EguiPrimaryContextPass, style);
}

/// Fonts once; the trainee's theme and motion setting whenever they change.
fn style(
    mut contexts: EguiContexts,
    progress: Res<progress::Progress>,
    mut applied: Local<Option<(theme::Theme, bool)>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if applied.is_none() {
        ctx.set_fonts(theme::font_definitions());
        // Text size is the app's (kept per profile, in steps): egui's own zoom keys would fight it.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
    }
    let wanted = (progress.theme, progress.motion);
    if *applied != Some(wanted) {
        theme::apply(ctx, wanted.0, wanted.1);
        *applied = Some(wanted);
    }
    Ok(())
}

/// `replydesk play SCENARIO`: go to its briefing as soon as the library has loaded.
fn open_start_scenario(
    launch: Option<Res<LaunchOptions>>,
    library: Res<library::Library>,
    progress: Res<progress::Progress>,
    mut nav: MessageWriter<shift::Navigate>,
    mut done: Local<bool>,
) {
    let Some(launch) = launch else { return };
    if *done || !library.ready || progress.profile.is_none() {
        return;
    }
    *done = true;
    if let Some(wanted) = &launch.start_scenario {
        let id = library
            .entries
            .iter()
            .find(|e| {
                &e.scenario.id == wanted
                    || e.path.file_stem().is_some_and(|s| s == wanted.as_str())
                    || e.path == std::path::Path::new(wanted)
            })
            .map(|e| e.scenario.id.clone())
            .unwrap_or_else(|| wanted.clone());
        nav.write(shift::Navigate::Briefing {
            scenario: id,
            mode: if launch.facilitate {
                shift::Mode::Facilitated
            } else {
                shift::Mode::Practice
            },
        });
    }
}
