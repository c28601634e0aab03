//! Faults a training record must survive: the process killed mid-write, two instances on one
//! store, and a scenario edited between a session's start and its resume.

use replydesk::store::Store;
use std::process::{Command, Stdio};
use std::time::Duration;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_replydesk"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// `replydesk play saturday-rush` recording as `profile` into `data`.
fn record(seed: u64, answers: &std::path::Path, profile: &str, data: &std::path::Path) -> Command {
    let mut c = bin();
    c.args([
        "play",
        "saturday-rush",
        "--seed",
        &seed.to_string(),
        "--answers",
    ])
    .arg(answers)
    .args(["--profile", profile, "--data-dir"])
    .arg(data);
    c
}

/// Answers for every post of saturday-rush, so each run writes a dozen rows one by one.
fn rush_answers(dir: &std::path::Path) -> std::path::PathBuf {
    let entry = replydesk::scenario::catalog::load(
        &[std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/saturday-rush.ron")],
        None,
    )
    .scenarios
    .remove(0);
    let lines: Vec<String> = entry
        .scenario
        .all_posts()
        .iter()
        .map(|(p, _)| {
            format!(
                "(post: \"{}\", option: \"{}\", delay: 5)",
                p.id, p.options[0].id
            )
        })
        .collect();
    let path = dir.join("rush.ron");
    std::fs::write(&path, format!("[{}]", lines.join(",\n"))).unwrap();
    path
}

#[test]
fn sigkill_at_any_moment_never_corrupts_the_store_or_loses_a_committed_answer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let answers = rush_answers(dir.path());
    let mut completed = 0;
    for i in 0..24u64 {
        let mut child = record(i, &answers, "Kim", &data).spawn().unwrap();
        // Kill at a different moment each time: before, during and after the writes.
        std::thread::sleep(Duration::from_micros(2_000 + i * 1_500));
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        if status.success() {
            completed += 1;
        }
        let (store, notice) = Store::open(&data).unwrap();
        assert!(notice.is_none(), "run {i}: the store was found damaged");
        if let Some(kim) = store.find_profile("Kim").unwrap() {
            for s in store.sessions(&kim).unwrap() {
                let stored = store.answers(s.id).unwrap();
                if s.finished_at.is_some() {
                    assert!(!stored.is_empty(), "a finished session has all its answers");
                }
                // Answers are committed one by one, in order: what is there is a prefix.
                let mut last = f64::MIN;
                for a in &stored {
                    assert!(a.answered_at >= last);
                    last = a.answered_at;
                }
            }
        }
    }
    eprintln!("{completed} of 24 runs finished before the kill");
}

#[test]
fn two_instances_on_one_store_both_write_without_corruption() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let answers = rush_answers(dir.path());
    let children: Vec<_> = (0..4)
        .map(|i| {
            record(i, &answers, if i % 2 == 0 { "Kim" } else { "Lee" }, &data)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "every instance finished: busy waits, not failures: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (store, notice) = Store::open(&data).unwrap();
    assert!(notice.is_none());
    let total: usize = ["Kim", "Lee"]
        .iter()
        .map(|n| {
            store
                .sessions(&store.find_profile(n).unwrap().unwrap())
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(total, 4);
}
