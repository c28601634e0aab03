//! Supervisor reports from the progress store: readable text, CSV, and xAPI 1.0.3 statements.

use crate::scenario::Catalog;
use crate::store::{RosterRow, Store, StoreError};
use serde_json::{Value, json};
use std::fmt::Write;

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

/// Builds a report over `rows` (already limited to what the caller may see).
pub fn build(
    store: &Store,
    catalog: &Catalog,
    rows: &[RosterRow],
    format: Format,
    responses: bool,
) -> Result<String, StoreError> {
    match format {
        Format::Text => text(store, catalog, rows),
        Format::Csv if responses => csv_responses(store, rows),
        Format::Csv => Ok(csv_sessions(rows)),
        Format::Xapi => xapi(store, catalog, rows),
        Format::Json => Err(StoreError::Usage(
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
) -> Result<String, String> {
    use std::fmt::Write;
    let num = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    match format {
        Format::Json => serde_json::to_string_pretty(stats)
            .map(|s| s + "\n")
            .map_err(|e| format!("cannot write the statistics as JSON: {e}")),
        Format::Csv => {
            let mut out = String::from(
                "post,attempts,difficulty,discrimination,unanswered,flags,option,share\n",
            );
            for i in stats {
                for (option, share) in &i.options {
                    let _ = writeln!(
                        out,
                        "{},{},{},{},{:.2},{},{},{:.2}",
                        field(&i.post),
                        i.attempts,
                        num(i.difficulty),
                        num(i.discrimination),
                        i.unanswered,
                        field(&i.flags.join("; ")),
                        field(option),
                        share
                    );
                }
            }
            Ok(out)
        }
        Format::Text => {
            let mut out = String::new();
            let sessions = stats.iter().map(|i| i.attempts).max().unwrap_or(0);
            let _ = writeln!(
                out,
                "Item statistics: {} ({}), over finished sessions (the most attempts of any post: {sessions})",
                entry.scenario.title, entry.scenario.id
            );
            if skipped > 0 {
                let _ = writeln!(
                    out,
                    "{skipped} session(s) left out: they no longer replay against the scenario as it is now"
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
        Format::Xapi => {
            Err("--items comes as text, csv or json (xAPI is for sessions)".to_string())
        }
    }
}

fn title<'a>(catalog: &'a Catalog, id: &'a str) -> &'a str {
    catalog.find(id).map_or(id, |e| e.scenario.title.as_str())
}

fn text(store: &Store, catalog: &Catalog, rows: &[RosterRow]) -> Result<String, StoreError> {
    let mut out = String::new();
    let mut current = None;
    for row in rows {
        if current != Some(&row.profile) {
            let _ = writeln!(out, "\n{}", row.profile);
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
        let _ = writeln!(
            out,
            "  {when}  {:<32} {:<10} {result}",
            title(catalog, &s.scenario_id),
            s.mode
        );
    }
    if rows.is_empty() {
        out.push_str("no sessions recorded yet\n");
    }
    Ok(out)
}

/// A CSV field, quoted when it must be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_sessions(rows: &[RosterRow]) -> String {
    let mut out = String::from("profile,session,scenario,mode,started,finished,score,passed\n");
    for r in rows {
        let s = &r.session;
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            field(&r.profile),
            s.id,
            field(&s.scenario_id),
            s.mode,
            rfc3339(s.started_at),
            s.finished_at.map(rfc3339).unwrap_or_default(),
            s.score.map(|x| x.to_string()).unwrap_or_default(),
            s.passed.map(|x| x.to_string()).unwrap_or_default(),
        );
    }
    out
}

fn csv_responses(store: &Store, rows: &[RosterRow]) -> Result<String, StoreError> {
    let mut out = String::from(
        "profile,session,scenario,post,option,arrived_at,answered_at,value,best,late\n",
    );
    for r in rows {
        for a in store.answers(r.session.id)? {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{}",
                field(&r.profile),
                r.session.id,
                field(&r.session.scenario_id),
                field(&a.post_id),
                field(&a.option_id),
                a.arrived_at,
                a.answered_at,
                a.value,
                a.best,
                a.late
            );
        }
    }
    Ok(out)
}

fn xapi(store: &Store, catalog: &Catalog, rows: &[RosterRow]) -> Result<String, StoreError> {
    let mut statements = Vec::new();
    for r in rows {
        let s = &r.session;
        let entry = catalog.find(&s.scenario_id);
        let homepage = entry
            .map(|e| e.guidelines.homepage.trim_end_matches('/').to_string())
            .unwrap_or_else(|| "https://replydesk.invalid".into());
        let actor = json!({
            "objectType": "Agent",
            "name": r.profile,
            "account": {"homePage": homepage, "name": r.profile},
        });
        let activity = format!("{homepage}/replydesk/scenarios/{}", s.scenario_id);
        let recorded: std::collections::HashMap<String, i64> =
            store.recorded_at(s.id)?.into_iter().collect();
        for a in store.answers(s.id)? {
            // Named by id, not by its text: post texts can hold (invented) personal details.
            let post_title = format!("{}: post {}", title(catalog, &s.scenario_id), a.post_id);
            statements.push(json!({
                "actor": actor,
                "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
                "object": {
                    "objectType": "Activity",
                    "id": format!("{activity}/posts/{}", a.post_id),
                    "definition": {
                        "name": {"en-US": post_title},
                        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                        "interactionType": "choice",
                    },
                },
                "result": {"response": a.option_id, "success": a.best, "extensions": {
                    format!("{homepage}/replydesk/xapi/late"): a.late,
                    format!("{homepage}/replydesk/xapi/simulated-seconds"): a.answered_at,
                }},
                "context": {"contextActivities": {"parent": [{"id": activity, "objectType": "Activity"}]}},
                "timestamp": rfc3339(recorded.get(&a.post_id).copied().filter(|t| *t > 0).unwrap_or(s.started_at)),
            }));
        }
        if let (Some(finished), Some(score), Some(passed)) = (s.finished_at, s.score, s.passed) {
            statements.push(json!({
                "actor": actor,
                "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
                "object": {
                    "objectType": "Activity",
                    "id": activity,
                    "definition": {"name": {"en-US": title(catalog, &s.scenario_id)}},
                },
                "result": {
                    "score": {"scaled": f64::from(score) / 100.0, "raw": score, "min": 0, "max": 100},
                    "success": passed,
                    "completion": true,
                    "duration": format!("PT{}S", (finished - s.started_at).max(0)),
                },
                "timestamp": rfc3339(finished),
            }));
        }
    }
    Ok(serde_json::to_string_pretty(&Value::Array(statements)).unwrap_or_else(|_| "[]".into()))
}
