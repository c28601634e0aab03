//! The xAPI outbox: which statements each Learning Record Store has accepted, the LRS a
//! supervisor set, and how the last sync went.

use super::{Store, StoreError, now};
use rusqlite::params;
use std::collections::HashSet;

/// Where the app sends statements, as a supervisor set it (the password is never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LrsSettings {
    /// The LRS's xAPI endpoint, with `statements` under it.
    pub url: String,
    pub user: String,
}

impl Store {
    /// The ids of the statements `lrs` has accepted.
    pub fn accepted(&self, lrs: &str) -> Result<HashSet<String>, StoreError> {
        Ok(self
            .rows(
                "SELECT statement_id FROM lrs_accepted WHERE lrs = ?1",
                params![lrs],
                |r| r.get::<_, String>(0),
            )?
            .into_iter()
            .collect())
    }

    /// Records that `lrs` accepted these statements (id, session), all in one transaction.
    pub fn mark_accepted(
        &mut self,
        lrs: &str,
        statements: &[(String, i64)],
    ) -> Result<(), StoreError> {
        let now = now();
        let path = self.path.clone();
        let fail = |e| super::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(fail)?;
        {
            let mut insert = tx
                .prepare(
                    "INSERT OR IGNORE INTO lrs_accepted (lrs, statement_id, session_id, accepted_at) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(fail)?;
            for (id, session) in statements {
                insert
                    .execute(params![lrs, id, session, now])
                    .map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)
    }

    /// How many sessions have statements `lrs` has not accepted: an answer each, and one for
    /// a finished session.
    pub fn sessions_waiting(&self, lrs: &str) -> Result<usize, StoreError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM sessions s WHERE
                    (SELECT COUNT(*) FROM responses r WHERE r.session_id = s.id)
                    + (s.finished_at IS NOT NULL AND s.score IS NOT NULL AND s.passed IS NOT NULL)
                  > (SELECT COUNT(*) FROM lrs_accepted a WHERE a.lrs = ?1 AND a.session_id = s.id)",
                params![lrs],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .map_err(|e| self.sqlite(e))
    }

    /// The LRS the app sends to, if a supervisor set one.
    pub fn lrs_settings(&self) -> Result<Option<LrsSettings>, StoreError> {
        Ok(
            match (self.setting("lrs_url")?, self.setting("lrs_user")?) {
                (Some(url), Some(user)) => Some(LrsSettings { url, user }),
                _ => None,
            },
        )
    }

    /// Sets (or, with `None`, forgets) the LRS the app sends to.
    pub fn set_lrs_settings(&self, lrs: Option<&LrsSettings>) -> Result<(), StoreError> {
        let result = match lrs {
            Some(l) => self.conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('lrs_url', ?1), ('lrs_user', ?2)",
                params![l.url, l.user],
            ),
            None => self.conn.execute(
                "DELETE FROM settings WHERE key IN ('lrs_url', 'lrs_user')",
                [],
            ),
        };
        result.map(|_| ()).map_err(|e| self.sqlite(e))
    }

    /// How the last sync went, in one line, with its time.
    pub fn sync_status(&self) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self.setting("sync_status")?.and_then(|v| {
            let (at, text) = v.split_once(' ')?;
            Some((at.parse().ok()?, text.to_string()))
        }))
    }

    pub fn set_sync_status(&self, text: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('sync_status', ?1)",
                params![format!("{} {text}", now())],
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }
}
