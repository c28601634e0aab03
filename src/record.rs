//! What a stored session means: the mode it was played in, and whether it was played from the
//! scenario file the catalog holds now.

use crate::scenario::CatalogEntry;
use crate::scoring::SessionResult;
use crate::store::{StoredAnswer, StoredSession};

/// How a session was played. Only [`Mode::Assessment`] counts as an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub enum Mode {
    /// In the desk, with feedback after every answer.
    #[default]
    Practice,
    /// In the desk, with feedback only in the debrief.
    Assessment,
    /// Headless, from a file of answers (`play --answers --profile`): a script, not a person at
    /// the desk. Shown in every report and never counted as an assessment.
    Scripted,
    /// A room's choices, led by a facilitator (`play --facilitate`), recorded under the group
    /// profile: never anyone's score, assessment or path step.
    Facilitated,
}

impl Mode {
    pub const ALL: [Mode; 4] = [
        Mode::Practice,
        Mode::Assessment,
        Mode::Scripted,
        Mode::Facilitated,
    ];

    /// The name the store and the reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Practice => "Practice",
            Mode::Assessment => "Assessment",
            Mode::Scripted => "Scripted",
            Mode::Facilitated => "Facilitated",
        }
    }

    /// Whether a session is one trainee at the desk (practice or assessment): what best scores,
    /// charts, item statistics and the path count.
    pub fn at_desk(self) -> bool {
        matches!(self, Mode::Practice | Mode::Assessment)
    }

    /// The mode a stored name stands for; `None` for a name replydesk never writes.
    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        self.as_str()
    }

    /// Whether a session in this mode is an assessment a supervisor may certify from.
    pub fn is_assessment(self) -> bool {
        self == Mode::Assessment
    }

    /// Whether the desk gives feedback after each answer.
    pub fn gives_feedback(self) -> bool {
        self == Mode::Practice
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl rusqlite::types::ToSql for Mode {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl rusqlite::types::FromSql for Mode {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = value.as_str()?;
        Mode::parse(s).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(
                format!(
                    "a session has the mode `{s}`, which replydesk never writes: the store was edited by hand"
                )
                .into(),
            )
        })
    }
}

/// What happens in a session, in the order it happens: what the desk emits and a headless run
/// replays, and what [`crate::store::Store::apply`] (the one recorder) writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Started {
        scenario: String,
        content_hash: String,
        seed: u64,
        mode: Mode,
        /// The time the trainee has, as a multiple of each post's own.
        time_factor: f64,
    },
    /// An unfinished stored session taken up again.
    Resumed {
        session_id: i64,
    },
    Answered(StoredAnswer),
    Finished(SessionResult),
}

/// How a stored session relates to the scenario file the catalog has now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// Played from the file the catalog holds now.
    Current,
    /// Played from a file with different content (edited since, or another file with this id).
    OtherVersion { file: String },
    /// No scenario with this id is in the catalog.
    Missing,
}

impl Provenance {
    /// Compares a session's stored content hash with `current`, the catalog's file for its id.
    pub fn of(current: Option<&CatalogEntry>, session: &StoredSession) -> Provenance {
        match current {
            Some(entry) if entry.played_from(&session.scenario_hash) => Provenance::Current,
            Some(entry) => Provenance::OtherVersion {
                file: entry.path.file_name().map_or_else(
                    || entry.path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                ),
            },
            None => Provenance::Missing,
        }
    }

    /// The flag shown beside the session, or `None` when there is nothing to say.
    pub fn note(&self) -> Option<String> {
        match self {
            Provenance::Current => None,
            Provenance::OtherVersion { file } => {
                Some(format!("played from another version of {file}"))
            }
            Provenance::Missing => Some(
                "its scenario is not in the scenarios folder, so its version cannot be checked"
                    .into(),
            ),
        }
    }
}

/// What a reader must know about a stored session beside its score: that it was a scripted run,
/// or played from another version of its file.
pub fn notes(current: Option<&CatalogEntry>, session: &StoredSession) -> Vec<String> {
    let mut notes = Vec::new();
    if session.mode == Mode::Scripted {
        notes.push("scripted run from a file of answers: not an assessment".to_string());
    }
    if session.mode == Mode::Facilitated {
        notes.push("facilitated group session: the room's choices, not one trainee's".to_string());
    }
    if session.time_factor > 1.0 {
        notes.push(format!(
            "extended time ×{}: each post had {} times its own time",
            session.time_factor, session.time_factor
        ));
    }
    notes.extend(Provenance::of(current, session).note());
    notes
}
