//! Helpers shared by the integration tests: scenarios from inline RON, and the fixtures folder.
#![allow(dead_code)]

use replydesk::scenario::{GuidelineSet, Scenario, SourceFile};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn scenario(ron: &str) -> Arc<Scenario> {
    let file = SourceFile::from_bytes(Path::new("inline.ron"), ron.as_bytes().to_vec()).unwrap();
    Arc::new(file.parse_scenario().unwrap_or_else(|d| panic!("{d:?}")))
}

pub fn guidelines(ron: &str) -> Arc<GuidelineSet> {
    let file = SourceFile::from_bytes(Path::new("inline.ron"), ron.as_bytes().to_vec()).unwrap();
    Arc::new(file.parse_guidelines().unwrap_or_else(|d| panic!("{d:?}")))
}

/// welcoming ×1, accurate ×2, privacy ×3 (critical); late answers lose 50%.
pub const GUIDELINES: &str = r#"GuidelineSet(
    library: "Test Library", account: "@TestLib", homepage: "https://test.example.org",
    late_penalty: 50,
    guidelines: [
        (id: "welcoming", title: "Be welcoming", weight: 1.0, text: "Warmly."),
        (id: "accurate", title: "Be accurate", weight: 2.0, text: "Precisely."),
        (id: "privacy", title: "Protect privacy", weight: 3.0, critical: true, text: "Never in public."),
    ],
)"#;

pub fn answer(post: &str, option: &str, delay: u32) -> replydesk::answers::ScriptedAnswer {
    replydesk::answers::ScriptedAnswer {
        post: post.into(),
        option: option.into(),
        delay,
    }
}

/// The app's logic without a window (MinimalPlugins, no render), on a scenarios folder,
/// recording into `data`, started with `--profile` or without; updated until the folder is in.
#[cfg(feature = "gui")]
pub fn headless_app(dir: &Path, data: &Path, profile: Option<&str>) -> bevy::prelude::App {
    use bevy::asset::AssetPlugin;
    use bevy::prelude::*;
    use bevy::state::app::StatesPlugin;
    use bevy::time::TimeUpdateStrategy;
    use replydesk::app::library::Library;
    use replydesk::app::{LaunchOptions, LogicPlugin};
    use std::time::Duration;
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: dir.to_string_lossy().into_owned(),
            ..default()
        },
        StatesPlugin,
    ))
    .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        250,
    )))
    .add_plugins(LogicPlugin(LaunchOptions {
        scenarios_shown: "scenarios".into(),
        scenarios_dir: dir.to_path_buf(),
        data_dir: Some(data.to_path_buf()),
        profile: profile.map(String::from),
        ..default()
    }));
    // Scenario files load on the task pool: update until the folder is in.
    for _ in 0..500 {
        app.update();
        if app.world().resource::<Library>().ready
            && !app.world().resource::<Library>().entries.is_empty()
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    app
}

/// Sends a message and updates twice (state changes apply on the frame after they are set).
#[cfg(feature = "gui")]
pub fn send<M: bevy::prelude::Message>(app: &mut bevy::prelude::App, message: M) {
    app.world_mut().write_message(message);
    app.update();
    app.update();
}
