//! Who may see what: the supervisor passphrase and trainee PINs (Argon2 hashes), the growing
//! wait after wrong ones, and the access log that reports quote.

use super::{Profile, Store, StoreError, now, now_millis, sqlite};
use rusqlite::{OptionalExtension, params};

/// The fewest non-space characters a supervisor passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// The fewest non-space characters a trainee PIN may have.
pub const MIN_PIN_CHARS: usize = 4;
/// The longest wait after repeated wrong passphrases or PINs, in seconds.
pub const MAX_WAIT_SECS: u64 = 60;

impl Store {
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
pub(super) const STORE_REPLACED: &str = "store replaced";
const ATTEMPTS_PREFIX: &str = "failed_attempts:";
const RETRY_PREFIX: &str = "retry_at_ms:";

fn pin_key(profile: &Profile) -> String {
    format!("pin:{}", profile.id)
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
pub(super) fn log_access(
    tx: &rusqlite::Transaction<'_>,
    event: &str,
    detail: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO access_log (at, event, detail) VALUES (?1, ?2, ?3)",
        params![now(), event, detail],
    )
    .map(|_| ())
}
