//! The roster a supervisor works with: one line per trainee, natural name order, search,
//! filters, sorting by any column, summary counts, and the lines shown written out as CSV.

use crate::record::Provenance;
use crate::scenario::CatalogEntry;
use crate::store::RosterRow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// One trainee, as the roster shows them. Sessions count only play at the desk (practice and
/// assessments), never scripted or group runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trainee {
    pub name: String,
    /// Sessions played at the desk.
    pub sessions: u32,
    /// When the latest session at the desk started (seconds since 1970).
    pub last_session: Option<i64>,
    /// The best score at the desk, any scenario.
    pub best: Option<u32>,
    /// Finished the onboarding path, or (where the folder has none) passed an assessment of a
    /// scenario as its file is now.
    pub passed: bool,
    /// Whether the latest finished assessment at the desk passed.
    pub last_assessment: Option<bool>,
    /// The latest finished session at the desk had a critical breach (`None`: not known, as for
    /// sessions recorded before replydesk kept count, when it cannot be told from the score).
    pub breach_in_last: Option<bool>,
    /// Where the trainee stands on the onboarding path, in words.
    pub path: Option<String>,
}

/// Where a trainee stands, for the summary counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Passed,
    InProgress,
    /// Not passed, and no session at the desk for the inactive number of days.
    Inactive,
    /// No session at the desk yet.
    NotStarted,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::InProgress => "in progress",
            Status::Inactive => "inactive",
            Status::NotStarted => "not started",
        }
    }
}

impl Trainee {
    /// Whole days since the latest session at the desk, at `now`.
    pub fn idle_days(&self, now: i64) -> Option<i64> {
        self.last_session.map(|t| ((now - t).max(0)) / DAY)
    }

    pub fn status(&self, now: i64, inactive_after_days: u32) -> Status {
        match self.idle_days(now) {
            _ if self.passed => Status::Passed,
            None => Status::NotStarted,
            Some(d) if d >= i64::from(inactive_after_days) => Status::Inactive,
            Some(_) => Status::InProgress,
        }
    }
}

/// Builds one line per trainee from every stored session. `names` are every trainee profile
/// (so that those without a session appear too); `current` finds the catalog's entry for a
/// scenario id; `path_done` says, when the folder has an onboarding path, who finished it and
/// where each trainee stands.
pub fn trainees<'a>(
    names: &[String],
    rows: &[RosterRow],
    current: impl Fn(&str) -> Option<&'a CatalogEntry>,
    path: Option<&BTreeMap<String, (bool, String)>>,
) -> Vec<Trainee> {
    let mut by_name: BTreeMap<&str, Trainee> = names
        .iter()
        .map(|n| {
            (
                n.as_str(),
                Trainee {
                    name: n.clone(),
                    ..Trainee::default()
                },
            )
        })
        .collect();
    // Oldest first by when they started (the order they were stored in, unless the clock
    // moved): the last one seen is the latest, for every "last" column alike.
    let mut rows: Vec<&RosterRow> = rows.iter().collect();
    rows.sort_by_key(|r| (r.session.started_at, r.session.id));
    for r in rows {
        let s = &r.session;
        if !s.mode.at_desk() {
            continue;
        }
        let Some(t) = by_name.get_mut(r.profile.as_str()) else {
            continue;
        };
        t.sessions += 1;
        t.last_session = Some(t.last_session.map_or(s.started_at, |l| l.max(s.started_at)));
        if let Some(score) = s.score {
            t.best = Some(t.best.map_or(score, |b| b.max(score)));
        }
        let entry = current(&s.scenario_id);
        let is_current = Provenance::of(entry, s) == Provenance::Current;
        if s.finished_at.is_some() {
            if s.mode.is_assessment() {
                t.last_assessment = s.passed;
                t.passed |= is_current && s.passed == Some(true);
            }
            t.breach_in_last = match (s.breaches, s.passed, s.score, entry) {
                (Some(n), ..) => Some(n > 0),
                // Recorded before breaches were counted: failing with a passing score can only
                // be a breach; a failing score hides whether there was one.
                (None, Some(false), Some(score), Some(e)) if is_current => {
                    (score >= e.scenario.pass_score).then_some(true)
                }
                (None, Some(true), ..) => Some(false),
                _ => None,
            };
        }
    }
    let mut out: Vec<Trainee> = by_name.into_values().collect();
    if let Some(path) = path {
        for t in &mut out {
            let (done, summary) = path.get(&t.name).cloned().unwrap_or_default();
            t.passed = done;
            t.path = Some(summary).filter(|s| !s.is_empty());
        }
    }
    out.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    out
}

/// Compares names as people read them: "Trainee 2" before "Trainee 10", case and accents
/// aside first.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let digit = c.is_ascii_digit();
            match out.last_mut() {
                Some((d, text)) if *d == digit => text.push(c),
                _ => out.push((digit, c.to_string())),
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(&cb) {
        let order = match (x.0, y.0) {
            (true, true) => {
                let (xs, ys) = (x.1.trim_start_matches('0'), y.1.trim_start_matches('0'));
                xs.len().cmp(&ys.len()).then_with(|| xs.cmp(ys))
            }
            _ => x.1.to_lowercase().cmp(&y.1.to_lowercase()),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

/// The columns a roster can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Column {
    #[default]
    Name,
    Status,
    Sessions,
    LastSession,
    Best,
    LastAssessment,
    Breach,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Name,
        Column::Status,
        Column::Sessions,
        Column::LastSession,
        Column::Best,
        Column::LastAssessment,
        Column::Breach,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Name => "Trainee",
            Column::Status => "Status",
            Column::Sessions => "Sessions",
            Column::LastSession => "Last session",
            Column::Best => "Best at the desk",
            Column::LastAssessment => "Last assessment",
            Column::Breach => "Breach in last session",
        }
    }
}

/// What the supervisor asked to see.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Part of a name, any case.
    pub search: String,
    pub not_passed: bool,
    /// Only those with no session at the desk for this many days or more (or none yet).
    pub idle_days: Option<u32>,
    pub failed_last_assessment: bool,
    pub breach_in_last: bool,
    pub sort: Column,
    pub descending: bool,
    /// After how many days without a session a trainee not yet passed counts as inactive.
    pub inactive_after_days: u32,
}

/// The days without a session after which a trainee counts as inactive, unless changed.
pub const INACTIVE_AFTER_DAYS: u32 = 14;

impl Default for Query {
    fn default() -> Self {
        Self {
            search: String::new(),
            not_passed: false,
            idle_days: None,
            failed_last_assessment: false,
            breach_in_last: false,
            sort: Column::Name,
            descending: false,
            inactive_after_days: INACTIVE_AFTER_DAYS,
        }
    }
}

impl Query {
    pub fn keeps(&self, t: &Trainee, now: i64) -> bool {
        let search = self.search.trim().to_lowercase();
        (search.is_empty() || t.name.to_lowercase().contains(&search))
            && (!self.not_passed || !t.passed)
            && self
                .idle_days
                .is_none_or(|days| t.idle_days(now).is_none_or(|d| d >= i64::from(days)))
            && (!self.failed_last_assessment || t.last_assessment == Some(false))
            && (!self.breach_in_last || t.breach_in_last == Some(true))
    }

    /// The trainees shown, in order: indexes into `all`.
    pub fn apply(&self, all: &[Trainee], now: i64) -> Vec<usize> {
        let mut shown: Vec<usize> = (0..all.len())
            .filter(|&i| self.keeps(&all[i], now))
            .collect();
        let days = self.inactive_after_days;
        shown.sort_by(|&a, &b| {
            let (x, y) = (&all[a], &all[b]);
            let order = match self.sort {
                Column::Name => Ordering::Equal,
                Column::Status => x.status(now, days).cmp(&y.status(now, days)),
                Column::Sessions => x.sessions.cmp(&y.sessions),
                Column::LastSession => x.last_session.cmp(&y.last_session),
                Column::Best => x.best.cmp(&y.best),
                Column::LastAssessment => x.last_assessment.cmp(&y.last_assessment),
                Column::Breach => x.breach_in_last.cmp(&y.breach_in_last),
            };
            let order = order.then_with(|| natural_cmp(&x.name, &y.name));
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
        shown
    }
}

/// The counts at the top of the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub trainees: usize,
    pub passed: usize,
    pub in_progress: usize,
    pub inactive: usize,
    pub not_started: usize,
}

pub fn counts(all: &[Trainee], now: i64, inactive_after_days: u32) -> Counts {
    let mut c = Counts {
        trainees: all.len(),
        ..Counts::default()
    };
    for t in all {
        match t.status(now, inactive_after_days) {
            Status::Passed => c.passed += 1,
            Status::InProgress => c.in_progress += 1,
            Status::Inactive => c.inactive += 1,
            Status::NotStarted => c.not_started += 1,
        }
    }
    c
}

/// "today", "yesterday", "5 days ago" or "never".
pub fn ago(t: &Trainee, now: i64) -> String {
    match t.idle_days(now) {
        None => "never".into(),
        Some(0) => "today".into(),
        Some(1) => "yesterday".into(),
        Some(d) => format!("{d} days ago"),
    }
}

/// Writes the lines shown, in the order shown, as CSV (cells a spreadsheet will not run as
/// formulas).
pub fn write_csv(
    all: &[Trainee],
    shown: &[usize],
    now: i64,
    inactive_after_days: u32,
    out: &mut dyn std::io::Write,
) -> Result<(), crate::report::ReportError> {
    use crate::report::cell;
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "trainee",
        "status",
        "sessions",
        "last_session",
        "best_score",
        "last_assessment",
        "breach_in_last_session",
        "onboarding_path",
    ])?;
    let yes_no = |b: Option<bool>, yes: &str, no: &str| match b {
        Some(true) => yes.to_string(),
        Some(false) => no.to_string(),
        None => String::new(),
    };
    for &i in shown {
        let t = &all[i];
        w.write_record([
            cell(&t.name).as_ref(),
            t.status(now, inactive_after_days).label(),
            &t.sessions.to_string(),
            &t.last_session.map(crate::report::date).unwrap_or_default(),
            &t.best.map(|b| b.to_string()).unwrap_or_default(),
            &yes_no(t.last_assessment, "passed", "failed"),
            &yes_no(t.breach_in_last, "yes", "no"),
            cell(t.path.as_deref().unwrap_or("")).as_ref(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_as_people_read_them() {
        let mut names = vec![
            "Trainee 10",
            "trainee 2",
            "Trainee 1",
            "Ann",
            "ann b",
            "Trainee 002",
            "Zoë",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "Ann",
                "ann b",
                "Trainee 1",
                "Trainee 002",
                "trainee 2",
                "Trainee 10",
                "Zoë"
            ]
        );
    }

    fn t(name: &str, passed: bool, last: Option<i64>) -> Trainee {
        Trainee {
            name: name.into(),
            passed,
            last_session: last,
            sessions: u32::from(last.is_some()),
            ..Trainee::default()
        }
    }

    #[test]
    fn filters_and_counts_follow_the_days_given() {
        let now = 100 * DAY;
        let all = vec![
            t("A", true, Some(now - 40 * DAY)),
            t("B", false, Some(now - 2 * DAY)),
            t("C", false, Some(now - 20 * DAY)),
            t("D", false, None),
        ];
        assert_eq!(
            counts(&all, now, 14),
            Counts {
                trainees: 4,
                passed: 1,
                in_progress: 1,
                inactive: 1,
                not_started: 1,
            }
        );
        let q = Query {
            not_passed: true,
            idle_days: Some(10),
            ..Query::default()
        };
        assert_eq!(q.apply(&all, now), [2, 3]);
        let q = Query {
            sort: Column::LastSession,
            descending: true,
            ..Query::default()
        };
        assert_eq!(q.apply(&all, now), [1, 2, 0, 3]);
        let q = Query {
            search: " c".into(),
            ..Query::default()
        };
        assert_eq!(q.apply(&all, now), [2]);
    }
}
