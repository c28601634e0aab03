//! A screen reader reads and drives the desk: a real AT-SPI client (pyatspi, what Orca is built
//! on) against the running app under Xvfb, in a private D-Bus session with accessibility on.
#![cfg(feature = "gui")]

use std::path::Path;
use std::process::Command;

fn have(check: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(check)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_screen_reader_finds_reads_and_drives_the_desk_over_at_spi() {
    let ready = have("command -v xvfb-run")
        && have("command -v dbus-run-session")
        && have("test -x /usr/libexec/at-spi-bus-launcher")
        && have("/usr/bin/python3 -c 'import pyatspi'");
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install xvfb, dbus, at-spi2-core and python3-pyatspi (.ci/run does)"
        );
        eprintln!("skipped: xvfb-run, dbus-run-session, at-spi2-core or python3-pyatspi missing");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = tempfile::tempdir().unwrap();
    let out = Command::new("timeout")
        .args([
            "240",
            "dbus-run-session",
            "--",
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1280x800x24",
        ])
        .arg(root.join("tests/a11y/run.sh"))
        .arg(env!("CARGO_BIN_EXE_replydesk"))
        .arg(root.join("tests/fixtures/app"))
        .arg(data.path())
        .env("XDG_RUNTIME_DIR", data.path())
        .output()
        .unwrap();
    let app_log = std::fs::read_to_string(data.path().join("app.log")).unwrap_or_default();
    assert!(
        out.status.success(),
        "{}\n{}\napp log:\n{app_log}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("found push button 'Start shift'") || said.contains("'Start shift'"),
        "{said}"
    );
}
