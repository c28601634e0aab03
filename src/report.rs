//! Supervisor reports from the progress store: readable text, CSV, and xAPI 1.0.3 statements.

use crate::scenario::Catalog;
use crate::store::{RosterRow, Store, StoreError, StoredSession};
use serde_json::json;
use std::fmt::Write as _;

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Csv,
    Xapi,
    /// JSON: for `--items`.
    Json,
}

/// RFC 3339 for seconds since 1970.
pub fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Usage(String),
}

impl From<csv::Error> for ReportError {
    fn from(e: csv::Error) -> Self {
        match e.into_kind() {
            csv::ErrorKind::Io(e) => ReportError::Io(e),
            other => ReportError::Io(std::io::Error::other(format!("{other:?}"))),
        }
    }
}

/// What every report says beside its rows: facts about the store's access that a reader must
/// weigh: when the supervisor passphrase was last reset, and when a damaged store was replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub passphrase_reset: Option<i64>,
    /// When, and the file the old records were kept in.
    pub store_replaced: Option<(i64, String)>,
}

impl Context {
    pub fn read(store: &Store) -> Result<Context, StoreError> {
        Ok(Context {
            passphrase_reset: store.last_reset()?,
            store_replaced: store.last_replaced()?,
        })
    }

    /// The sentences shown at the top of supervisor views and text reports, one per fact.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some((at, kept)) = &self.store_replaced {
            notes.push(format!(
                "The progress store was found damaged on {} and a new one started: records from before then are in {kept}, and supervisor access was set up again after it.",
                date(*at)
            ));
        }
        if let Some(t) = self.passphrase_reset {
            notes.push(format!(
                "The supervisor passphrase was reset on {} with `replydesk supervisor reset`: anyone with this computer account can do that, so weigh records made since then accordingly.",
                date(t)
            ));
        }
        notes
    }

    /// The dates of the last passphrase reset and store replacement, as CSV cells (empty when
    /// none).
    pub fn cells(&self) -> [String; 2] {
        [
            self.passphrase_reset.map(date).unwrap_or_default(),
            self.store_replaced
                .as_ref()
                .map(|(at, _)| date(*at))
                .unwrap_or_default(),
        ]
    }
}

/// The day of a time, as YYYY-MM-DD.
pub fn date(seconds: i64) -> String {
    rfc3339(seconds).chars().take(10).collect()
}

/// A CSV cell that a spreadsheet will not run as a formula: text starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'`, as OWASP recommends.
pub fn cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// An id as one segment of an IRI path: everything but letters, digits and `-._~` percent-encoded.
pub fn iri_segment(id: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    utf8_percent_encode(id, SEGMENT).to_string()
}

/// Writes a report over `rows` (already limited to what the caller may see), a session at a
/// time, so a store of any size is never held in memory at once.
pub fn write(
    store: &Store,
    catalog: &Catalog,
    rows: &[RosterRow],
    format: Format,
    responses: bool,
    context: &Context,
    out: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    match format {
        Format::Text => text(store, catalog, rows, context, out),
        Format::Csv if responses => csv_responses(store, catalog, rows, context, out),
        Format::Csv => csv_sessions(catalog, rows, context, out),
        Format::Xapi => xapi(store, catalog, rows, context, out),
        Format::Json => Err(ReportError::Usage(
            "--format json is for --items SCENARIO; sessions come as text, csv or xapi".into(),
        )),
    }
}

/// The item statistics of one scenario as text, CSV (a row per post and option) or JSON.
pub fn items(
    entry: &crate::scenario::CatalogEntry,
    stats: &[crate::item_analysis::ItemStats],
    skipped: usize,
    format: Format,
    context: &Context,
) -> Result<String, ReportError> {
    let num = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    let [reset, replaced] = context.cells();
    match format {
        Format::Json => {
            let doc = json!({
                "scenario": entry.scenario.id,
                "sessions_left_out": skipped,
                "passphrase_reset": context.passphrase_reset.map(date),
                "store_replaced": context.store_replaced.as_ref().map(|(at, _)| date(*at)),
                "access_notes": context.notes(),
                "items": stats,
            });
            Ok(serde_json::to_string_pretty(&doc).map_err(|e| {
                ReportError::Usage(format!("cannot write the statistics as JSON: {e}"))
            })? + "\n")
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([
                "post",
                "attempts",
                "difficulty",
                "discrimination",
                "unanswered",
                "flags",
                "option",
                "share",
                "passphrase_reset",
                "store_replaced",
            ])?;
            for i in stats {
                for (option, share) in &i.options {
                    w.write_record([
                        &*cell(&i.post),
                        &i.attempts.to_string(),
                        &num(i.difficulty),
                        &num(i.discrimination),
                        &format!("{:.2}", i.unanswered),
                        &cell(&i.flags.join("; ")),
                        &cell(option),
                        &format!("{share:.2}"),
                        &reset,
                        &replaced,
                    ])?;
                }
            }
            let bytes = w
                .into_inner()
                .map_err(|e| ReportError::Io(std::io::Error::other(e.to_string())))?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        Format::Text => {
            let mut out = String::new();
            for note in context.notes() {
                let _ = writeln!(out, "{note}\n");
            }
            let sessions = stats.iter().map(|i| i.attempts).max().unwrap_or(0);
            let _ = writeln!(
                out,
                "Item statistics: {} ({}), over finished sessions played at the desk from the current file (the most attempts of any post: {sessions})",
                entry.scenario.title, entry.scenario.id
            );
            if skipped > 0 {
                let _ = writeln!(
                    out,
                    "{skipped} session(s) left out: scripted runs, and sessions played from another version of the file"
                );
            }
            let _ = writeln!(
                out,
                "difficulty: share choosing a best option; discrimination: correlation with the rest of the session (blank below 5 attempts)\n"
            );
            let _ = writeln!(
                out,
                "{:<24} {:>8} {:>10} {:>14} {:>10}  flags",
                "post", "attempts", "difficulty", "discrimination", "unanswered"
            );
            for i in stats {
                let _ = writeln!(
                    out,
                    "{:<24} {:>8} {:>10} {:>14} {:>10.2}  {}",
                    i.post,
                    i.attempts,
                    num(i.difficulty),
                    num(i.discrimination),
                    i.unanswered,
                    i.flags.join("; ")
                );
                let shares: Vec<String> = i
                    .options
                    .iter()
                    .map(|(o, s)| format!("{o} {:.0}%", s * 100.0))
                    .collect();
                let _ = writeln!(out, "{:<24} {}", "", shares.join(", "));
            }
            Ok(out)
        }
        Format::Xapi => Err(ReportError::Usage(
            "--items comes as text, csv or json (xAPI is for sessions)".into(),
        )),
    }
}

fn title<'a>(catalog: &'a Catalog, id: &'a str) -> &'a str {
    catalog.find(id).map_or(id, |e| e.scenario.title.as_str())
}

fn session_notes(catalog: &Catalog, s: &StoredSession) -> Vec<String> {
    crate::record::notes(catalog.find(&s.scenario_id), s)
}

fn text(
    store: &Store,
    catalog: &Catalog,
    rows: &[RosterRow],
    context: &Context,
    out: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    for note in context.notes() {
        writeln!(out, "{note}")?;
    }
    let mut current = None;
    for row in rows {
        if current != Some(&row.profile) {
            writeln!(out, "\n{}", row.profile)?;
            current = Some(&row.profile);
        }
        let s = &row.session;
        let when = rfc3339(s.started_at);
        let result = match (s.score, s.passed) {
            (Some(score), Some(passed)) => format!(
                "{score:>3}/100 {}",
                if passed { "passed" } else { "not passed" }
            ),
            _ => format!("unfinished ({} answers)", store.answers(s.id)?.len()),
        };
        let notes = session_notes(catalog, s);
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  [{}]", notes.join("; "))
        };
        writeln!(
            out,
            "  {when}  {:<32} {:<10} {result}{notes}",
            title(catalog, &s.scenario_id),
            s.mode
        )?;
    }
    if rows.is_empty() {
        writeln!(out, "no sessions recorded yet")?;
    }
    Ok(())
}

fn csv_sessions(
    catalog: &Catalog,
    rows: &[RosterRow],
    context: &Context,
    out: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    let [reset, replaced] = context.cells();
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "profile",
        "session",
        "scenario",
        "mode",
        "assessment",
        "time_factor",
        "started",
        "finished",
        "score",
        "passed",
        "notes",
        "passphrase_reset",
        "store_replaced",
    ])?;
    for r in rows {
        let s = &r.session;
        w.write_record([
            &*cell(&r.profile),
            &s.id.to_string(),
            &cell(&s.scenario_id),
            s.mode.as_str(),
            &s.mode.is_assessment().to_string(),
            &s.time_factor.to_string(),
            &rfc3339(s.started_at),
            &s.finished_at.map(rfc3339).unwrap_or_default(),
            &s.score.map(|x| x.to_string()).unwrap_or_default(),
            &s.passed.map(|x| x.to_string()).unwrap_or_default(),
            &cell(&session_notes(catalog, s).join("; ")),
            &reset,
            &replaced,
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn csv_responses(
    store: &Store,
    catalog: &Catalog,
    rows: &[RosterRow],
    context: &Context,
    out: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    let [reset, replaced] = context.cells();
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "profile",
        "session",
        "scenario",
        "mode",
        "post",
        "option",
        "arrived_at",
        "answered_at",
        "value",
        "best",
        "late",
        "notes",
        "passphrase_reset",
        "store_replaced",
    ])?;
    for r in rows {
        let notes = session_notes(catalog, &r.session).join("; ");
        for a in store.answers(r.session.id)? {
            w.write_record([
                &*cell(&r.profile),
                &r.session.id.to_string(),
                &cell(&r.session.scenario_id),
                r.session.mode.as_str(),
                &cell(&a.post_id),
                &cell(&a.option_id),
                &a.arrived_at.to_string(),
                &a.answered_at.to_string(),
                &a.value.to_string(),
                &a.best.to_string(),
                &a.late.to_string(),
                &cell(&notes),
                &reset,
                &replaced,
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// xAPI 1.0.3 statements (shapes in docs/xapi.md, ids as `sync` sends them), a JSON array
/// written a session at a time.
fn xapi(
    store: &Store,
    catalog: &Catalog,
    rows: &[RosterRow],
    context: &Context,
    out: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    let mut first = true;
    for r in rows {
        for statement in crate::xapi::session_statements(store, catalog, r, context)? {
            out.write_all(if first { b"[\n" } else { b",\n" })?;
            first = false;
            serde_json::to_writer_pretty(&mut *out, &statement.body)
                .map_err(std::io::Error::from)?;
        }
    }
    out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
    Ok(())
}
