//! Records that can be trusted: what an adversarial trainee or an unlucky user tried, each one
//! reproduced: forged assessments, a passphrase takeover, guessing, other trainees' records,
//! file modes, unsafe reports, and input that real machines produce.

mod common;

use replydesk::record::Mode;
use replydesk::store::{FILE_NAME, Store, StoreError, Verdict, wait_after};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PASS: &str = "library-secret";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs replydesk in the crate's folder with no terminal, no passphrase or PIN in the
/// environment but those given.
fn run(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_replydesk"));
    cmd.args(args)
        .arg("--data-dir")
        .arg(data)
        .current_dir(manifest())
        .env_remove("RUST_BACKTRACE")
        .env_remove("REPLYDESK_SUPERVISOR_PASSPHRASE")
        .env_remove("REPLYDESK_PIN")
        .env_remove("REPLYDESK_NEW_PIN")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// Fails with one sentence on stderr, nothing that looks like a crash.
fn refused(out: &Output) -> String {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}\n{}", text(&out.stdout));
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
    err
}

fn init(data: &Path) {
    ok(&run(
        data,
        &["supervisor", "init"],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", PASS)],
    ));
}

fn supervisor_report(data: &Path, args: &[&str]) -> String {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    ok(&run(
        data,
        &all,
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", PASS)],
    ))
}

/// The best answers to first-shift for seed 1, as `play --json` lists them.
fn best_answers(dir: &Path) -> PathBuf {
    let file = dir.join("best.ron");
    std::fs::write(
        &file,
        r#"[(post: "saturday-hours", option: "confirm", delay: 5), (post: "new-card", option: "explain", delay: 5)]"#,
    )
    .unwrap();
    file
}

/// A desk session recorded through the store, as the app records one.
fn desk_session(store: &mut Store, name: &str, scenario: &str, mode: Mode, hash: &str) -> i64 {
    let catalog = replydesk::scenario::catalog::load(&[manifest().join("scenarios")], None);
    let entry = catalog.find(scenario).unwrap();
    let run =
        replydesk::answers::play_scripted(entry.scenario.clone(), entry.guidelines.clone(), 1, &[])
            .unwrap();
    let profile = store.profile(name).unwrap();
    let hash = if hash.is_empty() {
        entry.content_hash.as_str()
    } else {
        hash
    };
    store
        .record_run(&profile, scenario, hash, mode, &run.result)
        .unwrap()
}

// ── Assessment records mean what they say ──────────────────────────────────────────────────

#[test]
fn a_headless_run_is_recorded_as_scripted_and_labelled_in_every_report() {
    let data = tempfile::tempdir().unwrap();
    let answers = best_answers(data.path());
    let played = ok(&run(
        data.path(),
        &[
            "play",
            "first-shift",
            "--seed",
            "1",
            "--answers",
            answers.to_str().unwrap(),
            "--profile",
            "Mallory",
        ],
        &[],
    ));
    assert!(played.contains("recorded as a scripted run"), "{played}");
    init(data.path());

    let plain = supervisor_report(data.path(), &[]);
    assert!(plain.contains("Scripted"), "{plain}");
    assert!(!plain.contains("Assessment"), "{plain}");
    assert!(plain.contains("not an assessment"), "{plain}");

    let csv = supervisor_report(data.path(), &["--format", "csv"]);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let row = rows.records().next().unwrap().unwrap();
    let get = |name: &str| row[headers.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(get("mode"), "Scripted");
    assert_eq!(get("assessment"), "false");
    assert!(get("notes").contains("scripted"), "{csv}");

    let xapi = supervisor_report(data.path(), &["--format", "xapi"]);
    let v: serde_json::Value = serde_json::from_str(&xapi).unwrap();
    for s in v.as_array().unwrap() {
        let ext = &s["context"]["extensions"];
        assert_eq!(
            ext["https://library.example.org/replydesk/xapi/mode"], "Scripted",
            "{s}"
        );
        assert_eq!(
            ext["https://library.example.org/replydesk/xapi/assessment"],
            false
        );
    }
}

#[test]
fn item_statistics_leave_out_scripted_runs_and_other_versions() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(data.path()).unwrap();
    desk_session(&mut store, "Ann", "first-shift", Mode::Assessment, "");
    desk_session(&mut store, "Bob", "first-shift", Mode::Scripted, "");
    desk_session(
        &mut store,
        "Cy",
        "first-shift",
        Mode::Assessment,
        "an-old-hash",
    );
    let catalog = replydesk::scenario::catalog::load(&[manifest().join("scenarios")], None);
    let (stats, skipped) =
        replydesk::item_analysis::from_store(&store, catalog.find("first-shift").unwrap()).unwrap();
    assert_eq!(skipped, 2);
    assert_eq!(stats.iter().map(|i| i.attempts).max(), Some(1));
}

#[test]
fn a_session_played_from_another_file_with_the_same_id_is_flagged() {
    let data = tempfile::tempdir().unwrap();
    // The forgery from the issue: one's own file reusing a real id, with pass_score 0.
    let mine = data.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::copy(
        manifest().join("scenarios/guidelines.ron"),
        mine.join("guidelines.ron"),
    )
    .unwrap();
    let original = std::fs::read_to_string(manifest().join("scenarios/first-shift.ron")).unwrap();
    let forged = original.replacen("pass_score: 72", "pass_score: 0", 1);
    assert_ne!(forged, original, "the pass mark is on one line");
    std::fs::write(mine.join("first-shift.ron"), forged).unwrap();
    let answers = best_answers(data.path());
    ok(&run(
        data.path(),
        &[
            "play",
            mine.join("first-shift.ron").to_str().unwrap(),
            "--seed",
            "1",
            "--answers",
            answers.to_str().unwrap(),
            "--profile",
            "Mallory",
        ],
        &[],
    ));
    // An honest desk session of the real file, for contrast.
    let (mut store, _) = Store::open(data.path()).unwrap();
    desk_session(&mut store, "Ann", "first-shift", Mode::Assessment, "");
    drop(store);
    init(data.path());
    let plain = supervisor_report(data.path(), &[]);
    let mallory = plain.lines().find(|l| l.contains("Scripted")).unwrap();
    assert!(
        mallory.contains("played from another version of first-shift.ron"),
        "{plain}"
    );
    let ann = plain.lines().find(|l| l.contains("Assessment")).unwrap();
    assert!(!ann.contains("another version"), "{plain}");
    let csv = supervisor_report(data.path(), &["--format", "csv"]);
    assert!(
        csv.contains("played from another version of first-shift.ron"),
        "{csv}"
    );
}

// ── Supervisor access ──────────────────────────────────────────────────────────────────────

#[test]
fn no_report_sets_the_passphrase_and_only_supervisor_init_does() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(data.path()).unwrap();
    desk_session(&mut store, "Ann", "first-shift", Mode::Assessment, "");
    drop(store);
    // The takeover from the issue: the first report with the variable set used to set it.
    let err = refused(&run(
        data.path(),
        &["report"],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", "trainee-was-here")],
    ));
    assert!(err.contains("replydesk supervisor init"), "{err}");
    let items = refused(&run(
        data.path(),
        &["report", "--items", "first-shift"],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", "trainee-was-here")],
    ));
    assert!(items.contains("replydesk supervisor init"), "{items}");
    let (store, _) = Store::open(data.path()).unwrap();
    assert!(!store.has_passphrase().unwrap(), "nothing was set");
    drop(store);

    // Eight spaces, or seven characters padded with spaces, are not a passphrase.
    for weak in ["        ", " abc defg  "] {
        let err = refused(&run(
            data.path(),
            &["supervisor", "init"],
            &[("REPLYDESK_SUPERVISOR_PASSPHRASE", weak)],
        ));
        assert!(
            err.contains("at least 8 characters that are not spaces"),
            "{err}"
        );
    }
    init(data.path());
    let again = refused(&run(
        data.path(),
        &["supervisor", "init"],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", "trainee-was-here")],
    ));
    assert!(again.contains("already set"), "{again}");
    assert!(supervisor_report(data.path(), &[]).contains("Ann"));
    // Without a terminal or the variable, init says how to give it.
    let other = tempfile::tempdir().unwrap();
    let err = refused(&run(other.path(), &["supervisor", "init"], &[]));
    assert!(err.contains("REPLYDESK_SUPERVISOR_PASSPHRASE"), "{err}");
}

#[test]
fn a_reset_is_recorded_and_its_date_shows_in_every_later_report() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(data.path()).unwrap();
    desk_session(&mut store, "Ann", "first-shift", Mode::Assessment, "");
    drop(store);
    init(data.path());
    assert!(!supervisor_report(data.path(), &[]).contains("reset"));
    ok(&run(
        data.path(),
        &["supervisor", "reset"],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", "a new passphrase")],
    ));
    let (store, _) = Store::open(data.path()).unwrap();
    let when = store.last_reset().unwrap().expect("recorded");
    drop(store);
    let day = replydesk::report::date(when);
    let new = [("REPLYDESK_SUPERVISOR_PASSPHRASE", "a new passphrase")];
    let plain = ok(&run(data.path(), &["report"], &new));
    assert!(
        plain.contains(&format!("passphrase was reset on {day}")),
        "{plain}"
    );
    let csv = ok(&run(data.path(), &["report", "--format", "csv"], &new));
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let at = rows
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "passphrase_reset")
        .unwrap();
    assert_eq!(&rows.records().next().unwrap().unwrap()[at], day);
    let items = ok(&run(
        data.path(),
        &["report", "--items", "first-shift", "--format", "json"],
        &new,
    ));
    let v: serde_json::Value = serde_json::from_str(&items).unwrap();
    assert_eq!(v["passphrase_reset"], day.as_str());
    let xapi = ok(&run(data.path(), &["report", "--format", "xapi"], &new));
    assert!(xapi.contains("passphrase-reset"), "{xapi}");
    // The old passphrase no longer opens anything.
    refused(&run(
        data.path(),
        &["report"],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", PASS)],
    ));
}

#[test]
fn each_wrong_passphrase_makes_the_next_attempt_wait_longer() {
    assert_eq!(
        (1..=8).map(wait_after).collect::<Vec<_>>(),
        [1, 2, 4, 8, 16, 32, 60, 60]
    );
    assert_eq!(wait_after(u32::MAX), 60);
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(data.path()).unwrap();
    store.init_passphrase(PASS).unwrap();
    assert_eq!(
        store.verify_passphrase("guess one").unwrap(),
        Verdict::Wrong {
            failed: 1,
            wait_secs: 1
        }
    );
    // While waiting, not even the right passphrase is checked.
    assert!(matches!(
        store.verify_passphrase(PASS).unwrap(),
        Verdict::Wait { secs: 1 }
    ));
    // The count is kept in the store, not in the process: a new process waits too.
    drop(store);
    let (mut store, _) = Store::open(data.path()).unwrap();
    assert!(matches!(
        store.verify_passphrase("guess two").unwrap(),
        Verdict::Wait { .. }
    ));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(
        store.verify_passphrase("guess two").unwrap(),
        Verdict::Wrong {
            failed: 2,
            wait_secs: 2
        }
    );
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(store.verify_passphrase(PASS).unwrap(), Verdict::Accepted);
    // A success starts the count again.
    assert!(matches!(
        store.verify_passphrase("guess three").unwrap(),
        Verdict::Wrong { failed: 1, .. }
    ));
    // The CLI says so.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    drop(store);
    let err = refused(&run(
        data.path(),
        &["report"],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", "guess four")],
    ));
    assert!(err.contains("the next attempt is possible in 2 s"), "{err}");
    let err = refused(&run(
        data.path(),
        &["report"],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", PASS)],
    ));
    assert!(err.contains("wait 2 s"), "{err}");
}

#[test]
fn a_trainee_pin_guards_their_records_in_reports_and_recording() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(data.path()).unwrap();
    desk_session(&mut store, "Sam", "first-shift", Mode::Assessment, "");
    desk_session(&mut store, "Ann", "first-shift", Mode::Assessment, "");
    let sam = store.find_profile("Sam").unwrap().unwrap();
    assert!(matches!(
        store.set_pin(&sam, Some("  1 ")),
        Err(StoreError::WeakPin)
    ));
    drop(store);
    // Without a PIN a profile protects nothing: anyone sees Sam's records.
    assert!(ok(&run(data.path(), &["report", "--profile", "Sam"], &[])).contains("Sam"));
    // A trainee cannot put a first PIN on someone else's profile: that is the supervisor's.
    let err = refused(&run(
        data.path(),
        &["pin", "--profile", "Ann"],
        &[("REPLYDESK_NEW_PIN", "evil")],
    ));
    assert!(
        err.contains("first PIN is set with the supervisor"),
        "{err}"
    );
    init(data.path());
    ok(&run(
        data.path(),
        &["pin", "--profile", "Sam"],
        &[
            ("REPLYDESK_NEW_PIN", "4711"),
            ("REPLYDESK_SUPERVISOR_PASSPHRASE", PASS),
        ],
    ));
    let err = refused(&run(data.path(), &["report", "--profile", "Sam"], &[]));
    assert!(err.contains("PIN"), "{err}");
    let err = refused(&run(
        data.path(),
        &["report", "--profile", "Sam"],
        &[("REPLYDESK_PIN", "1234")],
    ));
    assert!(err.contains("wrong PIN"), "{err}");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let own = ok(&run(
        data.path(),
        &["report", "--profile", "Sam"],
        &[("REPLYDESK_PIN", "4711")],
    ));
    assert!(own.contains("Sam") && !own.contains("Ann"), "{own}");
    // Recording a scripted run into Sam's records needs the PIN too.
    let answers = best_answers(data.path());
    let play = [
        "play",
        "first-shift",
        "--answers",
        answers.to_str().unwrap(),
        "--profile",
        "Sam",
    ];
    let out = run(data.path(), &play, &[]);
    let err = refused(&out);
    assert!(err.contains("PIN"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "no result is shown and then thrown away: the PIN is asked first"
    );
    ok(&run(data.path(), &play, &[("REPLYDESK_PIN", "4711")]));
    // Someone else cannot change or clear it without it; the supervisor can clear it.
    refused(&run(
        data.path(),
        &["pin", "--profile", "Sam", "--clear"],
        &[("REPLYDESK_PIN", "0000")],
    ));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ok(&run(
        data.path(),
        &["pin", "--profile", "Sam", "--clear"],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", PASS)],
    ));
    assert!(ok(&run(data.path(), &["report", "--profile", "Sam"], &[])).contains("Sam"));
    let bytes = std::fs::read(data.path().join(FILE_NAME)).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("4711"));
}

#[test]
fn guesses_made_at_once_are_each_counted_and_wait_their_turn() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(data.path()).unwrap();
    store.init_passphrase(PASS).unwrap();
    drop(store);
    // Eight guesses at once, the right one among them: one is checked, the rest wait.
    let verdicts: Vec<Verdict> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let dir = data.path().to_path_buf();
                scope.spawn(move || {
                    let (mut store, _) = Store::open(&dir).unwrap();
                    let guess = if i == 7 {
                        PASS.to_string()
                    } else {
                        format!("guess {i}")
                    };
                    store.verify_passphrase(&guess).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let checked = verdicts
        .iter()
        .filter(|v| !matches!(v, Verdict::Wait { .. }))
        .count();
    assert_eq!(checked, 1, "{verdicts:?}");
}

#[test]
fn names_that_look_like_someone_else_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(data.path()).unwrap();
    store.profile("P1").unwrap();
    for name in ["P1\u{200b}", "\u{202e}1P", "P\u{2060}1", "\u{feff}P1"] {
        assert!(
            matches!(store.profile(name), Err(StoreError::InvisibleCharacter)),
            "{name:?}"
        );
    }
    assert_eq!(store.profiles().unwrap().len(), 1);
    // Names in any script are still welcome.
    store.profile("Zoë Ng 吴").unwrap();
    store.profile("نور").unwrap();
}

#[test]
fn a_scenario_scored_by_an_edited_guideline_set_is_another_version() {
    // The forgery the review found: the real scenario file, scored by a guideline set edited to
    // make every answer right. The version covers both files.
    let data = tempfile::tempdir().unwrap();
    let mine = data.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::copy(
        manifest().join("scenarios/first-shift.ron"),
        mine.join("first-shift.ron"),
    )
    .unwrap();
    let g = std::fs::read_to_string(manifest().join("scenarios/guidelines.ron")).unwrap();
    std::fs::write(
        mine.join("guidelines.ron"),
        g.replace("critical: true", "critical: false"),
    )
    .unwrap();
    let real = replydesk::scenario::catalog::load(&[manifest().join("scenarios")], None);
    let forged = replydesk::scenario::catalog::load(&[mine.clone()], None);
    let (real, forged) = (
        real.find("first-shift").unwrap(),
        forged.find("first-shift").unwrap(),
    );
    assert_eq!(
        real.file_hash, forged.file_hash,
        "the scenario file is the same"
    );
    assert!(!real.played_from(&forged.content_hash));
    assert!(real.played_from(&real.content_hash));
    // Sessions stored before versions covered the guidelines compare by the file alone.
    assert!(real.played_from(&real.file_hash));
    assert!(!real.played_from(""));
}

#[test]
fn a_homepage_that_is_not_a_web_address_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let g = std::fs::read_to_string(common::fixtures().join("guidelines.ron")).unwrap();
    for bad in [
        "Riverside Libraries web site",
        "https://library example.org",
        "https://",
    ] {
        let text = g.replace("https://test.example.org", bad);
        std::fs::write(dir.path().join("guidelines.ron"), &text).unwrap();
        let c = replydesk::scenario::catalog::load(&[dir.path().to_path_buf()], None);
        let d = c
            .diagnostics
            .iter()
            .find(|d| d.message.contains("homepage"))
            .unwrap_or_else(|| panic!("{bad}: {:?}", c.diagnostics));
        assert!(d.is_error(), "{bad}");
        assert_eq!(d.location.map(|l| l.line), Some(4), "{d}");
    }
}

#[test]
fn a_damaged_store_replaced_is_said_in_every_later_report() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join(FILE_NAME), b"this is not a database").unwrap();
    let (mut store, notice) = Store::open(data.path()).unwrap();
    assert!(notice.is_some());
    let (at, kept) = store.last_replaced().unwrap().expect("logged");
    assert!(kept.contains(".corrupt-"), "{kept}");
    desk_session(&mut store, "Ann", "first-shift", Mode::Assessment, "");
    drop(store);
    init(data.path());
    let plain = supervisor_report(data.path(), &[]);
    assert!(
        plain.contains(&format!("found damaged on {}", replydesk::report::date(at))),
        "{plain}"
    );
    let csv = supervisor_report(data.path(), &["--format", "csv"]);
    assert!(
        csv.lines().next().unwrap().ends_with(",store_replaced"),
        "{csv}"
    );
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_store_files_are_private_to_the_account() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("new-data");
    let (store, _) = Store::open(&dir).unwrap();
    store.profile("Ann").unwrap();
    assert_eq!(mode(&dir), 0o700);
    for f in Store::files(&dir) {
        if f.exists() {
            assert_eq!(mode(&f), 0o600, "{}", f.display());
        }
    }
    drop(store);
    // A store an older replydesk left readable by everyone is tightened on open.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let main = dir.join(FILE_NAME);
    std::fs::set_permissions(&main, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _ = Store::open(&dir).unwrap();
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&main), 0o600);
}

// ── Reports that are safe to open and to write ─────────────────────────────────────────────

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(data.path()).unwrap();
    let names = [
        r#"=HYPERLINK("http://evil.example","click")"#,
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
    ];
    // (Names cannot hold tabs or carriage returns; cells from elsewhere can.)
    assert_eq!(replydesk::report::cell("\tx"), "'\tx");
    assert_eq!(replydesk::report::cell("\rx"), "'\rx");
    assert_eq!(replydesk::report::cell("plain"), "plain");
    for n in names {
        desk_session(&mut store, n, "first-shift", Mode::Assessment, "");
    }
    // A post and an option id as a hand-edited store could hold them.
    let s = desk_session(&mut store, "Ann", "first-shift", Mode::Assessment, "");
    store
        .record_answer(
            s,
            &replydesk::store::StoredAnswer {
                post_id: "=1+1".into(),
                option_id: "@x".into(),
                arrived_at: 0.0,
                answered_at: 1.0,
                value: -1.0,
                best: false,
                late: false,
            },
        )
        .unwrap();
    drop(store);
    init(data.path());
    for args in [
        &["--format", "csv"][..],
        &["--format", "csv", "--responses"][..],
    ] {
        let csv = supervisor_report(data.path(), args);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let mut profiles = Vec::new();
        for row in reader.records() {
            let row = row.unwrap();
            for cell in row.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '@', '\t', '\r'])
                        && !(cell.starts_with('-') && cell.parse::<f64>().is_err()),
                    "a formula cell: {cell:?} in {csv}"
                );
            }
            profiles.push(row[0].to_string());
        }
        if args.len() == 3 {
            // Only Ann's session holds answers.
            assert!(csv.contains(",'=1+1,'@x,"), "{csv}");
        } else {
            for n in names {
                assert!(profiles.contains(&format!("'{n}")), "{n} in {profiles:?}");
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn report_out_writes_whole_files_and_refuses_what_it_must_not_replace() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(data.path()).unwrap();
    desk_session(&mut store, "Ann", "first-shift", Mode::Assessment, "");
    drop(store);
    init(data.path());
    let out_dir = tempfile::tempdir().unwrap();
    let out = |name: &str| out_dir.path().join(name);
    let report_to = |path: &Path| {
        run(
            data.path(),
            &["report", "--format", "csv", "--out", path.to_str().unwrap()],
            &[("REPLYDESK_SUPERVISOR_PASSPHRASE", PASS)],
        )
    };
    // An unrelated X.partial is left alone.
    std::fs::write(out("report.partial"), "someone's notes").unwrap();
    ok(&report_to(&out("report.csv")));
    assert_eq!(
        std::fs::read_to_string(out("report.partial")).unwrap(),
        "someone's notes"
    );
    assert!(
        std::fs::read_to_string(out("report.csv"))
            .unwrap()
            .contains("Ann")
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out("report.csv")), 0o600, "a new report is private");
    // An existing file keeps its mode.
    std::fs::set_permissions(out("report.csv"), std::fs::Permissions::from_mode(0o640)).unwrap();
    ok(&report_to(&out("report.csv")));
    assert_eq!(mode(&out("report.csv")), 0o640);
    // Symbolic links (including /dev/stdout) and devices are refused; their targets untouched.
    std::fs::write(out("target.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(out("target.txt"), out("link.csv")).unwrap();
    let err = refused(&report_to(&out("link.csv")));
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out("target.txt")).unwrap(),
        "keep me"
    );
    for device in ["/dev/stdout", "/dev/null"] {
        let err = refused(&report_to(Path::new(device)));
        assert!(
            err.contains("symbolic link") || err.contains("not a regular file"),
            "{err}"
        );
    }
    let err = refused(&report_to(out_dir.path()));
    assert!(err.contains("not a regular file"), "{err}");
    // A read-only file is not replaced; a missing folder is named, not a temporary file.
    std::fs::write(out("kept.csv"), "mine").unwrap();
    std::fs::set_permissions(out("kept.csv"), std::fs::Permissions::from_mode(0o444)).unwrap();
    let err = refused(&report_to(&out("kept.csv")));
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(std::fs::read_to_string(out("kept.csv")).unwrap(), "mine");
    let err = refused(&report_to(&out("missing/x.csv")));
    assert!(
        err.contains("does not exist") && !err.contains(".replydesk-"),
        "{err}"
    );
    // --responses says what it is for.
    let err = refused(&run(
        data.path(),
        &["report", "--responses"],
        &[("REPLYDESK_SUPERVISOR_PASSPHRASE", PASS)],
    ));
    assert!(err.contains("--responses is for --format csv"), "{err}");
    // The live store is never overwritten: every record stays.
    let err = refused(&report_to(&data.path().join(FILE_NAME)));
    assert!(err.contains("progress store"), "{err}");
    let plain = supervisor_report(data.path(), &[]);
    assert!(plain.contains("Ann"), "{plain}");
    assert!(
        std::fs::read_dir(data.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("corrupt")),
        "nothing was moved aside as damaged"
    );
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn xapi_activity_ids_are_valid_iris() {
    let data = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(data.path()).unwrap();
    let p = store.profile("Ann").unwrap();
    let s = store
        .start_session(&p, "café shift/1", "h", 1, Mode::Practice)
        .unwrap();
    store
        .record_answer(
            s,
            &replydesk::store::StoredAnswer {
                post_id: "a b#c?d".into(),
                option_id: "x".into(),
                arrived_at: 0.0,
                answered_at: 1.0,
                value: 1.0,
                best: true,
                late: false,
            },
        )
        .unwrap();
    drop(store);
    init(data.path());
    let xapi = supervisor_report(data.path(), &["--format", "xapi"]);
    let v: serde_json::Value = serde_json::from_str(&xapi).unwrap();
    let id = v[0]["object"]["id"].as_str().unwrap();
    assert_eq!(
        id,
        "https://replydesk.invalid/replydesk/scenarios/caf%C3%A9%20shift%2F1/posts/a%20b%23c%3Fd"
    );
    assert!(!id.contains([' ', '#', '?']));
}

#[test]
fn broken_pipes_end_reports_and_checks_quietly() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(data.path()).unwrap();
    for i in 0..400 {
        desk_session(
            &mut store,
            &format!("Trainee {i}"),
            "first-shift",
            Mode::Assessment,
            "",
        );
    }
    drop(store);
    init(data.path());
    // A scenario folder whose check prints far more than a pipe holds (64 KiB; each broken file
    // says about 130 bytes), so that it is still writing when the pipe closes.
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(
        manifest().join("tests/fixtures/guidelines.ron"),
        folder.path().join("guidelines.ron"),
    )
    .unwrap();
    for i in 0..1500 {
        std::fs::write(
            folder.path().join(format!("broken-{i}.ron")),
            "Scenario(id: ",
        )
        .unwrap();
    }
    for args in [
        vec!["report", "--format", "csv", "--responses"],
        vec!["check", folder.path().to_str().unwrap()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_replydesk"))
            .args(&args)
            .arg("--data-dir")
            .arg(data.path())
            .current_dir(manifest())
            .env("REPLYDESK_SUPERVISOR_PASSPHRASE", PASS)
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one line, as `| head -1` does, then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        std::io::Read::read(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let err = text(&out.stderr);
        assert!(
            !err.contains("internal error")
                && !err.contains("panicked")
                && !err.contains(".rustup"),
            "{args:?}: {err}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert!(
                out.status.success() || out.status.signal() == Some(libc::SIGPIPE),
                "{args:?}: {:?} {err}",
                out.status
            );
        }
    }
}

// ── Input that real machines produce ───────────────────────────────────────────────────────

#[cfg(unix)]
#[test]
fn devices_and_pipes_are_refused_in_one_sentence_without_reading_them() {
    let data = tempfile::tempdir().unwrap();
    let fifo = data.path().join("answers.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for path in [Path::new("/dev/zero"), fifo.as_path()] {
        for args in [
            vec!["play", "first-shift", "--answers", path.to_str().unwrap()],
            vec!["check", path.to_str().unwrap()],
        ] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_replydesk"))
                .args(&args)
                .arg("--data-dir")
                .arg(data.path())
                .current_dir(manifest())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let started = std::time::Instant::now();
            while child.try_wait().unwrap().is_none() {
                if started.elapsed().as_secs() > 20 {
                    child.kill().unwrap();
                    panic!("{args:?} hung on {}", path.display());
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            let out = child.wait_with_output().unwrap();
            let err = text(&out.stderr) + &text(&out.stdout);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(err.contains("is not a regular file"), "{args:?}: {err}");
        }
    }
}

#[test]
fn a_byte_order_mark_from_notepad_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["guidelines.ron", "first-shift.ron"] {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(std::fs::read(manifest().join("scenarios").join(name)).unwrap());
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let c = replydesk::scenario::catalog::load(&[dir.path().to_path_buf()], None);
    assert_eq!(c.error_count(), 0, "{:?}", c.diagnostics);
    assert_eq!(c.scenarios.len(), 1);
}

#[test]
fn the_same_file_named_twice_is_checked_once() {
    let data = tempfile::tempdir().unwrap();
    let out = run(
        data.path(),
        &[
            "check",
            "scenarios/first-shift.ron",
            "scenarios",
            "./scenarios/first-shift.ron",
        ],
        &[],
    );
    let all = ok(&out);
    assert!(!all.contains("already used"), "{all}");
}

#[test]
fn absurd_guideline_weights_are_errors_at_the_weight() {
    let dir = tempfile::tempdir().unwrap();
    let g = std::fs::read_to_string(common::fixtures().join("guidelines.ron")).unwrap();
    let at = g
        .find("weight: 1.0")
        .expect("the fixture has a weight of 1.0");
    let g = format!(
        "{}weight: 1e308{}",
        &g[..at],
        &g[at + "weight: 1.0".len()..]
    );
    std::fs::write(dir.path().join("guidelines.ron"), &g).unwrap();
    let c = replydesk::scenario::catalog::load(&[dir.path().to_path_buf()], None);
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.message.contains("weight"))
        .expect("an error at the weight");
    assert!(d.is_error());
    assert!(d.message.contains("from 0.1 to 100"), "{}", d.message);
    assert!(d.message.contains("weight 1e308;"), "short: {}", d.message);
    let line = g[..at].lines().count();
    assert_eq!(d.location.map(|l| l.line), Some(line), "{d}");
}

#[test]
fn a_store_from_a_newer_replydesk_is_refused_before_anything_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        Store::open(dir.path()),
        Err(StoreError::TooNew { version: 99, .. })
    ));
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "the journal mode was not changed");
    drop(conn);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn play_that_cannot_record_prints_the_result_then_the_reason() {
    let data = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(data.path().join(FILE_NAME)).unwrap();
        conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let answers = best_answers(data.path());
    let out = run(
        data.path(),
        &[
            "play",
            "first-shift",
            "--seed",
            "1",
            "--answers",
            answers.to_str().unwrap(),
            "--profile",
            "Ann",
        ],
        &[],
    );
    let err = refused(&out);
    assert!(err.contains("newer replydesk"), "{err}");
    let shown = text(&out.stdout);
    assert!(
        shown.contains("score ") && shown.contains("/ 100"),
        "{shown}"
    );
    assert!(shown.contains("not recorded"), "{shown}");
}

#[test]
fn strategy_statistics_are_the_same_on_one_thread_or_many_and_report_progress() {
    let catalog =
        replydesk::scenario::catalog::load_for_check(&[manifest().join("scenarios")], None);
    let entry = catalog.find("first-shift").unwrap();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| replydesk::stats::scenario_stats(entry));
    let counted = std::sync::atomic::AtomicU64::new(0);
    let many = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
        .install(|| {
            replydesk::stats::scenario_stats_counted(entry, &|n| {
                counted.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            })
        });
    assert_eq!(one, many);
    assert_eq!(
        counted.into_inner(),
        replydesk::stats::GAMES_PER_SCENARIO,
        "every strategy game is counted"
    );
}
