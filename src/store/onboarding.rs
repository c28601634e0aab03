//! The onboarding path's completed steps, per trainee: entered once, never taken back.

use super::{Profile, Store, StoreError};
use crate::onboarding::Completion;
use rusqlite::params;

/// A certificate as issued.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedCertificate {
    pub profile: Profile,
    pub issued_at: i64,
    pub path_title: String,
    pub completed_at: i64,
    /// The steps it lists, one per line (see `certificate`).
    pub steps: String,
}

impl Store {
    /// Keeps an issued certificate, by its code (issuing the same one again changes nothing).
    pub fn issue_certificate(
        &self,
        code: &str,
        profile: &Profile,
        path_title: &str,
        completed_at: i64,
        steps: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO certificates (code, profile_id, issued_at, path_title, completed_at, steps)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![code, profile.id, super::now(), path_title, completed_at, steps],
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// The certificate issued with this code, if any.
    pub fn issued_certificate(&self, code: &str) -> Result<Option<IssuedCertificate>, StoreError> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT p.id, p.name, c.issued_at, c.path_title, c.completed_at, c.steps
                 FROM certificates c JOIN profiles p ON p.id = c.profile_id WHERE c.code = ?1",
                params![code],
                |r| {
                    Ok(IssuedCertificate {
                        profile: Profile {
                            id: r.get(0)?,
                            name: r.get(1)?,
                        },
                        issued_at: r.get(2)?,
                        path_title: r.get(3)?,
                        completed_at: r.get(4)?,
                        steps: r.get(5)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Every step this trainee completed, in the order completed.
    pub fn path_completions(&self, profile: &Profile) -> Result<Vec<Completion>, StoreError> {
        self.rows(
            "SELECT step_id, scenario_id, session_id, score, required, completed_at FROM path_completions
             WHERE profile_id = ?1 ORDER BY completed_at, step_id",
            params![profile.id],
            |r| {
                Ok(Completion {
                    step: r.get(0)?,
                    scenario: r.get(1)?,
                    session: r.get(2)?,
                    score: r.get(3)?,
                    required: r.get(4)?,
                    at: r.get(5)?,
                })
            },
        )
    }

    /// Enters a completed step; one already entered stays as it was.
    pub fn add_path_completion(&self, profile: &Profile, c: &Completion) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO path_completions (profile_id, step_id, scenario_id, session_id, score, required, completed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![profile.id, c.step, c.scenario, c.session, c.score, c.required, c.at],
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }
}
