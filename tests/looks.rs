//! The screens as a trainee with large text, another theme or extended time sees them: the real
//! app under Xvfb, driven by key presses, screenshots saved and checked. With
//! REPLYDESK_KEEP_SHOTS=DIR they are also copied there (docs/screenshots/access/ in the README).
#![cfg(feature = "gui")]

use replydesk::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs drive.sh for `profile` with `keys` on the test fixtures; returns the screenshots.
fn drive(data: &Path, profile: &str, keys: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    drive_on(&root.join("tests/fixtures/app"), data, profile, keys)
}

/// One real window at a time: on a busy two-core machine, windows drawn at once by the software
/// renderer get key presses ahead of their frames.
static ONE_WINDOW: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs drive.sh on a scenarios folder for `profile` with `keys`; returns the screenshots.
fn drive_on(scenarios: &Path, data: &Path, profile: &str, keys: &[&str]) -> Vec<PathBuf> {
    drive_with(scenarios, data, profile, "", keys)
}

/// [`drive_on`], with more words on the app's command line (`play thread --facilitate`).
fn drive_with(
    scenarios: &Path,
    data: &Path,
    profile: &str,
    args: &str,
    keys: &[&str],
) -> Vec<PathBuf> {
    let _one = ONE_WINDOW.lock().unwrap_or_else(|e| e.into_inner());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap().keep();
    let run = Command::new("timeout")
        .args([
            "180",
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1280x800x24",
            "bash",
        ])
        .arg(root.join("tests/looks/drive.sh"))
        .arg(env!("CARGO_BIN_EXE_replydesk"))
        .arg(scenarios)
        .arg(data)
        .arg(&out)
        .arg(profile)
        .args(keys)
        .env("XDG_RUNTIME_DIR", &out)
        .env("DRIVE_ARGS", args)
        .output()
        .unwrap();
    let log = std::fs::read_to_string(out.join("app.log")).unwrap_or_default();
    assert!(
        run.status.success(),
        "drive failed: {}{}\napp log:\n{log}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!log.contains("panicked"), "{log}");
    let shots = keys.iter().filter(|k| **k == "shot").count();
    (1..=shots)
        .map(|n| out.join(format!("replydesk-screenshot-{n}.png")))
        .collect()
}

/// The picture's size and how many colours it has (a blank or half-drawn window has few).
fn look(png: &Path) -> (u32, u32, usize) {
    let bytes = std::fs::read(png).unwrap();
    let image = bevy::image::Image::from_buffer(
        &bytes,
        bevy::image::ImageType::Extension("png"),
        bevy::image::CompressedImageFormats::NONE,
        true,
        bevy::image::ImageSampler::Default,
        bevy::asset::RenderAssetUsages::default(),
    )
    .expect("a PNG");
    let data = image.data.as_ref().expect("pixels");
    let distinct: std::collections::HashSet<&[u8]> = data.chunks(4).step_by(31).collect();
    (image.width(), image.height(), distinct.len())
}

/// The brightness of the picture's top-left corner (the page behind the top bar), 0–255.
fn corner_brightness(png: &Path) -> u32 {
    let bytes = std::fs::read(png).unwrap();
    let image = bevy::image::Image::from_buffer(
        &bytes,
        bevy::image::ImageType::Extension("png"),
        bevy::image::CompressedImageFormats::NONE,
        true,
        bevy::image::ImageSampler::Default,
        bevy::asset::RenderAssetUsages::default(),
    )
    .unwrap();
    let px = &image.data.as_ref().unwrap()[(4 * 1024 * 2 + 8)..(4 * 1024 * 2 + 11)];
    px.iter().map(|c| u32::from(*c)).sum::<u32>() / 3
}

fn keep(shots: &[(PathBuf, &str)]) {
    if let Some(dir) = std::env::var_os("REPLYDESK_KEEP_SHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        for (png, name) in shots {
            std::fs::copy(png, Path::new(&dir).join(format!("{name}.png"))).unwrap();
        }
    }
}

#[test]
fn large_text_each_theme_untimed_practice_and_an_extended_time_assessment_in_a_real_window() {
    if !(have("xvfb-run") && have("xdotool")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install xvfb and xdotool (.ci/run does)"
        );
        eprintln!("skipped: xvfb-run and xdotool are not installed");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(data.path()).unwrap();
        store.init_passphrase("correct horse battery").unwrap();
        let jamie = store.profile("Jamie").unwrap();
        store
            .set_profile_setting(&jamie, "theme", "high-contrast")
            .unwrap();
        store.set_text_scale(&jamie, 2.0).unwrap();
        let ana = store.profile("Ana").unwrap();
        store.set_profile_setting(&ana, "theme", "dark").unwrap();
        store.set_assessment_time_factor(&ana, 2.0).unwrap();
        store.profile("Cleo").unwrap();
    }

    // Jamie: 200% text, high contrast, untimed practice (T three times on the Briefing).
    let jamie = drive(
        data.path(),
        "Jamie",
        &[
            "shot", "Return", "t", "t", "t", "shot", "Return", "n", "1", "Return", "shot", "f",
            "Return", "shot",
        ],
    );
    // Ana: dark, an assessment with the extended time her supervisor gave.
    let ana = drive(
        data.path(),
        "Ana",
        &[
            "a", "shot", "Return", "n", "1", "Return", "shot", "f", "Return", "shot",
        ],
    );
    // Cleo: the light theme at 100%.
    let cleo = drive(data.path(), "Cleo", &["shot"]);
    for png in jamie.iter().chain(&ana).chain(&cleo) {
        let (w, h, colours) = look(png);
        assert_eq!((w, h), (1024, 700), "{}", png.display());
        assert!(
            colours > 8,
            "{} looks blank: {colours} colours",
            png.display()
        );
    }
    // The themes differ where it shows: a white page in high contrast and light, a dark one.
    assert!(
        corner_brightness(&jamie[0]) > 200,
        "high contrast is black on white"
    );
    assert!(corner_brightness(&ana[0]) < 80, "dark");
    assert!(corner_brightness(&cleo[0]) > 180, "light");
    keep(&[
        (jamie[0].clone(), "home-200-high-contrast"),
        (jamie[1].clone(), "briefing-200-untimed"),
        (jamie[2].clone(), "desk-200-untimed-feedback"),
        (jamie[3].clone(), "debrief-200"),
        (ana[0].clone(), "briefing-dark-extended-time"),
        (ana[1].clone(), "desk-dark-extended-time"),
        (ana[2].clone(), "debrief-dark-extended-time"),
        (cleo[0].clone(), "home-light"),
    ]);

    // What was stored: Jamie's practice untimed, Ana's assessment with ×2, and the report says so.
    let (store, _) = Store::open(data.path()).unwrap();
    let jamie_sessions = store.sessions(&store.profile("Jamie").unwrap()).unwrap();
    assert_eq!(jamie_sessions.len(), 1, "{jamie_sessions:?}");
    assert_eq!(jamie_sessions[0].mode, replydesk::record::Mode::Practice);
    assert!(jamie_sessions[0].finished_at.is_some());
    let ana_sessions = store.sessions(&store.profile("Ana").unwrap()).unwrap();
    assert_eq!(ana_sessions.len(), 1, "{ana_sessions:?}");
    assert_eq!(ana_sessions[0].mode, replydesk::record::Mode::Assessment);
    assert_eq!(ana_sessions[0].time_factor, 2.0);
    drop(store);
    let report = Command::new(env!("CARGO_BIN_EXE_replydesk"))
        .args(["report", "--format", "csv", "--scenarios"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app"))
        .arg("--data-dir")
        .arg(data.path())
        .env("REPLYDESK_SUPERVISOR_PASSPHRASE", "correct horse battery")
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&report.stdout);
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let factor = header.iter().position(|h| *h == "time_factor").unwrap();
    let ana_row: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("Ana,"))
        .expect("Ana's session is reported")
        .split(',')
        .collect();
    assert_eq!(ana_row[factor], "2", "{csv}");
}

/// Home with the shipped pack's onboarding path, for a trainee who has done its first step:
/// what is done, what is next and what is locked, seen in a real window.
#[test]
fn home_shows_the_onboarding_path_in_a_real_window() {
    if !(have("xvfb-run") && have("xdotool")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install xvfb and xdotool"
        );
        eprintln!("skipped: xvfb-run and xdotool are not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = replydesk::scenario::catalog::load(&[root.join("scenarios")], None);
    let data = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(data.path()).unwrap();
        let dana = store.profile("Dana").unwrap();
        let first = catalog.find("first-shift").unwrap();
        let answers = replydesk::answers::best_answers(&first.scenario, &first.guidelines, 5);
        let run = replydesk::answers::play_scripted(
            first.scenario.clone(),
            first.guidelines.clone(),
            1,
            &answers,
        )
        .unwrap();
        store
            .record_run(
                &dana,
                "first-shift",
                &first.content_hash,
                replydesk::record::Mode::Practice,
                &run.result,
            )
            .unwrap();
    }
    let shots = drive_on(&root.join("scenarios"), data.path(), "Dana", &["shot"]);
    let (w, h, colours) = look(&shots[0]);
    assert_eq!((w, h), (1024, 700));
    assert!(colours > 8);
    keep(&[(shots[0].clone(), "home-onboarding-path")]);
}

/// A facilitated group session at a projector: `play thread --facilitate`, the points revealed.
#[test]
fn a_facilitated_group_session_in_a_real_window() {
    if !(have("xvfb-run") && have("xdotool")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install xvfb and xdotool"
        );
        eprintln!("skipped: xvfb-run and xdotool are not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = tempfile::tempdir().unwrap();
    let shots = drive_with(
        &root.join("tests/fixtures/app"),
        data.path(),
        "Facilitator",
        "play thread --facilitate",
        &["Return", "r", "shot", "1", "shot"],
    );
    for png in &shots {
        let (w, h, colours) = look(png);
        assert_eq!((w, h), (1024, 700));
        assert!(colours > 8);
    }
    keep(&[
        (shots[0].clone(), "facilitate-revealed"),
        (shots[1].clone(), "facilitate-follow-up"),
    ]);
    // Recorded for the group, not for the facilitator.
    let (store, _) = Store::open(data.path()).unwrap();
    let group = store.group_profile().unwrap();
    let sessions = store.sessions(&group).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].mode, replydesk::record::Mode::Facilitated);
    assert_eq!(store.answers(sessions[0].id).unwrap().len(), 1);
    let me = store.find_profile("Facilitator").unwrap().unwrap();
    assert!(store.sessions(&me).unwrap().is_empty());
}
