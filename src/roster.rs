//! The supervisor's roster: every trainee's sessions, summarised per scenario, with what counts
//! (assessments at the desk, of the current file) kept apart from what does not.

pub mod trainees;

use crate::record::Provenance;
use crate::scenario::CatalogEntry;
use crate::store::RosterRow;
use std::collections::BTreeMap;

/// One roster line: a trainee's sessions of one scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub trainee: String,
    pub scenario: String,
    pub sessions: u32,
    /// The best score played at the desk (practice or assessment; never a scripted run).
    pub best: Option<u32>,
    /// An assessment at the desk, of the scenario file as it is now, passed.
    pub passed_assessment: bool,
    pub scripted: u32,
    /// Sessions played from another version of the scenario's file.
    pub other_version: u32,
}

/// Summarises rows into lines by trainee, then scenario id. `current` finds the catalog's
/// entry for a scenario id.
pub fn lines<'a>(
    rows: &[RosterRow],
    current: impl Fn(&str) -> Option<&'a CatalogEntry>,
) -> Vec<Line> {
    let mut table: BTreeMap<(&str, &str), Line> = BTreeMap::new();
    for r in rows {
        let s = &r.session;
        let line = table
            .entry((&r.profile, &s.scenario_id))
            .or_insert_with(|| Line {
                trainee: r.profile.clone(),
                scenario: s.scenario_id.clone(),
                ..Line::default()
            });
        line.sessions += 1;
        let is_current = Provenance::of(current(&s.scenario_id), s) == Provenance::Current;
        if !is_current {
            line.other_version += 1;
        }
        if !s.mode.at_desk() {
            line.scripted += 1;
            continue;
        }
        if let Some(score) = s.score {
            line.best = Some(line.best.map_or(score, |b| b.max(score)));
        }
        line.passed_assessment |= is_current && s.mode.is_assessment() && s.passed == Some(true);
    }
    table.into_values().collect()
}

impl Line {
    /// What a supervisor must know beside the figures; `file` names the scenario's file.
    pub fn notes(&self, file: &str) -> Vec<String> {
        let mut notes = Vec::new();
        if self.scripted > 0 {
            notes.push(format!(
                "{} scripted or group (not assessments)",
                self.scripted
            ));
        }
        if self.other_version > 0 {
            notes.push(format!(
                "{} played from another version of {file}",
                self.other_version
            ));
        }
        notes
    }
}
