//! The progress store: round trips, names as data, migrations from an empty file, answers that
//! survive an unfinished session, and a corrupt file moved aside rather than lost.

use replydesk::record::Mode;
use replydesk::store::{FILE_NAME, Store, StoreError, StoredAnswer, Verdict};

fn answer(post: &str, at: f64) -> StoredAnswer {
    StoredAnswer {
        post_id: post.into(),
        option_id: "opt".into(),
        arrived_at: at - 10.0,
        answered_at: at,
        value: 2.5,
        best: true,
        late: false,
    }
}

#[test]
fn a_session_round_trips_and_answers_survive_without_finishing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, notice) = Store::open(dir.path()).unwrap();
    assert!(notice.is_none());
    assert_eq!(
        store.schema_version().unwrap(),
        8,
        "migrated from version 0"
    );
    let p = store.profile("Zoë O'Brien \"the reader\"").unwrap();
    let s = store
        .start_session(&p, "first-shift", "abc123", u64::MAX, Mode::Practice)
        .unwrap();
    store
        .record_answer(s, &answer("saturday-hours", 45.0))
        .unwrap();
    store
        .record_answer(s, &answer("cosy-mystery", 130.0))
        .unwrap();
    drop(store); // the process dies before the session is finished

    let (store, _) = Store::open(dir.path()).unwrap();
    let p = store
        .find_profile("Zoë O'Brien \"the reader\"")
        .unwrap()
        .expect("the profile is kept");
    let open = store.unfinished(&p).unwrap().expect("offered for resume");
    assert_eq!(
        open.seed,
        u64::MAX,
        "the seed round-trips through SQLite's signed integers"
    );
    assert_eq!(open.scenario_hash, "abc123");
    let answers = store.answers(open.id).unwrap();
    assert_eq!(
        answers,
        vec![
            answer("saturday-hours", 45.0),
            answer("cosy-mystery", 130.0)
        ]
    );
}

#[test]
fn finishing_records_score_and_guidelines() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    let p = store.profile("Sam").unwrap();
    let s = store
        .start_session(&p, "first-shift", "h", 3, Mode::Assessment)
        .unwrap();
    let entry = replydesk::scenario::catalog::load(
        &[std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/first-shift.ron")],
        None,
    )
    .scenarios
    .remove(0);
    let run = replydesk::answers::play_scripted(entry.scenario, entry.guidelines, 3, &[]).unwrap();
    store.finish_session(s, &run.result).unwrap();
    let sessions = store.sessions(&p).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].score, Some(0));
    assert_eq!(sessions[0].passed, Some(false));
    assert!(store.unfinished(&p).unwrap().is_none());
    let history = store.guideline_history(&p).unwrap();
    assert!(!history.is_empty() && history.iter().all(|(id, _, _)| *id == s));
}

#[test]
fn profile_names_are_data_or_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    for name in [
        "مريم",
        "👩‍💼 Ana",
        "Robert'); DROP TABLE profiles;--",
        "李小龙",
    ] {
        assert_eq!(store.profile(name).unwrap().name, name);
    }
    assert_eq!(
        store.profiles().unwrap().len(),
        4,
        "the SQL-looking name was only data"
    );
    assert!(matches!(store.profile("   "), Err(StoreError::EmptyName)));
    assert!(matches!(
        store.profile("a\0b"),
        Err(StoreError::ControlCharacter)
    ));
    assert!(matches!(
        store.profile(&"x".repeat(10_000)),
        Err(StoreError::NameTooLong)
    ));
    assert_eq!(store.profile(" Ana ").unwrap().name, "Ana", "trimmed");
    assert_eq!(
        store.profile("Ana").unwrap().id,
        store.profile("Ana").unwrap().id
    );
}

#[test]
fn a_corrupt_file_is_moved_aside_and_a_fresh_store_started() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(FILE_NAME),
        b"this is not a database, it is a shopping list",
    )
    .unwrap();
    let (store, notice) = Store::open(dir.path()).unwrap();
    let notice = notice.expect("the trainee is told");
    assert!(
        notice.contains("damaged") && notice.contains(".corrupt-"),
        "{notice}"
    );
    assert!(store.profiles().unwrap().is_empty());
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read(kept[0].path()).unwrap(),
        b"this is not a database, it is a shopping list"
    );
}

#[test]
fn the_supervisor_passphrase_is_stored_only_as_an_argon2_hash() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    assert!(!store.has_passphrase().unwrap());
    assert!(matches!(
        store.verify_passphrase("anything"),
        Err(StoreError::NoPassphrase)
    ));
    assert!(matches!(
        store.init_passphrase("short"),
        Err(StoreError::WeakPassphrase)
    ));
    store.init_passphrase("correct horse battery").unwrap();
    assert_eq!(
        store.verify_passphrase("correct horse battery").unwrap(),
        Verdict::Accepted
    );
    assert!(matches!(
        store.verify_passphrase("correct horse battery "),
        Ok(Verdict::Wrong { failed: 1, .. })
    ));
    drop(store);
    let bytes = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        !text.contains("correct horse battery"),
        "never in plain text"
    );
    assert!(text.contains("$argon2"));
}

#[test]
fn a_version_1_store_migrates_forward_keeping_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        // A store as version 1 left it: no settings table, no recorded_at column.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE profiles (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
             CREATE TABLE sessions (id INTEGER PRIMARY KEY, profile_id INTEGER NOT NULL, scenario_id TEXT NOT NULL,
                scenario_hash TEXT NOT NULL, seed INTEGER NOT NULL, mode TEXT NOT NULL, started_at INTEGER NOT NULL,
                finished_at INTEGER, score INTEGER, passed INTEGER);
             CREATE TABLE responses (session_id INTEGER NOT NULL, post_id TEXT NOT NULL, option_id TEXT NOT NULL,
                arrived_at REAL NOT NULL, answered_at REAL NOT NULL, value REAL NOT NULL, best INTEGER NOT NULL,
                late INTEGER NOT NULL, PRIMARY KEY (session_id, post_id));
             CREATE TABLE guideline_results (session_id INTEGER NOT NULL, guideline_id TEXT NOT NULL, percent INTEGER NOT NULL,
                PRIMARY KEY (session_id, guideline_id));
             INSERT INTO profiles VALUES (1, 'Old Timer', 0);
             INSERT INTO sessions VALUES (1, 1, 'first-shift', 'h', 9, 'Practice', 0, NULL, NULL, NULL);
             INSERT INTO responses VALUES (1, 'saturday-hours', 'confirm', 0.0, 30.0, 7.0, 1, 0);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let (mut store, notice) = Store::open(dir.path()).unwrap();
    assert!(notice.is_none());
    assert_eq!(store.schema_version().unwrap(), 8);
    let p = store.find_profile("Old Timer").unwrap().unwrap();
    let s = store.unfinished(&p).unwrap().unwrap();
    assert_eq!(store.answers(s.id).unwrap().len(), 1);
    assert_eq!(
        store.recorded_at(s.id).unwrap(),
        vec![("saturday-hours".to_string(), 0)]
    );
    store.init_passphrase("now with settings").unwrap();
}

/// A name differing from another only in spacing is that name; one word mixing alphabets, as
/// a lookalike would, is refused; names in any one script, or several words in several, are fine.
#[test]
fn no_name_can_pass_for_another_by_spacing_or_mixed_alphabets() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    let real = store.profile("Trainee 7").unwrap();
    for same in [
        "Trainee\u{a0}7",
        "Trainee  7",
        " Trainee 7 ",
        "Trainee\u{2003}7",
    ] {
        assert_eq!(store.profile(same).unwrap().id, real.id, "{same:?}");
        assert_eq!(store.find_profile(same).unwrap().unwrap().id, real.id);
    }
    let fake = store.profile("Tr\u{430}inee 7").unwrap_err().to_string();
    assert!(
        fake.contains("mixes Latin, Cyrillic or Greek letters in one word"),
        "{fake}"
    );
    for fine in [
        "Анна Петрова",
        "Ζωή",
        "Zoë Ångström",
        "Anna Петрова",
        "王芳",
        "José 7",
        "Παπαδοπούλου-Smith",
    ] {
        store
            .profile(fine)
            .unwrap_or_else(|e| panic!("{fine}: {e}"));
    }
    assert_eq!(store.profiles().unwrap().len(), 8);
}
