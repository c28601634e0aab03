//! The onboarding path: steps unlock in order, count only what they should, and stay completed
//! when path.ron is edited; its mistakes are placed; the certificate and its code. (The shipped
//! path itself is checked in tests/pack.rs.)

use replydesk::answers::{best_answers, play_scripted};
use replydesk::onboarding::{OnboardingPath, Position, StepMode, StepState, position};
use replydesk::record::Mode;
use replydesk::scenario::{Catalog, CatalogEntry, SourceFile, catalog};
use replydesk::store::{Profile, Store};
use std::path::Path;

fn pack() -> Catalog {
    catalog::load(
        &[Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")],
        None,
    )
}

fn path_of(text: &str, scenarios: &[CatalogEntry]) -> OnboardingPath {
    let file = SourceFile {
        path: "path.ron".into(),
        text: text.into(),
    };
    let (path, problems) = replydesk::onboarding::check(&file, scenarios);
    assert!(
        problems.iter().all(|d| !d.is_error()),
        "{:?}",
        problems.iter().map(|d| d.to_string()).collect::<Vec<_>>()
    );
    path.unwrap()
}

/// Plays `id` answering every post with its best option (or its worst), recorded in `mode`.
fn play(store: &mut Store, who: &Profile, entry: &CatalogEntry, best: bool, mode: Mode) {
    let mut answers = best_answers(&entry.scenario, &entry.guidelines, 5);
    if !best {
        for a in &mut answers {
            let (post, _) = entry
                .scenario
                .all_posts()
                .into_iter()
                .find(|(p, _)| p.id == a.post)
                .unwrap();
            let values = post.values(&entry.guidelines);
            let worst = (0..values.len())
                .min_by(|i, j| values[*i].total_cmp(&values[*j]))
                .unwrap();
            a.option = post.options[worst].id.clone();
        }
    }
    let run = play_scripted(
        entry.scenario.clone(),
        entry.guidelines.clone(),
        1,
        &answers,
    )
    .unwrap();
    store
        .record_run(
            who,
            &entry.scenario.id,
            &entry.content_hash,
            mode,
            &run.result,
        )
        .unwrap();
    // Sessions are stamped in whole seconds: the next one starts later.
    std::thread::sleep(std::time::Duration::from_millis(1100));
}

fn state(p: &Position, step: &str) -> StepState {
    p.steps.iter().find(|s| s.id == step).unwrap().state.clone()
}

fn done(p: &Position, step: &str) -> bool {
    matches!(state(p, step), StepState::Done { .. })
}

#[test]
fn steps_unlock_in_order_and_count_only_desk_sessions_in_their_mode_played_after_unlocking() {
    let catalog = pack();
    let path = &catalog.path.as_ref().unwrap().path;
    let find = |id: &str| catalog.find(id).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    let ana = store.profile("Ana").unwrap();

    let p = position(&store, &ana, path, &catalog.scenarios, true).unwrap();
    assert_eq!(state(&p, "first"), StepState::Available);
    assert_eq!(
        state(&p, "services"),
        StepState::Locked {
            waiting_for: vec!["First shift on the account".into()]
        }
    );
    assert_eq!(
        p.summary(),
        "0 of 8 steps done; next: First shift on the account"
    );

    // Services played well before First shift is done: it does not count yet.
    play(
        &mut store,
        &ana,
        find("services-and-policies"),
        true,
        Mode::Practice,
    );
    // A scripted run of First shift never counts; a poor practice run does not reach the mark.
    play(&mut store, &ana, find("first-shift"), true, Mode::Scripted);
    play(&mut store, &ana, find("first-shift"), false, Mode::Practice);
    let p = position(&store, &ana, path, &catalog.scenarios, true).unwrap();
    assert_eq!(p.done(), 0);

    play(&mut store, &ana, find("first-shift"), true, Mode::Practice);
    let p = position(&store, &ana, path, &catalog.scenarios, true).unwrap();
    assert!(matches!(
        state(&p, "first"),
        StepState::Done { score: 100, .. }
    ));
    assert_eq!(
        state(&p, "services"),
        StepState::Available,
        "played before it unlocked"
    );
    assert_eq!(state(&p, "advisory"), StepState::Available);
    assert_eq!(state(&p, "reference"), StepState::Available);

    // The certification step needs a passing assessment: practice does not do.
    for (step, id) in [
        ("services", "services-and-policies"),
        ("advisory", "readers-advisory"),
        ("reference", "obscure-questions"),
        ("trolls", "sarcasm-and-trolls"),
        ("hard", "hard-calls"),
        ("busy", "saturday-rush"),
    ] {
        play(&mut store, &ana, find(id), true, Mode::Practice);
        let p = position(&store, &ana, path, &catalog.scenarios, true).unwrap();
        assert!(done(&p, step), "{step}: {:?}", state(&p, step));
    }
    play(
        &mut store,
        &ana,
        find("certification"),
        true,
        Mode::Practice,
    );
    let p = position(&store, &ana, path, &catalog.scenarios, true).unwrap();
    assert_eq!(state(&p, "certification"), StepState::Available);
    assert!(!p.complete());
    play(
        &mut store,
        &ana,
        find("certification"),
        true,
        Mode::Assessment,
    );
    let p = position(&store, &ana, path, &catalog.scenarios, true).unwrap();
    assert!(p.complete(), "{p:?}");
    assert_eq!(p.summary(), "8 of 8 steps done: path complete");
}

#[test]
fn editing_path_ron_keeps_completed_steps_and_reports_removed_ones() {
    let catalog = pack();
    let find = |id: &str| catalog.find(id).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    let bo = store.profile("Bo").unwrap();
    let before = path_of(
        r#"OnboardingPath(title: "T", steps: [
            Step(id: "first", scenario: "first-shift"),
            Step(id: "services", scenario: "services-and-policies"),
            Step(id: "cert", scenario: "certification", mode: Assessment),
        ])"#,
        &catalog.scenarios,
    );
    play(&mut store, &bo, find("first-shift"), true, Mode::Practice);
    play(
        &mut store,
        &bo,
        find("services-and-policies"),
        true,
        Mode::Practice,
    );
    let p = position(&store, &bo, &before, &catalog.scenarios, true).unwrap();
    assert_eq!(p.done(), 2);

    // The supervisor raises the bar, drops a step and adds one.
    let after = path_of(
        r#"OnboardingPath(title: "T", steps: [
            Step(id: "first", scenario: "first-shift", score: 100),
            Step(id: "trolls", scenario: "sarcasm-and-trolls"),
            Step(id: "cert", scenario: "certification", mode: Assessment),
        ])"#,
        &catalog.scenarios,
    );
    let p = position(&store, &bo, &after, &catalog.scenarios, true).unwrap();
    assert!(done(&p, "first"), "completed stays completed");
    assert_eq!(state(&p, "trolls"), StepState::Available);
    assert_eq!(p.removed.len(), 1);
    assert_eq!(p.removed[0].step, "services");
    assert!(
        p.summary()
            .contains("1 completed step(s) no longer on the path"),
        "{}",
        p.summary()
    );
}

#[test]
fn mistakes_in_path_ron_are_reported_at_their_place_in_the_guide_s_words() {
    let catalog = pack();
    let file = SourceFile {
        path: "scenarios/path.ron".into(),
        text: r#"OnboardingPath(
    title: "T",
    steps: [
        Step(id: "first", scenario: "first-shift"),
        Step(id: "first", scenario: "hard-call"),
        Step(id: "last", scenario: "certification", mode: Assessment, score: 120, after: ["frist", "last"]),
    ],
)"#
        .into(),
    };
    let (path, problems) = replydesk::onboarding::check(&file, &catalog.scenarios);
    assert!(path.is_none());
    let text: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
    let all = text.join("\n");
    for expected in [
        "scenarios/path.ron:5:18: error: two steps are called `first` (steps 1 and 2)",
        "scenarios/path.ron:5:37: error: step `first` names the scenario `hard-call`, which is not in this folder (did you mean `hard-calls`?)",
        "step `last` asks for a score of 120; scores go from 0 to 100",
        "step `last` comes after `frist`, but no step is called `frist` (did you mean `first`?)",
        "step `last` comes after `last`, which is itself, not before it on the path",
    ] {
        assert!(all.contains(expected), "missing: {expected}\n{all}");
    }
}

/// A store where `name` completed the shipped path (every step played well, the certification
/// as a passing assessment), with the supervisor passphrase set.
fn completed(name: &str) -> tempfile::TempDir {
    let catalog = pack();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    store.init_passphrase("correct horse battery").unwrap();
    let who = store.profile(name).unwrap();
    let path = &catalog.path.as_ref().unwrap().path;
    for step in &path.steps {
        let mode = match step.mode {
            StepMode::Practice => Mode::Practice,
            StepMode::Assessment => Mode::Assessment,
        };
        play(
            &mut store,
            &who,
            catalog.find(&step.scenario).unwrap(),
            true,
            mode,
        );
    }
    let p = position(&store, &who, path, &catalog.scenarios, true).unwrap();
    assert!(p.complete(), "{p:?}");
    dir
}

fn replydesk(data: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_replydesk"))
        .arg("--scenarios")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("REPLYDESK_SUPERVISOR_PASSPHRASE", "correct horse battery")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// Saves `name`'s certificate into their data folder with the CLI; the PDF and its code.
fn issue(data: &Path, name: &str, file: &str) -> (std::path::PathBuf, String) {
    let pdf = data.join(file);
    let made = replydesk(
        data,
        &[
            "--profile",
            name,
            "certificate",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let said = String::from_utf8_lossy(&made.stderr).to_string();
    let code = said
        .split("verification code ")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches(')')
        .to_string();
    assert_eq!(code.len(), 19, "{said}");
    (pdf, code)
}

fn have(tool: &str) -> bool {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_certificate_says_who_what_when_and_how_well_and_its_code_checks_against_the_records() {
    if !(have("pdftotext") && have("pdftoppm")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install poppler-utils (.ci/run does)"
        );
        eprintln!("skipped: pdftotext and pdftoppm (poppler-utils) are not installed");
        return;
    }
    let name = "Ζωή Παπαδοπούλου-Smith";
    let data = completed(name);
    let (pdf, code) = issue(data.path(), name, "certificate.pdf");

    let text = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "Riverside Libraries",
        "Certificate of completion",
        name,
        "New staff onboarding",
        "First shift on the account",
        "Certification check",
        "assessment",
        "100 / 100",
        "Final assessment, by guideline",
        &format!("Verification code: {code}"),
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // One page, drawn: pdftoppm renders it.
    let png = data.path().join("page");
    let drawn = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "50",
            "-singlefile",
            pdf.to_str().unwrap(),
            png.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(drawn.success());
    assert!(
        std::fs::metadata(data.path().join("page.png"))
            .unwrap()
            .len()
            > 5_000
    );
    if let Some(dir) = std::env::var_os("REPLYDESK_KEEP_SHOTS") {
        std::fs::copy(
            data.path().join("page.png"),
            Path::new(&dir).join("certificate.png"),
        )
        .unwrap();
    }

    // The code checks, typed loosely; after a record it rests on changes, it does not.
    let ok = replydesk(
        data.path(),
        &[
            "certificate",
            "--verify",
            &code.to_lowercase().replace('-', " "),
        ],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with(&format!(
        "valid: {name} completed “New staff onboarding” on "
    )));
    let db = rusqlite::Connection::open(data.path().join("progress.sqlite3")).unwrap();
    db.execute(
        "UPDATE sessions SET score = 99 WHERE id = (SELECT MAX(id) FROM sessions)",
        [],
    )
    .unwrap();
    drop(db);
    let changed = replydesk(data.path(), &["certificate", "--verify", &code]);
    assert_eq!(changed.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&changed.stderr).contains("the records it rests on have changed")
    );
}

#[test]
fn a_certificate_waits_for_the_whole_path() {
    let catalog = pack();
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let who = store.profile("Cleo").unwrap();
        play(
            &mut store,
            &who,
            catalog.find("first-shift").unwrap(),
            true,
            Mode::Practice,
        );
    }
    let out = replydesk(
        dir.path(),
        &[
            "--profile",
            "Cleo",
            "certificate",
            "--out",
            dir.path().join("c.pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Cleo has not completed the path yet: 1 of 8 steps done"),
        "{said}"
    );
    assert!(!dir.path().join("c.pdf").exists());
}

/// A trainee with a path file of their own (every step asking for nothing) completes nothing
/// that counts on the library's path: completions stand only for their step's scenario, in its
/// mode, at a score the library's path would take.
#[test]
fn a_forged_path_file_completes_nothing_on_the_real_path() {
    let catalog = pack();
    let real = &catalog.path.as_ref().unwrap().path;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    let tom = store.profile("Tom").unwrap();
    // One failed practice of First shift.
    play(
        &mut store,
        &tom,
        catalog.find("first-shift").unwrap(),
        false,
        Mode::Practice,
    );
    let steps: Vec<String> = real
        .steps
        .iter()
        .map(|s| {
            format!(
                r#"Step(id: "{}", scenario: "first-shift", score: 0, after: [])"#,
                s.id
            )
        })
        .collect();
    let forged = path_of(
        &format!(
            r#"OnboardingPath(title: "T", steps: [{}])"#,
            steps.join(", ")
        ),
        &catalog.scenarios,
    );
    let p = position(&store, &tom, &forged, &catalog.scenarios, true).unwrap();
    assert_eq!(p.done(), 8, "the forged path is complete on its own terms");
    let p = position(&store, &tom, real, &catalog.scenarios, true).unwrap();
    assert_eq!(p.done(), 0, "{p:?}");
    // A forged step on the right scenario, asking for less than its pass mark, does not count
    // either.
    let lenient = path_of(
        r#"OnboardingPath(title: "T", steps: [Step(id: "first", scenario: "first-shift", score: 0)])"#,
        &catalog.scenarios,
    );
    position(&store, &tom, &lenient, &catalog.scenarios, true).unwrap();
    let p = position(&store, &tom, real, &catalog.scenarios, true).unwrap();
    assert_eq!(p.done(), 0, "{p:?}");
}

/// An issued certificate keeps verifying when the path is edited and when the trainee goes on
/// to complete more; verifying writes nothing.
#[test]
fn a_certificate_keeps_verifying_through_path_edits_and_verifying_writes_nothing() {
    let name = "Ana";
    let data = completed(name);
    let (_, code) = issue(data.path(), name, "c.pdf");
    // A folder whose path has one more step, and none at all: verifying needs neither.
    let edited = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, edited.path().join(f.file_name().unwrap())).unwrap();
    }
    let text = std::fs::read_to_string(edited.path().join("path.ron")).unwrap();
    std::fs::write(
        edited.path().join("path.ron"),
        text.replace(
            r#"        Step(id: "certification""#,
            "        Step(id: \"backlog\", scenario: \"monday-backlog\", after: [\"busy\"]),\n        Step(id: \"certification\"",
        ),
    )
    .unwrap();
    let before = std::fs::read(data.path().join("progress.sqlite3")).unwrap();
    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_replydesk"))
        .arg("--scenarios")
        .arg(edited.path())
        .arg("--data-dir")
        .arg(data.path())
        .args(["certificate", "--verify", &code])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        out.contains("First shift on the account: 100 / 100"),
        "{out}"
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_replydesk"))
        .current_dir(elsewhere.path())
        .arg("--data-dir")
        .arg(data.path())
        .args(["certificate", "--verify", &code])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "from any folder: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(
        std::fs::read(data.path().join("progress.sqlite3")).unwrap(),
        before,
        "verifying changed the store"
    );
    // A typo is told apart from a changed record.
    let typo = replydesk(
        data.path(),
        &["certificate", "--verify", "ZZZZ-ZZZZ-ZZZZ-ZZZZ"],
    );
    assert!(
        String::from_utf8_lossy(&typo.stderr)
            .contains("no certificate with the code ZZZZ-ZZZZ-ZZZZ-ZZZZ was issued")
    );
}

/// A long name is set smaller to fit the page, whole.
#[test]
fn a_long_name_fits_the_certificate_whole() {
    if !have("pdftotext") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install poppler-utils (.ci/run does)"
        );
        return;
    }
    let name = "Maria Alexandrina Konstantinopoulou-Wolfeschlegelsteinhausen";
    let data = completed(name);
    let (pdf, _) = issue(data.path(), name, "long.pdf");
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains(name));
    if let Some(dir) = std::env::var_os("REPLYDESK_KEEP_SHOTS") {
        std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "50", "-singlefile", pdf.to_str().unwrap()])
            .arg(Path::new(&dir).join("certificate-long"))
            .status()
            .unwrap();
    }
}
