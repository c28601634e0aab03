//! End to end in a real window: Xvfb, Mesa's software Vulkan, real key presses from Home to Debrief.
#![cfg(feature = "gui")]

use std::path::Path;
use std::process::Command;

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_trainee_plays_from_home_to_debrief_in_a_real_window() {
    if !(have("xvfb-run") && have("xdotool")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install xvfb and xdotool (.ci/run does)"
        );
        eprintln!("skipped: xvfb-run and xdotool are not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("debrief.png");
    let out = Command::new("timeout")
        .args([
            "180",
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1280x800x24",
            "bash",
        ])
        .arg(root.join("tests/window/drive.sh"))
        .arg(env!("CARGO_BIN_EXE_replydesk"))
        .arg(root.join("tests/fixtures/app"))
        .arg(&shot)
        .output()
        .unwrap();
    let log = std::fs::read_to_string(dir.path().join("debrief.png.log")).unwrap_or_default();
    assert!(
        out.status.success(),
        "drive failed: {}\n{}\napp log tail:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        log.lines().rev().take(8).collect::<Vec<_>>().join("\n")
    );
    let bytes = std::fs::read(&shot).expect("the debrief screenshot was saved");
    let image = bevy::image::Image::from_buffer(
        &bytes,
        bevy::image::ImageType::Extension("png"),
        bevy::image::CompressedImageFormats::NONE,
        true,
        bevy::image::ImageSampler::Default,
        bevy::asset::RenderAssetUsages::default(),
    )
    .expect("a PNG");
    assert!(
        image.width() >= 1024 && image.height() >= 700,
        "{}x{}",
        image.width(),
        image.height()
    );
    let data = image.data.as_ref().expect("pixels");
    let distinct: std::collections::HashSet<&[u8]> = data.chunks(4).step_by(97).collect();
    assert!(
        distinct.len() > 30,
        "the screenshot looks blank: {} colours",
        distinct.len()
    );
    assert!(!log.contains("panicked"), "{log}");
}
