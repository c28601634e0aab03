//! xAPI 1.0.3 statements of the store's sessions: their shapes (docs/xapi.md) and their
//! deterministic ids. `report --format xapi` writes them; `sync` sends them to an LRS.

pub mod sync;

use crate::report::{Context, iri_segment, rfc3339};
use crate::scenario::Catalog;
use crate::scenario::items::best_indices;
use crate::scoring::post_score;
use crate::store::{RosterRow, Store, StoreError};
use serde_json::{Map, Value, json};
use uuid::Uuid;

/// One statement, with the session it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub id: Uuid,
    pub session_id: i64,
    pub body: Value,
}

/// The namespace of replydesk's statement ids.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:replydesk:statements")
}

/// What makes a session itself wherever its records go: its id in the store, the trainee, the
/// scenario, when it started and its seed (random, 64 bits). A backup restored, or a store
/// copied to another desk, keeps the same key for the same session and gives a new session a
/// new one, even where the store numbers sessions again.
pub fn session_key(row: &RosterRow) -> String {
    let s = &row.session;
    format!(
        "session/{}/{}/{}/{}/{}",
        s.id, row.profile, s.scenario_id, s.started_at, s.seed
    )
}

/// The id of a session's statement about one answer: the same every time it is made.
pub fn answered_id(session_key: &str, post: &str) -> Uuid {
    Uuid::new_v5(
        &namespace(),
        format!("{session_key}/answered/{post}").as_bytes(),
    )
}

/// The id of a session's `completed` statement.
pub fn completed_id(session_key: &str) -> Uuid {
    Uuid::new_v5(&namespace(), format!("{session_key}/completed").as_bytes())
}

/// Every statement of one session, answers first (in the order given), then `completed` if it
/// was finished.
pub fn session_statements(
    store: &Store,
    catalog: &Catalog,
    row: &RosterRow,
    context: &Context,
) -> Result<Vec<Statement>, StoreError> {
    let s = &row.session;
    let key = session_key(row);
    let entry = catalog.find(&s.scenario_id);
    let title = entry.map_or(s.scenario_id.as_str(), |e| e.scenario.title.as_str());
    let homepage = entry
        .map(|e| e.guidelines.homepage.trim_end_matches('/').to_string())
        .unwrap_or_else(|| "https://replydesk.invalid".into());
    let actor = json!({
        "objectType": "Agent",
        "name": row.profile,
        "account": {"homePage": homepage, "name": row.profile},
    });
    let activity = format!(
        "{homepage}/replydesk/scenarios/{}",
        iri_segment(&s.scenario_id)
    );
    let ext = |name: &str| format!("{homepage}/replydesk/xapi/{name}");
    let mut context_ext = Map::new();
    context_ext.insert(ext("mode"), json!(s.mode.as_str()));
    context_ext.insert(ext("assessment"), json!(s.mode.is_assessment()));
    context_ext.insert(ext("time-factor"), json!(s.time_factor));
    let notes = crate::record::notes(entry, s);
    if !notes.is_empty() {
        context_ext.insert(ext("notes"), json!(notes));
    }
    if let Some(reset) = context.passphrase_reset {
        context_ext.insert(ext("passphrase-reset"), json!(rfc3339(reset)));
    }
    if let Some((at, _)) = &context.store_replaced {
        context_ext.insert(ext("store-replaced"), json!(rfc3339(*at)));
    }
    let recorded: std::collections::HashMap<String, i64> =
        store.recorded_at(s.id)?.into_iter().collect();
    let mut statements = Vec::new();
    for a in store.answers(s.id)? {
        // Named by id, not by its text: post texts can hold (invented) personal details.
        let mut definition = json!({
            "name": {"en-US": format!("{title}: post {}", a.post_id)},
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "interactionType": "choice",
        });
        let mut scaled = None;
        // The options as the scenario file has them now: what could be chosen, and the best.
        if let Some(post) = entry.and_then(|e| e.scenario.find_post(&a.post_id)) {
            let choices: Vec<Value> = post
                .options
                .iter()
                .map(|o| {
                    let text = if o.text.trim().is_empty() {
                        o.action.label().to_string()
                    } else {
                        format!("{}: {}", o.action.label(), o.text)
                    };
                    json!({"id": o.id, "description": {"en-US": text}})
                })
                .collect();
            let guidelines = &entry.expect("found above").guidelines;
            let values = post.values(guidelines);
            let best: Vec<Value> = best_indices(&values)
                .into_iter()
                .map(|i| json!(post.options[i].id))
                .collect();
            definition["choices"] = json!(choices);
            definition["correctResponsesPattern"] = json!(best);
            if let Some(i) = post.options.iter().position(|o| o.id == a.option_id) {
                scaled = Some(post_score(&values, i, a.late, guidelines.late_penalty));
            }
        }
        let mut result = json!({
            "response": a.option_id,
            "success": a.best,
            "extensions": {
                ext("late"): a.late,
                ext("simulated-seconds"): a.answered_at,
            },
        });
        // The post's score, 0 to 1, as the debrief shows it (late answers lose the penalty).
        if let Some(scaled) = scaled {
            result["score"] = json!({"scaled": round4(scaled)});
        }
        statements.push(Statement {
            id: answered_id(&key, &a.post_id),
            session_id: s.id,
            body: json!({
                "id": answered_id(&key, &a.post_id).to_string(),
                "actor": actor,
                "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
                "object": {
                    "objectType": "Activity",
                    "id": format!("{activity}/posts/{}", iri_segment(&a.post_id)),
                    "definition": definition,
                },
                "result": result,
                "context": {
                    "contextActivities": {"parent": [{"id": activity, "objectType": "Activity"}]},
                    "extensions": context_ext,
                },
                "timestamp": rfc3339(recorded.get(&a.post_id).copied().filter(|t| *t > 0).unwrap_or(s.started_at)),
            }),
        });
    }
    if let (Some(finished), Some(score), Some(passed)) = (s.finished_at, s.score, s.passed) {
        statements.push(Statement {
            id: completed_id(&key),
            session_id: s.id,
            body: json!({
                "id": completed_id(&key).to_string(),
                "actor": actor,
                "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
                "object": {
                    "objectType": "Activity",
                    "id": activity,
                    "definition": {"name": {"en-US": title}},
                },
                "result": {
                    "score": {"scaled": f64::from(score) / 100.0, "raw": score, "min": 0, "max": 100},
                    "success": passed,
                    "completion": true,
                    "duration": format!("PT{}S", (finished - s.started_at).max(0)),
                },
                "context": {"extensions": context_ext},
                "timestamp": rfc3339(finished),
            }),
        });
    }
    Ok(statements)
}

/// A score to four places: what an LRS shows, without binary noise (0.30000000000000004).
fn round4(v: f64) -> f64 {
    (v.clamp(-1.0, 1.0) * 10_000.0).round() / 10_000.0
}
