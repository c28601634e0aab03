//! The progress store: profiles, sessions and every answer, in SQLite, written as they happen.
//!
//! One transaction per write, WAL journal, schema versioned with `PRAGMA user_version` and
//! migrated forward in code. A file SQLite reports as corrupt is moved aside, never deleted.
//! This file opens the store; `records` holds profiles, sessions and answers; `access` the
//! passphrase, PINs and the access log; `schema` the migrations.

mod access;
mod onboarding;
mod outbox;
mod records;
mod schema;

pub use access::{MAX_WAIT_SECS, MIN_PASSPHRASE_CHARS, MIN_PIN_CHARS, Verdict, wait_after};
pub use onboarding::IssuedCertificate;
pub use outbox::LrsSettings;
pub use records::{MAX_NAME_CHARS, RosterRow, TEXT_SCALES};

use crate::files;
use crate::record::Mode;
use crate::session::GivenAnswer;
use rusqlite::{Connection, OptionalExtension, params};
use schema::MIGRATIONS;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file name inside the data directory.
pub const FILE_NAME: &str = "progress.sqlite3";

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
    /// The time the trainee had, as a multiple of each post's own (1 unless extended).
    pub time_factor: f64,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub score: Option<u32>,
    pub passed: Option<bool>,
    /// How many posts breached a critical guideline; `None` for sessions unfinished, or
    /// finished before replydesk recorded it (schema 8).
    pub breaches: Option<u32>,
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
        // A new folder is private at once; an existing one once the store is known to be in it.
        if !existed {
            files::private_folder(dir, true).map_err(folder)?;
        }
        let path = dir.join(FILE_NAME);
        let opened = Self::open_file_patiently(&path);
        if existed && opened.is_ok() {
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
                access::log_access(&tx, access::STORE_REPLACED, &aside.display().to_string())
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

    /// Opens the file, waiting while another replydesk holds it. Switching a new store to WAL,
    /// or its first migration, can find the file busy without SQLite's busy handler being asked
    /// (several instances starting at once on a new folder); that is waited out, up to 10 s.
    fn open_file_patiently(path: &Path) -> Result<Store, StoreError> {
        let started = std::time::Instant::now();
        loop {
            match Self::open_file(path) {
                Err(StoreError::Sqlite { source, .. })
                    if is_busy(&source) && started.elapsed() < Duration::from_secs(10) =>
                {
                    std::thread::sleep(Duration::from_millis(25));
                }
                other => return other,
            }
        }
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

    /// Runs a query and collects its rows with `f`: the one place the store reads lists.
    fn rows<T, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params, f)
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

    pub(crate) fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
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

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}
