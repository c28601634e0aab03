//! The onboarding path's completed steps, per trainee: entered once, never taken back.

use super::{Profile, Store, StoreError};
use crate::onboarding::Completion;
use rusqlite::params;

impl Store {
    /// Every step this trainee completed, in the order completed.
    pub fn path_completions(&self, profile: &Profile) -> Result<Vec<Completion>, StoreError> {
        self.rows(
            "SELECT step_id, scenario_id, session_id, score, completed_at FROM path_completions
             WHERE profile_id = ?1 ORDER BY completed_at, step_id",
            params![profile.id],
            |r| {
                Ok(Completion {
                    step: r.get(0)?,
                    scenario: r.get(1)?,
                    session: r.get(2)?,
                    score: r.get(3)?,
                    at: r.get(4)?,
                })
            },
        )
    }

    /// Enters a completed step; one already entered stays as it was.
    pub fn add_path_completion(&self, profile: &Profile, c: &Completion) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO path_completions (profile_id, step_id, scenario_id, session_id, score, completed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![profile.id, c.step, c.scenario, c.session, c.score, c.at],
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }
}
