//! The supervisor's roster in the app, headless: search, sorting, filters, counts, a trainee's
//! page with a debrief, and the CSV export of what is shown; nothing before the passphrase.
#![cfg(feature = "gui")]

use bevy::prelude::*;
use common::send;
use replydesk::app::Screen;
use replydesk::app::shift::Navigate;
use replydesk::app::supervisor::{Access, SupervisorAction, SupervisorView};
use replydesk::record::Mode;
use replydesk::roster::trainees::{Column, Query};
use replydesk::store::Store;
use std::path::Path;
use std::time::Duration;

mod common;

const PASSPHRASE: &str = "correct horse battery";
const DAY: i64 = 86_400;

/// A store with twelve trainees (one named like a spreadsheet formula), each with a practice
/// session some days ago; some with assessments, passed or failed, one with a breach.
fn store(data: &Path) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    let catalog = replydesk::scenario::catalog::load(&[dir], None);
    let entry = catalog.scenarios.first().expect("the fixture scenario");
    let (mut store, _) = Store::open(data).unwrap();
    store.init_passphrase(PASSPHRASE).unwrap();
    let run = |option: &str| {
        let answers = [replydesk::answers::ScriptedAnswer {
            post: "question".into(),
            option: option.into(),
            delay: 5,
        }];
        replydesk::answers::play_scripted(
            entry.scenario.clone(),
            entry.guidelines.clone(),
            1,
            &answers,
        )
        .unwrap()
        .result
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let mut backdate = Vec::new();
    for i in 1..=12 {
        let name = if i == 12 {
            "=HYPERLINK(\"x\")".to_string()
        } else {
            format!("Trainee {i}")
        };
        let p = store.profile(&name).unwrap();
        // Trainee i practised i times, the last one i × 3 days ago.
        for _ in 0..i {
            let id = store
                .record_run(
                    &p,
                    "thread",
                    &entry.content_hash,
                    Mode::Practice,
                    &run("no"),
                )
                .unwrap();
            backdate.push((id, now - i64::from(i) * 3 * DAY));
        }
        let assessment = match i {
            // Passed.
            2 | 5 => Some(run("yes")),
            // Failed on the score.
            3 => Some(run("no")),
            // Failed by a critical breach, with a passing score.
            4 => {
                let mut r = run("yes");
                r.passed = false;
                r.critical_breaches = vec!["question".into()];
                Some(r)
            }
            _ => None,
        };
        if let Some(result) = assessment {
            let id = store
                .record_run(&p, "thread", &entry.content_hash, Mode::Assessment, &result)
                .unwrap();
            backdate.push((id, now - i64::from(i) * 3 * DAY + 60));
        }
    }
    store.profile("Never Played").unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(data.join(replydesk::store::FILE_NAME)).unwrap();
    for (id, at) in backdate {
        conn.execute(
            "UPDATE sessions SET started_at = ?2, finished_at = ?2 + 300 WHERE id = ?1",
            rusqlite::params![id, at],
        )
        .unwrap();
    }
}

fn app(data: &Path) -> App {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    common::headless_app(&dir, data, Some("Trainee 1"))
}

fn view(app: &App) -> &SupervisorView {
    app.world().resource::<SupervisorView>()
}

fn shown(app: &App) -> Vec<String> {
    let v = view(app);
    v.shown
        .iter()
        .map(|&i| v.trainees[i].name.clone())
        .collect()
}

fn query(app: &mut App, change: impl FnOnce(&mut Query)) {
    let mut q = view(app).query.clone();
    change(&mut q);
    send(app, SupervisorAction::SetQuery(q));
}

#[test]
fn the_roster_is_searched_sorted_filtered_counted_and_opens_a_trainee() {
    let data = tempfile::tempdir().unwrap();
    store(data.path());
    let mut app = app(data.path());
    send(&mut app, Navigate::Open(Screen::Supervisor));

    // Locked: nothing is read, and asking for a trainee or a search does nothing.
    send(&mut app, SupervisorAction::OpenTrainee("Trainee 3".into()));
    query(&mut app, |q| q.search = "Trainee".into());
    assert_eq!(view(&app).access, Access::Locked);
    assert!(view(&app).trainees.is_empty() && view(&app).trainee.is_none());

    send(&mut app, SupervisorAction::Unlock(PASSPHRASE.into()));
    assert_eq!(view(&app).access, Access::Open);
    // Natural order: 2 before 10; the trainee without sessions is listed too.
    assert_eq!(
        shown(&app),
        [
            "=HYPERLINK(\"x\")",
            "Never Played",
            "Trainee 1",
            "Trainee 2",
            "Trainee 3",
            "Trainee 4",
            "Trainee 5",
            "Trainee 6",
            "Trainee 7",
            "Trainee 8",
            "Trainee 9",
            "Trainee 10",
            "Trainee 11",
        ]
    );
    // Passed: 2 and 5. Inactive (no session for 14 days): 5 × 3 = 15 days and more; 5
    // passed, so 6 to 12. In progress: 1, 3, 4. Not started: Never Played.
    let c = view(&app).counts;
    assert_eq!(
        (
            c.trainees,
            c.passed,
            c.in_progress,
            c.inactive,
            c.not_started
        ),
        (13, 2, 3, 7, 1)
    );

    // Search, any case.
    query(&mut app, |q| q.search = "trainee 1".into());
    assert_eq!(shown(&app), ["Trainee 1", "Trainee 10", "Trainee 11"]);

    // Sort by sessions, most first; again by name when equal.
    query(&mut app, |q| {
        q.search.clear();
        q.sort = Column::Sessions;
        q.descending = true;
    });
    assert_eq!(
        shown(&app)[..3],
        ["=HYPERLINK(\"x\")", "Trainee 11", "Trainee 10"]
    );
    query(&mut app, |q| {
        q.sort = Column::LastSession;
        q.descending = true;
    });
    assert_eq!(shown(&app)[..2], ["Trainee 1", "Trainee 2"]);
    assert_eq!(shown(&app).last().unwrap(), "Never Played");

    // Filters.
    query(&mut app, |q| {
        *q = Query::default();
        q.failed_last_assessment = true;
    });
    assert_eq!(shown(&app), ["Trainee 3", "Trainee 4"]);
    query(&mut app, |q| {
        *q = Query::default();
        q.breach_in_last = true;
    });
    assert_eq!(shown(&app), ["Trainee 4"]);
    query(&mut app, |q| {
        *q = Query::default();
        q.not_passed = true;
        q.idle_days = Some(30);
        q.inactive_after_days = 30;
    });
    assert_eq!(
        shown(&app),
        [
            "=HYPERLINK(\"x\")",
            "Never Played",
            "Trainee 10",
            "Trainee 11"
        ]
    );
    assert_eq!(
        view(&app).counts.inactive,
        3,
        "inactive follows the days chosen"
    );

    // What is shown goes to CSV, in that order, with the formula-like name made harmless.
    let out = data.path().join("roster.csv");
    send(&mut app, SupervisorAction::ExportCsv(out.clone()));
    assert!(
        matches!(&view(&app).export_note, Some(Ok(m)) if m.contains("Wrote 4 trainees")),
        "{:?}",
        view(&app).export_note
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines[0].starts_with("trainee,status,sessions,last_session"));
    assert!(
        lines[1].starts_with("\"'=HYPERLINK(\"\"x\"\")\",inactive,12,"),
        "{csv}"
    );
    assert!(
        lines[2].starts_with("Never Played,not started,0,,"),
        "{csv}"
    );
    // Never over the store itself.
    send(
        &mut app,
        SupervisorAction::ExportCsv(data.path().join(replydesk::store::FILE_NAME)),
    );
    assert!(matches!(&view(&app).export_note, Some(Err(_))));

    // A trainee's page: every session, and a stored debrief rebuilt.
    send(&mut app, SupervisorAction::OpenTrainee("Trainee 4".into()));
    let page = view(&app).trainee.as_ref().expect("the page opens");
    assert_eq!(page.name, "Trainee 4");
    assert_eq!(page.sessions.len(), 5);
    assert_eq!(page.lines.len(), 1);
    let assessment = page
        .sessions
        .iter()
        .find(|s| s.mode == Mode::Assessment)
        .unwrap();
    assert_eq!(assessment.breaches, Some(1));
    let id = assessment.id;
    send(&mut app, SupervisorAction::ShowDebrief(id));
    let page = view(&app).trainee.as_ref().unwrap();
    match &page.debrief {
        Some(Ok(d)) => assert_eq!(d.entry.scenario.id, "thread"),
        other => panic!("no debrief: {other:?}"),
    }
    send(&mut app, SupervisorAction::CloseTrainee);
    assert!(view(&app).trainee.is_none());

    // Leaving the screen forgets it all.
    send(&mut app, Navigate::Home);
    send(&mut app, Navigate::Open(Screen::Supervisor));
    assert_eq!(view(&app).access, Access::Locked);
    assert!(view(&app).trainees.is_empty());
}

/// Open records left without a key, click or scroll lock themselves; what was read is dropped.
#[test]
fn open_records_lock_themselves_when_left_alone() {
    let data = tempfile::tempdir().unwrap();
    store(data.path());
    let mut app = app(data.path());
    app.insert_resource(replydesk::app::supervisor::IdleLock(Duration::from_millis(
        300,
    )));
    send(&mut app, Navigate::Open(Screen::Supervisor));
    send(&mut app, SupervisorAction::Unlock(PASSPHRASE.into()));
    assert_eq!(view(&app).access, Access::Open);
    send(&mut app, SupervisorAction::OpenTrainee("Trainee 4".into()));
    assert!(view(&app).trainee.is_some());
    std::thread::sleep(Duration::from_millis(400));
    app.update();
    assert_eq!(view(&app).access, Access::Locked);
    assert!(view(&app).trainees.is_empty() && view(&app).trainee.is_none());
    assert!(
        view(&app)
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("Locked after")),
        "{:?}",
        view(&app).message
    );
}
