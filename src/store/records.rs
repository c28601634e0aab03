//! Profiles, sessions and answers: what the store records, and the one recorder, `apply`.

use super::{Profile, Store, StoreError, StoredAnswer, StoredSession, now};
use crate::record::{Event, Mode};
use crate::scoring::SessionResult;
use rusqlite::{OptionalExtension, params};

/// The longest profile name accepted.
pub const MAX_NAME_CHARS: usize = 200;
/// Text sizes a trainee can choose, as a factor of the normal size: 100% to 200%.
pub const TEXT_SCALES: std::ops::RangeInclusive<f32> = 1.0..=2.0;

impl Store {
    /// The profile with this display name, created if new. Names are data: any Unicode but
    /// control characters, trimmed, at most [`MAX_NAME_CHARS`].
    pub fn profile(&self, name: &str) -> Result<Profile, StoreError> {
        let name = &normal_name(name);
        let name = name.as_str();
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
        if let Some(word) = mixed_script_word(name) {
            return Err(StoreError::Usage(format!(
                "`{word}` mixes Latin, Cyrillic or Greek letters in one word, as a lookalike of another name would: type each word in one alphabet"
            )));
        }
        self.conn
            .execute(
                "INSERT INTO profiles (name, created_at) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
                params![name, now()],
            )
            .map_err(|e| self.sqlite(e))?;
        let (id, group): (i64, bool) = self
            .conn
            .query_row(
                "SELECT id, is_group FROM profiles WHERE name = ?1",
                params![name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.sqlite(e))?;
        if group {
            return Err(StoreError::Usage(format!(
                "`{name}` is the profile facilitated group sessions are recorded under: choose another name"
            )));
        }
        Ok(Profile {
            id,
            name: name.to_string(),
        })
    }

    /// The profile facilitated group sessions are recorded under, made the first time: apart
    /// from the trainees (not listed with them, never on the path).
    pub fn group_profile(&self) -> Result<Profile, StoreError> {
        let existing = self
            .conn
            .query_row(
                "SELECT id, name FROM profiles WHERE is_group = 1 ORDER BY id LIMIT 1",
                [],
                |r| {
                    Ok(Profile {
                        id: r.get(0)?,
                        name: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sqlite(e))?;
        if let Some(p) = existing {
            return Ok(p);
        }
        // A trainee may already be called "Group sessions": then the group's name says more.
        let names = [
            "Group sessions".to_string(),
            "Group sessions (facilitated)".to_string(),
        ]
        .into_iter()
        .chain((2..100).map(|n| format!("Group sessions {n}")));
        for name in names {
            let made = self
                .conn
                .execute(
                    "INSERT INTO profiles (name, created_at, is_group) VALUES (?1, ?2, 1) ON CONFLICT(name) DO NOTHING",
                    params![name, now()],
                )
                .map_err(|e| self.sqlite(e))?;
            if made == 1 {
                return self.group_profile();
            }
        }
        Err(StoreError::Usage(
            "no name is free for the group sessions' profile".into(),
        ))
    }

    /// The trainees (not the group profile), by name.
    pub fn profiles(&self) -> Result<Vec<Profile>, StoreError> {
        self.rows(
            "SELECT id, name FROM profiles WHERE is_group = 0 ORDER BY name",
            [],
            |r| {
                Ok(Profile {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            },
        )
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
        self.start_session_timed(profile, scenario_id, scenario_hash, seed, mode, 1.0)
    }

    /// [`Store::start_session`] with the time the trainee has (extended time), recorded with
    /// the session.
    pub fn start_session_timed(
        &self,
        profile: &Profile,
        scenario_id: &str,
        scenario_hash: &str,
        seed: u64,
        mode: Mode,
        time_factor: f64,
    ) -> Result<i64, StoreError> {
        self.conn
            .execute(
                "INSERT INTO sessions (profile_id, scenario_id, scenario_hash, seed, mode, started_at, time_factor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![profile.id, scenario_id, scenario_hash, seed as i64, mode, now(), time_factor],
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// One of the trainee's own settings (text size, theme), as last set.
    pub fn profile_setting(
        &self,
        profile: &Profile,
        key: &str,
    ) -> Result<Option<String>, StoreError> {
        self.setting(&format!("{key}:{}", profile.id))
    }

    /// Keeps one of the trainee's own settings.
    pub fn set_profile_setting(
        &self,
        profile: &Profile,
        key: &str,
        value: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                params![format!("{key}:{}", profile.id), value],
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// The trainee's text size (1.0 is 100%), as they last set it; 1.0 when never set.
    pub fn text_scale(&self, profile: &Profile) -> Result<f32, StoreError> {
        Ok(self
            .profile_setting(profile, "text_scale")?
            .and_then(|v| v.parse::<f32>().ok())
            .filter(|v| TEXT_SCALES.contains(v))
            .unwrap_or(1.0))
    }

    /// Keeps the trainee's text size (clamped to [`TEXT_SCALES`]).
    pub fn set_text_scale(&self, profile: &Profile, scale: f32) -> Result<(), StoreError> {
        let scale = scale.clamp(*TEXT_SCALES.start(), *TEXT_SCALES.end());
        self.set_profile_setting(profile, "text_scale", &scale.to_string())
    }

    /// The extended time a supervisor gave this trainee for assessments (1 when none).
    pub fn assessment_time_factor(&self, profile: &Profile) -> Result<f64, StoreError> {
        self.conn
            .query_row(
                "SELECT assessment_time_factor FROM profiles WHERE id = ?1",
                params![profile.id],
                |r| r.get(0),
            )
            .map_err(|e| self.sqlite(e))
    }

    /// Gives a trainee extended time for assessments (1 takes it away); logged in the access
    /// log, since it changes what an assessment means.
    pub fn set_assessment_time_factor(
        &mut self,
        profile: &Profile,
        factor: f64,
    ) -> Result<(), StoreError> {
        if !(1.0..=crate::session::MAX_TIME_FACTOR).contains(&factor) {
            return Err(StoreError::Usage(format!(
                "extended time {factor} is not a factor from 1 to {} (2 gives twice each post's time)",
                crate::session::MAX_TIME_FACTOR
            )));
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| super::sqlite(&path, e))?;
        tx.execute(
            "UPDATE profiles SET assessment_time_factor = ?2 WHERE id = ?1",
            params![profile.id, factor],
        )
        .map_err(|e| super::sqlite(&path, e))?;
        super::access::log_access(
            &tx,
            "extended time",
            &format!("{}: ×{factor} for assessments", profile.name),
        )
        .map_err(|e| super::sqlite(&path, e))?;
        tx.commit().map_err(|e| super::sqlite(&path, e))
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
            "UPDATE sessions SET finished_at = ?2, score = ?3, passed = ?4, breaches = ?5 WHERE id = ?1",
            params![
                session,
                now(),
                result.score,
                result.passed,
                result.critical_breaches.len() as i64
            ],
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
                time_factor,
            } => Ok(Some(self.start_session_timed(
                profile,
                scenario,
                content_hash,
                *seed,
                *mode,
                *time_factor,
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
            time_factor: result.time_factor,
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
        self.rows("SELECT id, scenario_id, scenario_hash, seed, mode, started_at, finished_at, score, passed, time_factor, breaches FROM sessions WHERE profile_id = ?1 ORDER BY id", params![profile.id], |r| session_at(r, 0))
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
        self.rows("SELECT post_id, option_id, arrived_at, answered_at, value, best, late FROM responses WHERE session_id = ?1 ORDER BY answered_at, rowid", params![session], |r| {
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
    }

    /// Whether a profile exists, without creating it.
    pub fn find_profile(&self, name: &str) -> Result<Option<Profile>, StoreError> {
        self.conn
            .query_row(
                "SELECT id, name FROM profiles WHERE name = ?1",
                params![normal_name(name)],
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
        self.rows("SELECT p.name, s.id, s.scenario_id, s.scenario_hash, s.seed, s.mode, s.started_at, s.finished_at, s.score, s.passed, s.time_factor, s.breaches \
                 FROM sessions s JOIN profiles p ON p.id = s.profile_id ORDER BY s.id", [], |r| {
                Ok(RosterRow {
                    profile: r.get(0)?,
                    session: session_at(r, 1)?,
                })
            })
    }

    /// Every finished session of a scenario, of every profile, oldest first.
    pub fn finished_sessions(&self, scenario_id: &str) -> Result<Vec<StoredSession>, StoreError> {
        self.rows("SELECT id, scenario_id, scenario_hash, seed, mode, started_at, finished_at, score, passed, time_factor, breaches FROM sessions \
                 WHERE scenario_id = ?1 AND finished_at IS NOT NULL ORDER BY id", params![scenario_id], |r| session_at(r, 0))
    }

    /// Each finished session's guideline percents, oldest first: (session id, guideline, percent).
    pub fn guideline_history(
        &self,
        profile: &Profile,
    ) -> Result<Vec<(i64, String, u32)>, StoreError> {
        self.rows("SELECT g.session_id, g.guideline_id, g.percent FROM guideline_results g JOIN sessions s ON s.id = g.session_id \
                 WHERE s.profile_id = ?1 ORDER BY g.session_id, g.guideline_id", params![profile.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
    }

    /// When each answer of a session was recorded (wall clock, seconds since 1970), by post.
    pub fn recorded_at(&self, session: i64) -> Result<Vec<(String, i64)>, StoreError> {
        self.rows("SELECT post_id, recorded_at FROM responses WHERE session_id = ?1 ORDER BY answered_at, rowid", params![session], |r| Ok((r.get(0)?, r.get(1)?)))
    }
}

/// A session from its ten columns (id, scenario_id, scenario_hash, seed, mode, started_at,
/// finished_at, score, passed, time_factor), starting at column `first` of the row.
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
        time_factor: r.get(first + 9)?,
        breaches: r.get(first + 10)?,
    })
}

/// A name as it is kept: trimmed, and every run of spaces of any kind (a no-break space, a
/// double space) one plain space, so that no two names differ only in spacing.
pub fn normal_name(name: &str) -> String {
    name.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first run of letters in a name that mixes Latin, Cyrillic and Greek ones (as "Trаinee", with a
/// Cyrillic а, does to pass for "Trainee"); names in one script each, word by word, are fine.
fn mixed_script_word(name: &str) -> Option<&str> {
    fn script(c: char) -> Option<u8> {
        match c {
            'A'..='Z' | 'a'..='z' | '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => Some(0),
            '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => Some(1),
            '\u{400}'..='\u{52f}' => Some(2),
            _ => None,
        }
    }
    // Words as letters run: a double-barrelled "Παπαδοπούλου-Smith" is two words.
    name.split(|c: char| !c.is_alphabetic()).find(|word| {
        let mut scripts = word.chars().filter_map(script);
        scripts
            .next()
            .is_some_and(|first| scripts.any(|other| other != first))
    })
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
