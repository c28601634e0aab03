//! A large xAPI export is written a statement at a time: 300,000 stored answers must not be
//! held in memory at once (one million used to abort the process). Its own test binary, so the
//! peak memory of its one child process is measured alone.

#![cfg(unix)]

use replydesk::record::Mode;
use replydesk::store::Store;
use std::process::{Command, Stdio};

#[test]
fn an_xapi_export_of_300000_answers_stays_small_in_memory() {
    let data = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(data.path()).unwrap();
    let mut store = store;
    store.init_passphrase("library-secret").unwrap();
    drop(store);
    // 3,000 sessions of 100 answers each, written in one transaction.
    let mut conn =
        rusqlite::Connection::open(data.path().join(replydesk::store::FILE_NAME)).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute(
        "INSERT INTO profiles (id, name, created_at) VALUES (1, 'Ann', 0)",
        [],
    )
    .unwrap();
    {
        let mut session = tx
            .prepare("INSERT INTO sessions (id, profile_id, scenario_id, scenario_hash, seed, mode, started_at, finished_at, score, passed) VALUES (?1, 1, 'first-shift', 'h', 1, ?2, 0, 10, 80, 1)")
            .unwrap();
        let mut answer = tx
            .prepare("INSERT INTO responses (session_id, post_id, option_id, arrived_at, answered_at, value, best, late, recorded_at) VALUES (?1, ?2, 'confirm', 0, 1, 1, 1, 0, 5)")
            .unwrap();
        for s in 1..=3000i64 {
            session
                .execute(rusqlite::params![s, Mode::Assessment])
                .unwrap();
            for p in 0..100 {
                answer
                    .execute(rusqlite::params![s, format!("post-{p}")])
                    .unwrap();
            }
        }
    }
    tx.commit().unwrap();
    drop(conn);

    let out = Command::new(env!("CARGO_BIN_EXE_replydesk"))
        .args(["report", "--format", "xapi", "--data-dir"])
        .arg(data.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("REPLYDESK_SUPERVISOR_PASSPHRASE", "library-secret")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Count the statements as they stream past, without keeping them.
    let mut child = out;
    let stdout = child.stdout.take().unwrap();
    let mut statements = 0usize;
    for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
        if line.unwrap().contains("\"verb\": {") {
            statements += 1;
        }
    }
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(
        statements,
        300_000 + 3_000,
        "an answered per answer, a completed per session"
    );

    // The peak resident memory of the (one) child process this test binary waited for.
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a rusage into the pointer given.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    assert_eq!(rc, 0);
    // SAFETY: getrusage returned 0, so it filled the struct.
    let peak_kib = unsafe { usage.assume_init() }.ru_maxrss;
    assert!(
        peak_kib < 150 * 1024,
        "the export peaked at {} MiB; it must stream",
        peak_kib / 1024
    );
}
