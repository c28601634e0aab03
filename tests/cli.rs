//! The command line end to end, as a supervisor and a script would use it.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn replydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_replydesk"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// No output a person can cause may look like a crash.
fn assert_no_crash(out: &Output) {
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(
        !all.contains("panicked")
            && !all.contains("RUST_BACKTRACE")
            && !all.contains("internal error"),
        "{all}"
    );
}

#[test]
fn check_of_the_shipped_scenarios_is_clean() {
    let out = replydesk(&["check"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("0 errors, 0 warnings"));
}

#[test]
fn check_reports_every_problem_in_every_file_in_one_run() {
    let out = replydesk(&["check", "tests/fixtures"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    for file in [
        "syntax_missing_bracket",
        "duplicate_post",
        "points_out_of_range",
        "warn_same_value",
        "bad_weight_guidelines",
    ] {
        assert!(
            stdout.contains(&format!("tests/fixtures/{file}.ron:")),
            "{file} missing from:\n{stdout}"
        );
    }
    // file:line:col, the line itself and a caret under the mistake
    assert!(stdout.contains(
        "tests/fixtures/unknown_guideline.ron:11:64: error: unknown guideline `acurate` in option `good` (did you mean `accurate`?)\n"
    ));
    assert!(stdout.contains(
        "11 |             (id: \"good\", action: Reply, text: \"Yes!\", scores: {\"acurate\": 2}"
    ));
    assert!(stdout.contains(&format!(
        "    |{}^^^^^^^^^
",
        " ".repeat(64)
    )));
    assert!(stdout.contains("error"));
    assert_no_crash(&out);
}

#[test]
fn check_of_a_missing_file_says_so() {
    let out = replydesk(&["check", "no/such/file.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("no/such/file.ron: error: no such file"));
    assert_no_crash(&out);
}

#[test]
fn play_prints_the_result_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.ron");
    std::fs::write(
        &answers,
        r#"[(post: "new-card", option: "explain", delay: 30), (post: "saturday-hours", option: "confirm", delay: 45)]"#,
    )
    .unwrap();
    let out = replydesk(&[
        "play",
        "scenarios/first-shift.ron",
        "--seed",
        "5",
        "--answers",
        answers.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scenario"], "first-shift");
    assert_eq!(v["seed"], 5);
    assert_eq!(v["passed"], false);
    assert_eq!(v["critical_breaches"], serde_json::json!([]));
    // nine top-level posts and the follow-up that "confirm" triggers, which went unanswered
    let posts = v["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 10);
    let card = posts.iter().find(|p| p["post"] == "new-card").unwrap();
    assert_eq!(card["option"], "explain");
    assert_eq!(card["best"], true);
    assert_eq!(card["late"], false);
    assert_eq!(card["score"], 1.0);
    // 2 of 10 posts answered perfectly: 20
    assert_eq!(v["score"], 20);
    let kinds = v["kinds"].as_object().unwrap();
    let tally = |field: &str| {
        kinds
            .values()
            .map(|k| k[field].as_u64().unwrap())
            .sum::<u64>()
    };
    assert_eq!((tally("best"), tally("total")), (2, 10));
    assert!(v["guidelines"]["privacy"].is_number());

    // same seed, same answers: the same bytes
    let again = replydesk(&[
        "play",
        "first-shift",
        "--seed",
        "5",
        "--answers",
        answers.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn play_reports_an_unknown_post_in_the_answers_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.ron");
    std::fs::write(
        &answers,
        "[\n  (post: \"new-crad\", option: \"explain\", delay: 30),\n]\n",
    )
    .unwrap();
    let out = replydesk(&[
        "play",
        "first-shift",
        "--answers",
        answers.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("answers.ron:2:10: error: scenario `first-shift` has no post `new-crad` (did you mean `new-card`?)"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_no_crash(&out);
}

#[test]
fn play_reports_broken_answers_and_missing_scenarios_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.ron");
    std::fs::write(
        &answers,
        "[(post: \"new-card\", option: \"explain\", delay: 30)",
    )
    .unwrap();
    let out = replydesk(&[
        "play",
        "first-shift",
        "--answers",
        answers.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("answers.ron:1:"),
        "{}",
        text(&out.stderr)
    );
    assert_no_crash(&out);

    let out = replydesk(&[
        "play",
        "no-such-scenario",
        "--answers",
        answers.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no scenario `no-such-scenario`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("first-shift"),
        "lists the scenarios there: {stderr}"
    );
    assert_no_crash(&out);

    let missing = Path::new("nope.ron");
    let out = replydesk(&[
        "play",
        "first-shift",
        "--answers",
        missing.to_str().unwrap(),
    ]);
    assert!(text(&out.stderr).contains("nope.ron: error: no such file"));
}

#[test]
fn play_refuses_a_scenario_that_fails_the_checker() {
    let out = replydesk(&[
        "play",
        "tests/fixtures/duplicate_option.ron",
        "--answers",
        "tests/fixtures/valid.ron",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("duplicate option id `good`"));
    assert_no_crash(&out);
}

#[test]
fn new_writes_a_starter_that_passes_the_checker_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/guidelines.ron"),
        dir.path().join("guidelines.ron"),
    )
    .unwrap();
    let out = replydesk(&["new", "holiday-hours", "--scenarios", folder]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let starter = dir.path().join("holiday-hours.ron");
    let check = replydesk(&["check", starter.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stdout));
    assert!(
        text(&check.stdout).contains("1 scenario ready, 0 errors, 0 warnings"),
        "{}",
        text(&check.stdout)
    );

    let again = replydesk(&["new", "holiday-hours", "--scenarios", folder]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already exists"));
    let bad = replydesk(&["new", "../escape", "--scenarios", folder]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("cannot be a scenario id"));
    assert!(!dir.path().parent().unwrap().join("escape.ron").exists());
}

#[test]
fn check_stats_prints_the_chance_table() {
    let out = replydesk(&["check", "--stats"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("scenario") && stdout.contains("chance") && stdout.contains("pass"),
        "{stdout}"
    );
    let row = stdout
        .lines()
        .find(|l| l.starts_with("first-shift"))
        .expect("a row per scenario");
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[7], "100", "best play scores 100: {row}");
    assert_eq!(cells[8], "0", "worst play scores 0: {row}");
}

#[test]
fn play_with_a_profile_records_a_scripted_session_in_the_store() {
    let data = tempfile::tempdir().unwrap();
    let answers = data.path().join("answers.ron");
    std::fs::write(
        &answers,
        r#"[(post: "new-card", option: "explain", delay: 30)]"#,
    )
    .unwrap();
    let out = replydesk(&[
        "play",
        "first-shift",
        "--seed",
        "4",
        "--answers",
        answers.to_str().unwrap(),
        "--json",
        "--profile",
        "Zoë",
        "--data-dir",
        data.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (store, _) = replydesk::store::Store::open(data.path()).unwrap();
    let profile = store.find_profile("Zoë").unwrap().expect("created");
    let sessions = store.sessions(&profile).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].seed, 4);
    assert_eq!(
        sessions[0].mode,
        replydesk::record::Mode::Scripted,
        "a file of answers is never an assessment"
    );
    assert_eq!(sessions[0].score.map(u64::from), v["score"].as_u64());
    let stored = store.answers(sessions[0].id).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].post_id, "new-card");
    assert_eq!(stored[0].option_id, "explain");
}

/// Two trainees with one assessment each, recorded through the store as the desk records them
/// (the desk cannot be driven from here; `play --answers` records Scripted runs), and the
/// supervisor passphrase "library-secret" set with `supervisor init`.
fn two_trainees() -> tempfile::TempDir {
    use replydesk::answers::play_scripted;
    let data = tempfile::tempdir().unwrap();
    let catalog = replydesk::scenario::catalog::load(
        &[Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")],
        None,
    );
    let (mut store, _) = replydesk::store::Store::open(data.path()).unwrap();
    for (scenario, post, option, name) in [
        ("first-shift", "new-card", "explain", "Zoë, \"Z\""),
        ("mixed-bag", "card-number-public", "hide", "Sam"),
    ] {
        let entry = catalog.find(scenario).unwrap();
        let run = play_scripted(
            entry.scenario.clone(),
            entry.guidelines.clone(),
            2,
            &[common::answer(post, option, 30)],
        )
        .unwrap();
        let profile = store.profile(name).unwrap();
        store
            .record_run(
                &profile,
                scenario,
                &entry.content_hash,
                replydesk::record::Mode::Assessment,
                &run.result,
            )
            .unwrap();
    }
    drop(store);
    let init = supervisor(data.path(), "init", Some("library-secret"));
    assert!(init.status.success(), "{}", text(&init.stderr));
    data
}

/// `replydesk supervisor COMMAND` with the passphrase in the environment (or none), no terminal.
fn supervisor(data: &Path, command: &str, passphrase: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_replydesk"));
    cmd.args(["supervisor", command])
        .arg("--data-dir")
        .arg(data)
        .env_remove("REPLYDESK_SUPERVISOR_PASSPHRASE")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if let Some(p) = passphrase {
        cmd.env("REPLYDESK_SUPERVISOR_PASSPHRASE", p);
    }
    cmd.stdin(std::process::Stdio::null()).output().unwrap()
}

fn report(data: &Path, args: &[&str], passphrase: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_replydesk"));
    cmd.arg("report")
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("REPLYDESK_SUPERVISOR_PASSPHRASE");
    if let Some(p) = passphrase {
        cmd.env("REPLYDESK_SUPERVISOR_PASSPHRASE", p);
    }
    cmd.stdin(std::process::Stdio::null()).output().unwrap()
}

#[test]
fn a_report_for_everyone_needs_the_supervisor_passphrase() {
    let data = two_trainees();
    let refused = report(data.path(), &[], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("needs the supervisor passphrase"));
    assert!(refused.stdout.is_empty(), "nothing leaks");

    let first = report(data.path(), &[], Some("library-secret"));
    assert!(first.status.success(), "{}", text(&first.stderr));
    let shown = text(&first.stdout);
    assert!(
        shown.contains("Zoë, \"Z\"")
            && shown.contains("Sam")
            && shown.contains("A mixed afternoon"),
        "{shown}"
    );

    let wrong = report(data.path(), &[], Some("not-the-secret"));
    assert_eq!(wrong.status.code(), Some(1));
    assert!(text(&wrong.stderr).contains("wrong supervisor passphrase"));
    assert!(wrong.stdout.is_empty());
    std::thread::sleep(std::time::Duration::from_millis(1100));

    let own = report(data.path(), &["--profile", "Sam"], None);
    assert!(own.status.success());
    assert!(
        !text(&own.stdout).contains("Zoë"),
        "a trainee sees only their own records"
    );
}

#[test]
fn csv_reports_quote_names_and_have_headers() {
    let data = two_trainees();
    let sessions = report(data.path(), &["--format", "csv"], Some("library-secret"));
    let csv = text(&sessions.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "profile,session,scenario,mode,assessment,time_factor,started,finished,score,passed,notes,passphrase_reset,store_replaced"
    );
    assert_eq!(lines.len(), 3);
    assert!(
        lines[1].starts_with("\"Zoë, \"\"Z\"\"\",1,first-shift,Assessment,true,1,20"),
        "{}",
        lines[1]
    );
    let answers = report(
        data.path(),
        &["--format", "csv", "--responses"],
        Some("library-secret"),
    );
    let csv = text(&answers.stdout);
    assert!(csv.starts_with(
        "profile,session,scenario,mode,post,option,arrived_at,answered_at,value,best,late,notes,passphrase_reset,store_replaced\n"
    ));
    assert!(
        csv.contains(",mixed-bag,Assessment,card-number-public,hide,"),
        "{csv}"
    );
}

#[test]
fn xapi_reports_are_statements_a_learning_record_store_accepts() {
    let data = two_trainees();
    let out_file = data.path().join("statements.json");
    let out = report(
        data.path(),
        &["--format", "xapi", "--out", out_file.to_str().unwrap()],
        Some("library-secret"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    let statements = v.as_array().unwrap();
    assert_eq!(
        statements.len(),
        4,
        "one answered and one completed per session"
    );
    let completed: Vec<&serde_json::Value> = statements
        .iter()
        .filter(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed")
        .collect();
    assert_eq!(completed.len(), 2);
    for s in &completed {
        assert_eq!(
            s["actor"]["account"]["homePage"],
            "https://library.example.org"
        );
        assert!(
            s["object"]["id"]
                .as_str()
                .unwrap()
                .starts_with("https://library.example.org/replydesk/scenarios/")
        );
        let score = &s["result"]["score"];
        assert_eq!(score["min"], 0);
        assert_eq!(score["max"], 100);
        let (scaled, raw) = (
            score["scaled"].as_f64().unwrap(),
            score["raw"].as_f64().unwrap(),
        );
        assert!((scaled * 100.0 - raw).abs() < 1e-9, "{scaled} {raw}");
        assert!(s["result"]["duration"].as_str().unwrap().starts_with("PT"));
        let ts = s["timestamp"].as_str().unwrap();
        assert!(
            ts.len() == 20 && ts.ends_with('Z') && &ts[10..11] == "T",
            "RFC 3339: {ts}"
        );
    }
    let answered = statements
        .iter()
        .find(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered")
        .unwrap();
    assert!(
        answered["object"]["id"]
            .as_str()
            .unwrap()
            .contains("/posts/")
    );
    assert!(answered["result"]["success"].is_boolean());
}

#[test]
fn item_statistics_need_the_passphrase_and_come_as_json_csv_and_text() {
    let data = two_trainees();
    let refused = report(data.path(), &["--items", "first-shift"], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("passphrase"));
    let wrong = report(
        data.path(),
        &["--items", "first-shift"],
        Some("wrong horse"),
    );
    assert_eq!(wrong.status.code(), Some(1));
    std::thread::sleep(std::time::Duration::from_millis(1100));

    let json = report(
        data.path(),
        &["--items", "first-shift", "--format", "json"],
        Some("library-secret"),
    );
    assert!(json.status.success(), "{}", text(&json.stderr));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["scenario"], "first-shift");
    assert!(v["passphrase_reset"].is_null());
    let items = v["items"].as_array().unwrap();
    let card = items.iter().find(|i| i["post"] == "new-card").unwrap();
    // One finished session of first-shift, which chose the best option on new-card.
    assert_eq!(card["attempts"], 1);
    assert_eq!(card["difficulty"], 1.0);
    assert!(card["discrimination"].is_null(), "fewer than 5 attempts");
    assert_eq!(card["options"]["explain"], 1.0);
    assert_eq!(card["unanswered"], 0.0);
    assert_eq!(card["flags"], serde_json::json!([]));
    let hours = items
        .iter()
        .find(|i| i["post"] == "saturday-hours")
        .unwrap();
    assert_eq!(hours["unanswered"], 1.0);

    let csv = report(
        data.path(),
        &["--items", "first-shift", "--format", "csv"],
        Some("library-secret"),
    );
    let csv = text(&csv.stdout);
    assert!(csv.starts_with(
        "post,attempts,difficulty,discrimination,unanswered,flags,option,share,passphrase_reset,store_replaced\n"
    ));
    assert!(
        csv.contains("\nnew-card,1,1.00,,0.00,,explain,1.00,,\n"),
        "{csv}"
    );

    let plain = report(
        data.path(),
        &["--items", "first-shift"],
        Some("library-secret"),
    );
    assert!(
        text(&plain.stdout).contains("Item statistics: "),
        "{}",
        text(&plain.stdout)
    );
    let unknown = report(
        data.path(),
        &["--items", "frist-shift"],
        Some("library-secret"),
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("no scenario `frist-shift`"));
}

#[test]
fn show_prints_a_scenario_on_paper_and_as_json_with_facts_filled_in() {
    let out = replydesk(&["show", "first-shift"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let paper = text(&out.stdout);
    assert!(paper.contains("━━ POST saturday-hours"), "{paper}");
    assert!(paper.contains("★ BEST"));
    assert!(paper.contains("feedback: "));
    assert!(!paper.contains("{saturday_hours}") && !paper.contains("{website}"));
    // Follow-ups are printed under the option that triggers them, indented.
    let follow = paper.find("POST saturday-thanks").unwrap();
    let option = paper.find("1. confirm").unwrap();
    assert!(option < follow);

    let out = replydesk(&["show", "first-shift", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v["posts"][0];
    assert_eq!(first["id"], "saturday-hours");
    let confirm = &first["options"][0];
    assert_eq!(confirm["best"], true);
    assert_eq!(confirm["post_score"], 1.0);
    assert!(confirm["follow_up"]["post"]["id"] == "saturday-thanks");
    let missing = replydesk(&["show", "no-such"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn check_stats_json_holds_the_strategy_table() {
    let out = replydesk(&["check", "--stats", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let scenarios = v["scenarios"].as_array().unwrap();
    assert!(scenarios.len() >= 10);
    let s = &scenarios[0];
    let names: Vec<&str> = s["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["strategy"].as_str().unwrap())
        .collect();
    assert!(names.len() >= 6 && names.contains(&"longest") && names.contains(&"lone-link"));
    assert_eq!(v["warnings"], 0);
    assert_eq!(v["strategy_warnings"], serde_json::json!([]));
}
