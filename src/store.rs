//! The progress store: profiles, sessions and every answer, in SQLite, written as they happen.
//!
//! One transaction per write, WAL journal, schema versioned with `PRAGMA user_version` and
//! migrated forward in code. A file SQLite reports as corrupt is moved aside, never deleted.

use crate::files;
use crate::record::{Event, Mode};
use crate::scoring::SessionResult;
use crate::session::GivenAnswer;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file name inside the data directory.
pub const FILE_NAME: &str = "progress.sqlite3";

/// Forward migrations; `MIGRATIONS[i]` takes the schema from version i to i + 1.
const MIGRATIONS: &[&str] = &[
    r#"
    CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        scenario_id TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        seed INTEGER NOT NULL,
        mode TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        score INTEGER,
        passed INTEGER
    );
    CREATE TABLE responses (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        post_id TEXT NOT NULL,
        option_id TEXT NOT NULL,
        arrived_at REAL NOT NULL,
        answered_at REAL NOT NULL,
        value REAL NOT NULL,
        best INTEGER NOT NULL,
        late INTEGER NOT NULL,
        PRIMARY KEY (session_id, post_id)
    );
    CREATE TABLE guideline_results (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        guideline_id TEXT NOT NULL,
        percent INTEGER NOT NULL,
        PRIMARY KEY (session_id, guideline_id)
    );
"#,
    r#"
    -- version 2: when each answer was recorded (wall clock, for reports), and settings
    ALTER TABLE responses ADD COLUMN recorded_at INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
"#,
    r#"
    -- version 3: optional trainee PINs (Argon2 hashes), and a log of what was done to
    -- supervisor access (resets), so every later report can show it
    ALTER TABLE profiles ADD COLUMN pin_hash TEXT;
    CREATE TABLE access_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        event TEXT NOT NULL,
        detail TEXT NOT NULL
    );
"#,
];

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the progress store at {path} cannot be used: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the progress store at {path} was written by a newer replydesk (schema {version}); update replydesk to use it"
    )]
    TooNew { path: PathBuf, version: usize },
    #[error("a profile name cannot be empty")]
    EmptyName,
    #[error("a profile name may not hold control characters (such as NUL)")]
    ControlCharacter,
    #[error(
        "a profile name may not hold invisible or direction-changing characters (such as a zero-width space): names must look like who they are"
    )]
    InvisibleCharacter,
    #[error("a profile name may be at most {MAX_NAME_CHARS} characters")]
    NameTooLong,
    #[error(
        "a supervisor passphrase needs at least {MIN_PASSPHRASE_CHARS} characters that are not spaces"
    )]
    WeakPassphrase,
    #[error("a PIN needs at least {MIN_PIN_CHARS} characters that are not spaces")]
    WeakPin,
    #[error(
        "a supervisor passphrase is already set; only `replydesk supervisor reset` replaces it"
    )]
    PassphraseAlreadySet,
    #[error("no supervisor passphrase is set yet: the supervisor runs `replydesk supervisor init`")]
    NoPassphrase,
    /// A report asked for in a form it does not come in.
    #[error("{0}")]
    Usage(String),
}

/// The longest profile name accepted.
pub const MAX_NAME_CHARS: usize = 200;
/// The fewest non-space characters a supervisor passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// The fewest non-space characters a trainee PIN may have.
pub const MIN_PIN_CHARS: usize = 4;
/// The longest wait after repeated wrong passphrases or PINs, in seconds.
pub const MAX_WAIT_SECS: u64 = 60;

/// Where progress lives: `--data-dir`, else `REPLYDESK_DATA_DIR`, else the user's data folder.
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os("REPLYDESK_DATA_DIR") {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("org", "replydesk", "replydesk")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".replydesk"))
}

/// A trainee's profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: i64,
    pub name: String,
}

/// A session as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSession {
    pub id: i64,
    pub scenario_id: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub mode: Mode,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub score: Option<u32>,
    pub passed: Option<bool>,
}

/// One stored answer.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    pub post_id: String,
    pub option_id: String,
    pub arrived_at: f64,
    pub answered_at: f64,
    pub value: f64,
    pub best: bool,
    pub late: bool,
}

impl StoredAnswer {
    /// The answer as a replay takes it.
    pub fn given(&self) -> GivenAnswer {
        GivenAnswer {
            post: self.post_id.clone(),
            option: self.option_id.clone(),
            at: self.answered_at,
        }
    }
}

/// The open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Store {
    /// Opens (or creates) the store in `dir`. A corrupt file is moved aside and a fresh store
    /// started; the returned notice says so, for the app or the CLI to show plainly.
    ///
    /// The folder is made private to the computer's account (0700) and the store's files 0600,
    /// tightening ones an older replydesk created readable by everyone.
    pub fn open(dir: &Path) -> Result<(Store, Option<String>), StoreError> {
        let folder = |source| StoreError::Folder {
            path: dir.to_path_buf(),
            source,
        };
        let existed = dir.is_dir();
        std::fs::create_dir_all(dir).map_err(folder)?;
        files::private_folder(dir, !existed).map_err(folder)?;
        let path = dir.join(FILE_NAME);
        let opened = Self::open_file(&path);
        // Now that the store is in it, an existing folder is tightened too.
        if opened.is_ok() {
            files::private_folder(dir, false).map_err(folder)?;
        }
        match opened {
            Ok(store) => Ok((store, None)),
            Err(StoreError::Sqlite { source, .. }) if is_corruption(&source) => {
                let aside = dir.join(format!("{FILE_NAME}.corrupt-{}", now()));
                for suffix in ["", "-wal", "-shm"] {
                    let from = PathBuf::from(format!("{}{suffix}", path.display()));
                    if from.exists() {
                        let to = PathBuf::from(format!("{}{suffix}", aside.display()));
                        std::fs::rename(&from, &to).map_err(|source| StoreError::Folder {
                            path: from.clone(),
                            source,
                        })?;
                        files::tighten(&to).map_err(|source| StoreError::Folder {
                            path: to.clone(),
                            source,
                        })?;
                    }
                }
                let mut store = Self::open_file(&path)?;
                // Said in every later report: records before now are in the file kept aside, and
                // the fresh store has no passphrase until someone sets one.
                let tx = store.conn.transaction().map_err(|e| sqlite(&path, e))?;
                log_access(&tx, STORE_REPLACED, &aside.display().to_string())
                    .map_err(|e| sqlite(&path, e))?;
                tx.commit().map_err(|e| sqlite(&path, e))?;
                let notice = format!(
                    "The progress file was damaged. It has been kept as {} and a new one started.",
                    aside.display()
                );
                Ok((store, Some(notice)))
            }
            Err(e) => Err(e),
        }
    }

    /// The store's own files (the database and SQLite's journal beside it), which no report
    /// may overwrite.
    pub fn files(dir: &Path) -> [PathBuf; 3] {
        let main = dir.join(FILE_NAME);
        [
            PathBuf::from(format!("{}-wal", main.display())),
            PathBuf::from(format!("{}-shm", main.display())),
            main,
        ]
    }

    fn open_file(path: &Path) -> Result<Store, StoreError> {
        let wrap = |source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        files::create_private(path).map_err(|source| StoreError::Folder {
            path: path.to_path_buf(),
            source,
        })?;
        let conn = Connection::open(path).map_err(wrap)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(wrap)?;
        // Reading the header proves the file is a database before anything is written.
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(wrap)?;
        if check != "ok" {
            return Err(wrap(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(check),
            )));
        }
        // A newer replydesk's store is refused before anything about it is changed.
        let version = conn
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .map_err(wrap)? as usize;
        if version > MIGRATIONS.len() {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                version,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(wrap)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(wrap)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        if let Some(dir) = path.parent() {
            for file in Self::files(dir) {
                files::tighten(&file).map_err(|source| StoreError::Folder {
                    path: file.clone(),
                    source,
                })?;
            }
        }
        Ok(store)
    }

    fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<usize, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .map(|v| v as usize)
            .map_err(|e| self.sqlite(e))
    }

    /// Brings the schema up to date. The version is read inside an immediate transaction, so
    /// two instances opening a new store at once do not both run the same migration.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(wrap)?;
        let version = tx
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .map_err(wrap)? as usize;
        if version > MIGRATIONS.len() {
            return Err(StoreError::TooNew {
                path: path.clone(),
                version,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            tx.execute_batch(sql).map_err(wrap)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .map_err(wrap)?;
        }
        tx.commit().map_err(wrap)
    }

    /// The profile with this display name, created if new. Names are data: any Unicode but
    /// control characters, trimmed, at most [`MAX_NAME_CHARS`].
    pub fn profile(&self, name: &str) -> Result<Profile, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::EmptyName);
        }
        if name.chars().any(char::is_control) {
            return Err(StoreError::ControlCharacter);
        }
        if name.chars().any(is_invisible) {
            return Err(StoreError::InvisibleCharacter);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(StoreError::NameTooLong);
        }
        self.conn
            .execute(
                "INSERT INTO profiles (name, created_at) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
                params![name, now()],
            )
            .map_err(|e| self.sqlite(e))?;
        let id = self
            .conn
            .query_row(
                "SELECT id FROM profiles WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(Profile {
            id,
            name: name.to_string(),
        })
    }

    pub fn profiles(&self) -> Result<Vec<Profile>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name FROM profiles ORDER BY name")
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Profile {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// Records the start of a session; answers follow one by one with [`Store::record_answer`].
    pub fn start_session(
        &self,
        profile: &Profile,
        scenario_id: &str,
        scenario_hash: &str,
        seed: u64,
        mode: Mode,
    ) -> Result<i64, StoreError> {
        self.conn
            .execute(
                "INSERT INTO sessions (profile_id, scenario_id, scenario_hash, seed, mode, started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![profile.id, scenario_id, scenario_hash, seed as i64, mode, now()],
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Commits one answer at once, so nothing given is lost if the process dies.
    pub fn record_answer(&self, session: i64, answer: &StoredAnswer) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO responses (session_id, post_id, option_id, arrived_at, answered_at, value, best, late, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    session,
                    answer.post_id,
                    answer.option_id,
                    answer.arrived_at,
                    answer.answered_at,
                    answer.value,
                    answer.best,
                    answer.late,
                    now()
                ],
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(())
    }

    /// Marks a session finished with its result, in one transaction.
    pub fn finish_session(
        &mut self,
        session: i64,
        result: &SessionResult,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        tx.execute(
            "UPDATE sessions SET finished_at = ?2, score = ?3, passed = ?4 WHERE id = ?1",
            params![session, now(), result.score, result.passed],
        )
        .map_err(wrap)?;
        for (guideline, percent) in &result.guidelines {
            tx.execute(
                "INSERT OR REPLACE INTO guideline_results (session_id, guideline_id, percent) VALUES (?1, ?2, ?3)",
                params![session, guideline, percent],
            )
            .map_err(wrap)?;
        }
        tx.commit().map_err(wrap)
    }

    /// The one recorder: writes one session event for `profile`, each in its own transaction
    /// as it happens. `session` is the stored session the events so far belong to; the result
    /// is the session later events belong to (none after `Finished`).
    pub fn apply(
        &mut self,
        profile: &Profile,
        session: Option<i64>,
        event: &Event,
    ) -> Result<Option<i64>, StoreError> {
        match event {
            Event::Started {
                scenario,
                content_hash,
                seed,
                mode,
            } => Ok(Some(self.start_session(
                profile,
                scenario,
                content_hash,
                *seed,
                *mode,
            )?)),
            Event::Resumed { session_id } => Ok(Some(*session_id)),
            Event::Answered(answer) => {
                if let Some(id) = session {
                    self.record_answer(id, answer)?;
                }
                Ok(session)
            }
            Event::Finished(result) => {
                if let Some(id) = session {
                    self.finish_session(id, result)?;
                }
                Ok(None)
            }
        }
    }

    /// Records a whole session at once, as a headless run does: the same events the desk
    /// emits, through [`Store::apply`]. Returns the session's id.
    pub fn record_run(
        &mut self,
        profile: &Profile,
        scenario_id: &str,
        scenario_hash: &str,
        mode: Mode,
        result: &SessionResult,
    ) -> Result<i64, StoreError> {
        let started = Event::Started {
            scenario: scenario_id.to_string(),
            content_hash: scenario_hash.to_string(),
            seed: result.seed,
            mode,
        };
        let session = self.apply(profile, None, &started)?;
        for p in &result.posts {
            if let (Some(option), Some(value), Some(at)) = (&p.option, p.value, p.answered_at) {
                let answer = StoredAnswer {
                    post_id: p.post.clone(),
                    option_id: option.clone(),
                    arrived_at: p.arrived_at,
                    answered_at: at,
                    value,
                    best: p.best,
                    late: p.late,
                };
                self.apply(profile, session, &Event::Answered(answer))?;
            }
        }
        self.apply(profile, session, &Event::Finished(result.clone()))?;
        session.ok_or_else(|| StoreError::Usage("a session was not started".into()))
    }

    pub fn sessions(&self, profile: &Profile) -> Result<Vec<StoredSession>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, scenario_id, scenario_hash, seed, mode, started_at, finished_at, score, passed FROM sessions WHERE profile_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params![profile.id], |r| session_at(r, 0))
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// The latest session of this profile that was never finished, to offer for resume.
    pub fn unfinished(&self, profile: &Profile) -> Result<Option<StoredSession>, StoreError> {
        Ok(self
            .sessions(profile)?
            .into_iter()
            .rev()
            .find(|s| s.finished_at.is_none()))
    }

    pub fn answers(&self, session: i64) -> Result<Vec<StoredAnswer>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT post_id, option_id, arrived_at, answered_at, value, best, late FROM responses WHERE session_id = ?1 ORDER BY answered_at, rowid",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params![session], |r| {
                Ok(StoredAnswer {
                    post_id: r.get(0)?,
                    option_id: r.get(1)?,
                    arrived_at: r.get(2)?,
                    answered_at: r.get(3)?,
                    value: r.get(4)?,
                    best: r.get(5)?,
                    late: r.get(6)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// The best score per scenario for a profile.
    pub fn best_scores(&self, profile: &Profile) -> Result<Vec<(String, u32)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT scenario_id, MAX(score) FROM sessions WHERE profile_id = ?1 AND score IS NOT NULL GROUP BY scenario_id")
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params![profile.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// Whether a profile exists, without creating it.
    pub fn find_profile(&self, name: &str) -> Result<Option<Profile>, StoreError> {
        self.conn
            .query_row(
                "SELECT id, name FROM profiles WHERE name = ?1",
                params![name.trim()],
                |r| {
                    Ok(Profile {
                        id: r.get(0)?,
                        name: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }
}

/// One row of the supervisor's roster or a report: a session with its trainee's name.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    pub profile: String,
    pub session: StoredSession,
}

impl Store {
    /// Every session of every profile (for supervisors only), oldest first.
    pub fn roster(&self) -> Result<Vec<RosterRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT p.name, s.id, s.scenario_id, s.scenario_hash, s.seed, s.mode, s.started_at, s.finished_at, s.score, s.passed \
                 FROM sessions s JOIN profiles p ON p.id = s.profile_id ORDER BY s.id",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(RosterRow {
                    profile: r.get(0)?,
                    session: session_at(r, 1)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// Every finished session of a scenario, of every profile, oldest first.
    pub fn finished_sessions(&self, scenario_id: &str) -> Result<Vec<StoredSession>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, scenario_id, scenario_hash, seed, mode, started_at, finished_at, score, passed FROM sessions \
                 WHERE scenario_id = ?1 AND finished_at IS NOT NULL ORDER BY id",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params![scenario_id], |r| session_at(r, 0))
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// Each finished session's guideline percents, oldest first: (session id, guideline, percent).
    pub fn guideline_history(
        &self,
        profile: &Profile,
    ) -> Result<Vec<(i64, String, u32)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT g.session_id, g.guideline_id, g.percent FROM guideline_results g JOIN sessions s ON s.id = g.session_id \
                 WHERE s.profile_id = ?1 ORDER BY g.session_id, g.guideline_id",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params![profile.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// When each answer of a session was recorded (wall clock, seconds since 1970), by post.
    pub fn recorded_at(&self, session: i64) -> Result<Vec<(String, i64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT post_id, recorded_at FROM responses WHERE session_id = ?1 ORDER BY answered_at, rowid")
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params![session], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e));
        rows
    }

    /// Refuses every write while on, as a read-only or full disk would. Used to prove that a
    /// failed save loses nothing: the app keeps the answers and retries.
    pub fn set_refuse_writes(&self, on: bool) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "query_only", on)
            .map_err(|e| self.sqlite(e))
    }

    pub fn has_passphrase(&self) -> Result<bool, StoreError> {
        Ok(self.setting(PASSPHRASE_KEY)?.is_some())
    }

    /// Sets the first supervisor passphrase. Refused when one is set: only
    /// [`Store::reset_passphrase`] replaces it, and that is recorded.
    pub fn init_passphrase(&mut self, passphrase: &str) -> Result<(), StoreError> {
        let hash = hash_secret(passphrase, MIN_PASSPHRASE_CHARS, StoreError::WeakPassphrase)?;
        let tx = self.conn.transaction().map_err(|e| sqlite(&self.path, e))?;
        let inserted = tx
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO NOTHING",
                params![PASSPHRASE_KEY, hash],
            )
            .map_err(|e| sqlite(&self.path, e))?;
        if inserted == 0 {
            return Err(StoreError::PassphraseAlreadySet);
        }
        log_access(&tx, "passphrase set", "first supervisor passphrase")
            .map_err(|e| sqlite(&self.path, e))?;
        tx.commit().map_err(|e| sqlite(&self.path, e))
    }

    /// Replaces the supervisor passphrase, for someone with access to the computer's account who
    /// has lost it. Recorded in the access log with its date, which every later supervisor view
    /// and report shows.
    pub fn reset_passphrase(&mut self, passphrase: &str, who: &str) -> Result<(), StoreError> {
        let hash = hash_secret(passphrase, MIN_PASSPHRASE_CHARS, StoreError::WeakPassphrase)?;
        let tx = self.conn.transaction().map_err(|e| sqlite(&self.path, e))?;
        tx.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
            params![PASSPHRASE_KEY, hash],
        )
        .map_err(|e| sqlite(&self.path, e))?;
        tx.execute(
            "DELETE FROM settings WHERE key IN (?1, ?2)",
            params![
                format!("{ATTEMPTS_PREFIX}{PASSPHRASE_KEY}"),
                format!("{RETRY_PREFIX}{PASSPHRASE_KEY}")
            ],
        )
        .map_err(|e| sqlite(&self.path, e))?;
        log_access(&tx, "passphrase reset", who).map_err(|e| sqlite(&self.path, e))?;
        tx.commit().map_err(|e| sqlite(&self.path, e))
    }

    /// When the store was last found damaged and replaced, and where the old file was kept.
    pub fn last_replaced(&self) -> Result<Option<(i64, String)>, StoreError> {
        self.conn
            .query_row(
                "SELECT at, detail FROM access_log WHERE event = ?1 ORDER BY id DESC LIMIT 1",
                params![STORE_REPLACED],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// When the supervisor passphrase was last reset (seconds since 1970), if ever.
    pub fn last_reset(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row(
                "SELECT MAX(at) FROM access_log WHERE event = 'passphrase reset'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.sqlite(e))
    }

    /// Checks the supervisor passphrase. Each wrong one makes the next attempt wait longer
    /// (1 s, 2 s, 4 s, … up to a minute), kept in the store; an attempt made while waiting is
    /// not checked at all.
    pub fn verify_passphrase(&mut self, passphrase: &str) -> Result<Verdict, StoreError> {
        let Some(stored) = self.setting(PASSPHRASE_KEY)? else {
            return Err(StoreError::NoPassphrase);
        };
        self.verify(PASSPHRASE_KEY, &stored, passphrase)
    }

    /// Gives a profile a PIN (`Some`), or takes it away (`None`).
    pub fn set_pin(&mut self, profile: &Profile, pin: Option<&str>) -> Result<(), StoreError> {
        let hash = pin
            .map(|p| hash_secret(p, MIN_PIN_CHARS, StoreError::WeakPin))
            .transpose()?;
        let key = pin_key(profile);
        let tx = self.conn.transaction().map_err(|e| sqlite(&self.path, e))?;
        tx.execute(
            "UPDATE profiles SET pin_hash = ?2 WHERE id = ?1",
            params![profile.id, hash],
        )
        .map_err(|e| sqlite(&self.path, e))?;
        tx.execute(
            "DELETE FROM settings WHERE key IN (?1, ?2)",
            params![
                format!("{ATTEMPTS_PREFIX}{key}"),
                format!("{RETRY_PREFIX}{key}")
            ],
        )
        .map_err(|e| sqlite(&self.path, e))?;
        tx.commit().map_err(|e| sqlite(&self.path, e))
    }

    pub fn has_pin(&self, profile: &Profile) -> Result<bool, StoreError> {
        Ok(self.pin_hash(profile)?.is_some())
    }

    /// Checks a profile's PIN, waiting longer after each wrong one as for the passphrase.
    /// A profile without a PIN accepts anything.
    pub fn verify_pin(&mut self, profile: &Profile, pin: &str) -> Result<Verdict, StoreError> {
        match self.pin_hash(profile)? {
            Some(stored) => self.verify(&pin_key(profile), &stored, pin),
            None => Ok(Verdict::Accepted),
        }
    }

    fn pin_hash(&self, profile: &Profile) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT pin_hash FROM profiles WHERE id = ?1",
                params![profile.id],
                |r| r.get(0),
            )
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.sqlite(e))
    }

    /// Compares `given` with an Argon2 hash, under the growing wait kept for `key`. The attempt
    /// is counted as wrong, and the next wait set, in one immediate transaction *before* the
    /// hash is compared: attempts made at once wait their turn and are each counted, so running
    /// guesses in parallel gains nothing. A right answer then clears the count.
    fn verify(&mut self, key: &str, stored: &str, given: &str) -> Result<Verdict, StoreError> {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let attempts_key = format!("{ATTEMPTS_PREFIX}{key}");
        let retry_key = format!("{RETRY_PREFIX}{key}");
        let path = self.path.clone();
        let fail = |e| sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        let read = |k: &str| -> Result<Option<i64>, StoreError> {
            Ok(tx
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    params![k],
                    |r| r.get::<_, String>(0),
                )
                .optional()
                .map_err(fail)?
                .and_then(|v| v.parse().ok()))
        };
        let now = now_millis();
        let retry_at = read(&retry_key)?.unwrap_or(0);
        if now < retry_at {
            return Ok(Verdict::Wait {
                secs: ((retry_at - now) as u64).div_ceil(1000),
            });
        }
        let failed = u32::try_from(read(&attempts_key)?.unwrap_or(0))
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        let wait = wait_after(failed);
        for (k, v) in [
            (&attempts_key, failed.to_string()),
            (&retry_key, (now + wait as i64 * 1000).to_string()),
        ] {
            tx.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                params![k, v],
            )
            .map_err(fail)?;
        }
        tx.commit().map_err(fail)?;
        let ok = PasswordHash::new(stored).is_ok_and(|h| {
            argon2::Argon2::default()
                .verify_password(given.as_bytes(), &h)
                .is_ok()
        });
        if !ok {
            return Ok(Verdict::Wrong {
                failed,
                wait_secs: wait,
            });
        }
        self.conn
            .execute(
                "DELETE FROM settings WHERE key IN (?1, ?2)",
                params![attempts_key, retry_key],
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(Verdict::Accepted)
    }

    fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![key],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }
}

/// A session from its nine columns (id, scenario_id, scenario_hash, seed, mode, started_at,
/// finished_at, score, passed), starting at column `first` of the row.
fn session_at(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<StoredSession> {
    Ok(StoredSession {
        id: r.get(first)?,
        scenario_id: r.get(first + 1)?,
        scenario_hash: r.get(first + 2)?,
        seed: r.get::<_, i64>(first + 3)? as u64,
        mode: r.get(first + 4)?,
        started_at: r.get(first + 5)?,
        finished_at: r.get(first + 6)?,
        score: r.get(first + 7)?,
        passed: r.get(first + 8)?,
    })
}

/// What checking a passphrase or PIN found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    /// Wrong: the `failed`-th wrong attempt in a row; the next is possible after `wait_secs`.
    Wrong {
        failed: u32,
        wait_secs: u64,
    },
    /// Not checked: the wait after the last wrong attempt has `secs` seconds left.
    Wait {
        secs: u64,
    },
}

impl Verdict {
    /// What to tell the person, for anything but [`Verdict::Accepted`]; `what` is
    /// "supervisor passphrase" or "PIN".
    pub fn message(&self, what: &str) -> Option<String> {
        match *self {
            Verdict::Accepted => None,
            Verdict::Wrong { failed, wait_secs } => Some(format!(
                "wrong {what} ({failed} wrong in a row); the next attempt is possible in {wait_secs} s"
            )),
            Verdict::Wait { secs } => Some(format!(
                "the {what} was wrong a moment ago: wait {secs} s before the next attempt"
            )),
        }
    }
}

/// The wait after `failed` wrong attempts in a row: 1 s, 2 s, 4 s, … up to [`MAX_WAIT_SECS`].
pub fn wait_after(failed: u32) -> u64 {
    1u64.checked_shl(failed.saturating_sub(1))
        .unwrap_or(u64::MAX)
        .min(MAX_WAIT_SECS)
}

const PASSPHRASE_KEY: &str = "supervisor_passphrase";
const STORE_REPLACED: &str = "store replaced";
const ATTEMPTS_PREFIX: &str = "failed_attempts:";
const RETRY_PREFIX: &str = "retry_at_ms:";

fn pin_key(profile: &Profile) -> String {
    format!("pin:{}", profile.id)
}

fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// An Argon2 hash of a passphrase or PIN with at least `min` non-space characters; else `weak`.
fn hash_secret(secret: &str, min: usize, weak: StoreError) -> Result<String, StoreError> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    if secret.chars().filter(|c| !c.is_whitespace()).count() < min {
        return Err(weak);
    }
    let Ok(salt) = SaltString::encode_b64(&rand::random::<[u8; 16]>()) else {
        return Err(weak);
    };
    argon2::Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| weak)
}

/// Adds a line to the access log.
fn log_access(tx: &rusqlite::Transaction<'_>, event: &str, detail: &str) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO access_log (at, event, detail) VALUES (?1, ?2, ?3)",
        params![now(), event, detail],
    )
    .map(|_| ())
}

/// Unicode format characters that show nothing or reorder text: the zero-width space,
/// direction marks, embeddings, overrides and isolates, the soft hyphen, the word joiner and
/// the byte order mark. (The zero-width joiner and non-joiner stay: emoji and scripts such as
/// Persian need them.)
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}
