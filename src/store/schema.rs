//! The store's schema: forward migrations, one per version.

/// Forward migrations; `MIGRATIONS[i]` takes the schema from version i to i + 1.
pub(super) const MIGRATIONS: &[&str] = &[
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
    r#"
    -- version 4: extended time: the factor each session was played with, and the one a
    -- supervisor gave a trainee for assessments
    ALTER TABLE sessions ADD COLUMN time_factor REAL NOT NULL DEFAULT 1.0;
    ALTER TABLE profiles ADD COLUMN assessment_time_factor REAL NOT NULL DEFAULT 1.0;
"#,
    r#"
    -- version 5: the xAPI outbox: each statement a Learning Record Store has accepted, so
    -- `sync` sends only the rest; a statement is entered only after the LRS said so
    CREATE TABLE lrs_accepted (
        lrs TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        accepted_at INTEGER NOT NULL,
        PRIMARY KEY (lrs, statement_id)
    );
"#,
    r#"
    -- version 6: the onboarding path's completed steps (with the score they met), kept
    -- whatever path.ron says later, and the certificates issued, to verify their codes
    CREATE TABLE path_completions (
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        step_id TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        score INTEGER NOT NULL,
        required INTEGER NOT NULL,
        completed_at INTEGER NOT NULL,
        PRIMARY KEY (profile_id, step_id, scenario_id)
    );
    CREATE TABLE certificates (
        code TEXT PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        issued_at INTEGER NOT NULL,
        path_title TEXT NOT NULL,
        completed_at INTEGER NOT NULL,
        -- the completed steps it lists: title, mode, score, date, session, one per line
        steps TEXT NOT NULL
    );
"#,
    r#"
    -- version 7: the group profile facilitated sessions are recorded under, apart from trainees
    ALTER TABLE profiles ADD COLUMN is_group INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
    -- version 8: how many posts of a finished session breached a critical guideline
    ALTER TABLE sessions ADD COLUMN breaches INTEGER;
"#,
];
