//! Time that can be adjusted (WCAG 2.2.1): extended time for assessments, recorded with each
//! session and never silently changing a score; untimed practice.

mod common;

use replydesk::desk::{Action, Desk};
use replydesk::record::Mode;
use replydesk::scenario::CatalogEntry;
use std::path::Path;
use std::process::{Command, Stdio};

fn first_shift() -> CatalogEntry {
    let c = replydesk::scenario::catalog::load(
        &[Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")],
        None,
    );
    c.find("first-shift").unwrap().clone()
}

#[test]
fn a_deadline_met_under_extended_time_is_on_time() {
    let entry = first_shift();
    let post = &entry.scenario.posts[0];
    let values = post.values(&entry.guidelines);
    let top = values.iter().copied().fold(f64::MIN, f64::max);
    let best = post.options[values.iter().position(|v| *v == top).unwrap()]
        .id
        .clone();
    // Answered at one and a half times the post's own time.
    let delay = post.respond_within * 3 / 2;
    let answers = [common::answer(&post.id, &best, delay)];
    let normal = replydesk::answers::play_scripted_timed(
        entry.scenario.clone(),
        entry.guidelines.clone(),
        1,
        1.0,
        &answers,
    )
    .unwrap();
    let extended = replydesk::answers::play_scripted_timed(
        entry.scenario.clone(),
        entry.guidelines.clone(),
        1,
        2.0,
        &answers,
    )
    .unwrap();
    let at = |r: &replydesk::scoring::SessionResult| {
        r.posts.iter().find(|p| p.post == post.id).unwrap().clone()
    };
    assert!(at(&normal.result).late, "late with the post's own time");
    assert!(!at(&extended.result).late, "on time with twice the time");
    assert_eq!(at(&extended.result).score, 1.0);
    assert_eq!(extended.result.time_factor, 2.0);
    assert_eq!(normal.result.time_factor, 1.0);
}

#[test]
fn untimed_practice_waits_for_each_answer() {
    let mut desk = Desk::new(first_shift(), Mode::Practice, 3)
        .unwrap()
        .untimed();
    let first_at = desk.session.next_arrival_at().unwrap();
    desk.advance(first_at + 0.5);
    assert_eq!(desk.session.waiting_count(), 1);
    let frozen = desk.session.now();
    desk.advance(10_000.0);
    assert_eq!(
        desk.session.now(),
        frozen,
        "the clock waits while a post waits"
    );
    assert_eq!(
        desk.session.arrived().len(),
        1,
        "nothing new arrives meanwhile"
    );
    desk.apply(&Action::Pick(0));
    let Some(replydesk::record::Event::Answered(a)) = desk.apply(&Action::Send) else {
        panic!("sent")
    };
    assert!(!a.late, "an untimed answer is never late");
    desk.advance(5.0);
    assert!(
        desk.session.now() > frozen,
        "the clock goes on once answered"
    );
}

fn replydesk(data: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_replydesk"));
    cmd.args(args)
        .arg("--data-dir")
        .arg(data)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("REPLYDESK_SUPERVISOR_PASSPHRASE")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn extended_time_is_recorded_with_the_session_and_shown_in_reports() {
    let data = tempfile::tempdir().unwrap();
    let answers = data.path().join("a.ron");
    std::fs::write(
        &answers,
        r#"[(post: "new-card", option: "explain", delay: 5)]"#,
    )
    .unwrap();
    let a = answers.to_str().unwrap();
    let bad = replydesk(
        data.path(),
        &[
            "play",
            "first-shift",
            "--answers",
            a,
            "--time-factor",
            "0.5",
        ],
        &[],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("from 1 to 10"));
    let played = replydesk(
        data.path(),
        &[
            "play",
            "first-shift",
            "--seed",
            "1",
            "--answers",
            a,
            "--time-factor",
            "2",
            "--profile",
            "Ana",
        ],
        &[],
    );
    assert!(
        played.status.success(),
        "{}",
        String::from_utf8_lossy(&played.stderr)
    );
    assert!(String::from_utf8_lossy(&played.stdout).contains("extended time ×2"));
    let pass = [("REPLYDESK_SUPERVISOR_PASSPHRASE", "library-secret")];
    assert!(
        replydesk(data.path(), &["supervisor", "init"], &pass)
            .status
            .success()
    );
    // The supervisor gives Ana extended time for assessments: recorded in the store.
    let given = replydesk(
        data.path(),
        &[
            "supervisor",
            "extend-time",
            "--profile",
            "Ana",
            "--factor",
            "3",
        ],
        &pass,
    );
    assert!(
        given.status.success(),
        "{}",
        String::from_utf8_lossy(&given.stderr)
    );
    let (store, _) = replydesk::store::Store::open(data.path()).unwrap();
    let ana = store.find_profile("Ana").unwrap().unwrap();
    assert_eq!(store.assessment_time_factor(&ana).unwrap(), 3.0);
    assert_eq!(store.sessions(&ana).unwrap()[0].time_factor, 2.0);
    drop(store);
    let csv = replydesk(data.path(), &["report", "--format", "csv"], &pass);
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "time_factor")
        .unwrap();
    assert_eq!(&reader.records().next().unwrap().unwrap()[at], "2");
    let text = replydesk(data.path(), &["report"], &pass);
    assert!(String::from_utf8_lossy(&text.stdout).contains("extended time ×2"));
    let refused = replydesk(
        data.path(),
        &[
            "supervisor",
            "extend-time",
            "--profile",
            "Ana",
            "--factor",
            "3",
        ],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", "not-it-at-all")],
    );
    assert_eq!(
        refused.status.code(),
        Some(1),
        "only the supervisor extends time"
    );
}
