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

/// Started where there is no display (an SSH session, a server), the desk says so in one
/// sentence and names what works without one.
#[test]
fn without_a_display_the_desk_says_what_to_do_instead() {
    let data = tempfile::tempdir().unwrap();
    for display in [None, Some(":987")] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_replydesk"));
        cmd.arg("--data-dir")
            .arg(data.path())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("RUST_BACKTRACE");
        match display {
            Some(d) => cmd.env("DISPLAY", d),
            None => cmd.env_remove("DISPLAY"),
        };
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{display:?}: {err}");
        assert!(err.contains("needs a graphical session"), "{err}");
        assert!(err.contains("`replydesk check`, `show`, `play --answers` and `report`"));
        assert!(
            !err.contains("internal error") && !err.contains(".rs") && !err.contains("panicked"),
            "{err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    }
}

/// `--screenshot FILE --exit-after-screenshot` on a fresh data folder: the first screen is the
/// profile picker, and that is where the picture is taken.
#[test]
fn a_screenshot_on_a_fresh_data_folder_is_taken_on_the_first_screen() {
    if !have("xvfb-run") {
        assert!(std::env::var_os("CI").is_none(), "CI must install xvfb");
        eprintln!("skipped: xvfb-run is not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("first.png");
    let out = Command::new("timeout")
        .args(["120", "xvfb-run", "-a", "-s", "-screen 0 1024x700x24"])
        .arg(env!("CARGO_BIN_EXE_replydesk"))
        .arg("--scenarios")
        .arg(root.join("tests/fixtures/app"))
        .arg("--data-dir")
        .arg(dir.path().join("fresh"))
        .arg("--screenshot")
        .arg(&shot)
        .arg("--exit-after-screenshot")
        .env("XDG_RUNTIME_DIR", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "did not exit by itself: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
}

/// A screenshot is written like a report: never through a symbolic link onto the store.
#[test]
fn a_screenshot_never_writes_through_a_link_onto_the_store() {
    if !have("xvfb-run") {
        assert!(std::env::var_os("CI").is_none(), "CI must install xvfb");
        eprintln!("skipped: xvfb-run is not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (store, _) = replydesk::store::Store::open(&data).unwrap();
    store.profile("Ann").unwrap();
    drop(store);
    let before = std::fs::read(data.join(replydesk::store::FILE_NAME)).unwrap();
    let link = dir.path().join("x.png");
    std::os::unix::fs::symlink(data.join(replydesk::store::FILE_NAME), &link).unwrap();
    let out = Command::new("timeout")
        .args(["120", "xvfb-run", "-a", "-s", "-screen 0 1024x700x24"])
        .arg(env!("CARGO_BIN_EXE_replydesk"))
        .arg("--scenarios")
        .arg(root.join("tests/fixtures/app"))
        .arg("--data-dir")
        .arg(&data)
        .arg("--screenshot")
        .arg(&link)
        .arg("--exit-after-screenshot")
        .env("XDG_RUNTIME_DIR", dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(
        std::fs::read(data.join(replydesk::store::FILE_NAME)).unwrap(),
        before,
        "the store is untouched"
    );
}
