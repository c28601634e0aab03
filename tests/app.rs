//! The desk app's logic, headless: MinimalPlugins and the app's non-render plugins, no window.
#![cfg(feature = "gui")]

use bevy::prelude::*;
use common::send;
use replydesk::app::Screen;
use replydesk::app::library::Library;
use replydesk::app::progress::{ProfileAction, Progress};
use replydesk::app::shift::{Debrief, DeskAction, Mode, Navigate, Notice, Shift};
use std::time::Duration;

mod common;

fn app() -> App {
    let data = tempfile::tempdir().unwrap().keep();
    app_with_data(&data)
}

/// The app on the fixture folder, recording into `data` as trainee "Tester".
fn app_with_data(data: &std::path::Path) -> App {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    app_on(&dir, data)
}

/// The app on a scenarios folder, recording into `data` as trainee "Tester".
fn app_on(dir: &std::path::Path, data: &std::path::Path) -> App {
    app_as(dir, data, Some("Tester"))
}

/// The app on a scenarios folder, recording into `data`, started with `--profile` or without.
fn app_as(dir: &std::path::Path, data: &std::path::Path, profile: Option<&str>) -> App {
    common::headless_app(dir, data, profile)
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn shift(app: &App) -> &Shift {
    app.world().resource::<Shift>()
}

/// Starts "thread" in a mode and waits for the question to arrive.
fn start(app: &mut App, mode: Mode) {
    send(
        app,
        Navigate::Briefing {
            scenario: "thread".into(),
            mode,
        },
    );
    assert_eq!(screen(app), Screen::Briefing);
    send(app, Navigate::Start);
    assert_eq!(screen(app), Screen::Desk);
    send(app, DeskAction::SkipToNext);
    assert!(
        shift(app).session.arrival("question").is_some(),
        "the question arrived"
    );
}

fn answer(app: &mut App, post: &str, option: &str) {
    let shown = shift(app)
        .session
        .options_shown(post)
        .iter()
        .position(|(_, o)| o.id == option)
        .unwrap();
    send(app, DeskAction::Select(post.into()));
    send(app, DeskAction::Pick(shown));
    send(app, DeskAction::Send);
}

#[test]
fn a_broken_file_is_a_problem_while_the_others_load() {
    let app = app();
    let library = app.world().resource::<Library>();
    let ids: Vec<&str> = library
        .entries
        .iter()
        .map(|e| e.scenario.id.as_str())
        .collect();
    assert_eq!(ids, vec!["thread"]);
    let (path, problems) = library
        .load_errors
        .iter()
        .next()
        .expect("broken.ron is listed");
    let message = problems
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(path.ends_with("broken.ron"), "{path:?}");
    assert!(
        message.contains(
            "scenarios/broken.ron:13:13: error: the `(` that opens the post `p1` on line 8 is not closed: add `)` at the end of this line"
        ),
        "{message}"
    );
    assert!(
        message.contains("13 |           ],"),
        "the line is quoted: {message}"
    );
    assert_eq!(library.error_count(), 1);
}

#[test]
fn home_to_briefing_to_desk_and_back() {
    let mut app = app();
    assert_eq!(screen(&app), Screen::Home);
    send(
        &mut app,
        Navigate::Briefing {
            scenario: "nope".into(),
            mode: Mode::Practice,
        },
    );
    assert_eq!(
        screen(&app),
        Screen::Home,
        "an unknown scenario stays on Home"
    );
    start(&mut app, Mode::Practice);
    send(&mut app, Navigate::Home);
    assert_eq!(screen(&app), Screen::Home);
    assert!(app.world().get_resource::<Shift>().is_none());
}

#[test]
fn an_answer_reaches_the_engine_and_its_follow_up_arrives_threaded() {
    let mut app = app();
    start(&mut app, Mode::Practice);
    answer(&mut app, "question", "yes");
    let s = shift(&app);
    assert_eq!(s.session.answered_count(), 1);
    let outcome = &s.outcomes["question"];
    assert!(outcome.is_best);
    assert_eq!(outcome.follow_up.as_ref().unwrap().0, "thanks");
    assert!(
        s.session.arrival("thanks").is_none(),
        "not yet: it comes 30 s later"
    );
    // The clock runs a quarter of a simulated second per update here (40 s in all).
    for _ in 0..160 {
        app.update();
    }
    let s = shift(&app);
    let thanks = s.session.arrival("thanks").expect("the follow-up arrived");
    assert_eq!(thanks.parent.as_deref(), Some("question"));
    let feed: Vec<(String, usize)> = s.feed().into_iter().map(|r| (r.post_id, r.depth)).collect();
    assert_eq!(feed, vec![("question".into(), 0), ("thanks".into(), 1)]);
    assert!(s.unread.contains("thanks"));
}

#[test]
fn pause_stops_the_simulated_clock() {
    let mut app = app();
    start(&mut app, Mode::Practice);
    send(&mut app, DeskAction::TogglePause);
    let before = shift(&app).session.now();
    for _ in 0..10 {
        app.update();
    }
    assert_eq!(shift(&app).session.now(), before);
    send(&mut app, DeskAction::TogglePause);
    for _ in 0..10 {
        app.update();
    }
    assert!(shift(&app).session.now() > before);
}

#[test]
fn the_debrief_holds_the_engines_result() {
    let mut app = app();
    start(&mut app, Mode::Assessment);
    answer(&mut app, "question", "no");
    let expected = {
        let mut session = shift(&app).session.clone();
        session.end();
        session.result()
    };
    send(&mut app, Navigate::Finish);
    assert_eq!(screen(&app), Screen::Debrief);
    let debrief = app.world().resource::<Debrief>();
    assert_eq!(debrief.result, expected);
    assert_eq!(debrief.result.score, 0);
    assert!(!debrief.result.passed);
    assert_eq!(debrief.mode, Mode::Assessment);
    // Retry starts a fresh shift of the same scenario.
    send(&mut app, Navigate::Retry);
    assert_eq!(screen(&app), Screen::Desk);
    assert_eq!(shift(&app).session.answered_count(), 0);
    assert_eq!(shift(&app).entry.scenario.id, "thread");
}

#[test]
fn every_answer_is_stored_as_given_and_a_cut_off_session_resumes_where_it_was() {
    let data = tempfile::tempdir().unwrap();
    let (seed, clock) = {
        let mut app = app_with_data(data.path());
        start(&mut app, Mode::Practice);
        answer(&mut app, "question", "yes");
        let s = shift(&app);
        (s.session.seed(), s.session.now())
        // the app is dropped here without finishing: the window was closed mid-shift
    };
    let (store, _) = replydesk::store::Store::open(data.path()).unwrap();
    let profile = store.find_profile("Tester").unwrap().unwrap();
    let open = store
        .unfinished(&profile)
        .unwrap()
        .expect("the session is stored, unfinished");
    assert_eq!(open.seed, seed);
    let answers = store.answers(open.id).unwrap();
    assert_eq!(answers.len(), 1, "the answer was committed when given");
    assert_eq!(answers[0].option_id, "yes");
    assert!(answers[0].answered_at <= clock);
    let answered_at = answers[0].answered_at;
    drop(store);

    let mut app = app_with_data(data.path());
    app.update();
    let offer = app
        .world()
        .resource::<Progress>()
        .resume
        .clone()
        .expect("offered for resume");
    assert_eq!(offer.seed, seed);
    send(&mut app, replydesk::app::progress::resume_message(&offer));
    assert_eq!(screen(&app), Screen::Desk);
    let s = shift(&app);
    assert_eq!(s.session.seed(), seed, "same seed");
    assert_eq!(
        s.session.now(),
        answered_at,
        "the clock where the last saved answer left it"
    );
    assert!(
        s.paused,
        "resumed paused, so the trainee can take their bearings"
    );
    assert!(s.outcomes.contains_key("question"));
    // The follow-up the answer triggered still comes, and finishing completes the same stored session.
    send(&mut app, DeskAction::TogglePause);
    for _ in 0..160 {
        app.update();
    }
    assert!(shift(&app).session.arrival("thanks").is_some());
    answer(&mut app, "thanks", "like");
    send(&mut app, Navigate::Finish);
    assert_eq!(app.world().resource::<Debrief>().result.score, 100);
    let (store, _) = replydesk::store::Store::open(data.path()).unwrap();
    let sessions = store.sessions(&profile).unwrap();
    assert_eq!(
        sessions.len(),
        1,
        "resumed into the same record, not a new one"
    );
    assert_eq!(sessions[0].score, Some(100));
    assert_eq!(store.answers(sessions[0].id).unwrap().len(), 2);
}

#[test]
fn a_stored_session_rebuilds_its_debrief() {
    let data = tempfile::tempdir().unwrap();
    let mut app = app_with_data(data.path());
    start(&mut app, Mode::Assessment);
    answer(&mut app, "question", "no");
    send(&mut app, Navigate::Finish);
    let live = app.world().resource::<Debrief>().result.clone();
    send(&mut app, Navigate::Home);
    let id = app.world().resource::<Progress>().sessions[0].id;
    send(&mut app, ProfileAction::OpenStored(id));
    assert_eq!(screen(&app), Screen::Debrief);
    assert_eq!(app.world().resource::<Debrief>().result, live);
    assert_eq!(
        app.world().resource::<Progress>().best.get("thread"),
        Some(&(0, false))
    );
}

#[test]
fn without_a_profile_the_picker_comes_first_and_choosing_one_opens_home() {
    let data = tempfile::tempdir().unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    let mut app = app_as(&dir, data.path(), None);
    app.update();
    assert_eq!(screen(&app), Screen::Profile);
    send(&mut app, ProfileAction::Choose("  Ana María  ".into()));
    assert_eq!(screen(&app), Screen::Home);
    assert_eq!(
        app.world()
            .resource::<Progress>()
            .profile
            .as_ref()
            .unwrap()
            .name,
        "Ana María"
    );
    send(&mut app, ProfileAction::Switch);
    assert_eq!(screen(&app), Screen::Profile);
    send(&mut app, ProfileAction::Choose("\0".into()));
    assert_eq!(
        screen(&app),
        Screen::Profile,
        "a refused name stays on the picker"
    );
    assert!(
        app.world()
            .resource::<Notice>()
            .0
            .as_deref()
            .unwrap()
            .contains("cannot be used")
    );
}

#[test]
fn a_scenario_edited_before_resume_is_detected_and_the_old_session_kept() {
    let scenarios = tempfile::tempdir().unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    for f in ["guidelines.ron", "thread.ron"] {
        std::fs::copy(fixtures.join(f), scenarios.path().join(f)).unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    {
        let mut app = app_on(scenarios.path(), data.path());
        start(&mut app, Mode::Practice);
        answer(&mut app, "question", "no");
    }
    let edited = std::fs::read_to_string(scenarios.path().join("thread.ron"))
        .unwrap()
        .replace("Are you open on Sunday?", "Are you open on Sundays?");
    std::fs::write(scenarios.path().join("thread.ron"), edited).unwrap();

    let mut app = app_on(scenarios.path(), data.path());
    app.update();
    let progress = app.world().resource::<Progress>();
    assert!(
        progress.resume.is_none(),
        "an edited scenario is not resumed"
    );
    let notice = app
        .world()
        .resource::<Notice>()
        .0
        .clone()
        .unwrap_or_default();
    assert!(
        notice.contains("edited since") && notice.contains("kept as it was"),
        "{notice}"
    );
    let (store, _) = replydesk::store::Store::open(data.path()).unwrap();
    let tester = store.find_profile("Tester").unwrap().unwrap();
    let open = store
        .unfinished(&tester)
        .unwrap()
        .expect("the old session is kept");
    assert_eq!(store.answers(open.id).unwrap().len(), 1);
}

#[test]
fn when_saving_fails_the_answers_are_kept_and_saved_once_the_disk_is_back() {
    let data = tempfile::tempdir().unwrap();
    let mut app = app_with_data(data.path());
    start(&mut app, Mode::Practice);
    app.world().resource::<Progress>().refuse_writes(true);
    answer(&mut app, "question", "yes");
    {
        let progress = app.world().resource::<Progress>();
        assert_eq!(progress.unsaved(), 1, "kept in memory");
        assert!(
            progress
                .save_trouble
                .as_deref()
                .unwrap()
                .contains("Cannot save progress right now")
        );
    }
    assert_eq!(shift(&app).session.answered_count(), 1, "the shift goes on");
    app.world().resource::<Progress>().refuse_writes(false);
    app.update();
    let progress = app.world().resource::<Progress>();
    assert_eq!(progress.unsaved(), 0, "retried and saved");
    assert!(progress.save_trouble.is_none());
    let (store, _) = replydesk::store::Store::open(data.path()).unwrap();
    let tester = store.find_profile("Tester").unwrap().unwrap();
    let open = store.unfinished(&tester).unwrap().unwrap();
    assert_eq!(store.answers(open.id).unwrap().len(), 1);
}

#[test]
fn a_profile_with_a_pin_opens_only_with_it_even_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = replydesk::store::Store::open(data.path()).unwrap();
        let sam = store.profile("Sam").unwrap();
        store.set_pin(&sam, Some("4711")).unwrap();
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    // `--profile Sam` does not skip the PIN.
    let mut app = app_as(&dir, data.path(), Some("Sam"));
    app.update();
    assert_eq!(screen(&app), Screen::Profile);
    let progress = app.world().resource::<Progress>();
    assert!(progress.profile.is_none());
    assert_eq!(progress.pin_for.as_deref(), Some("Sam"));

    send(
        &mut app,
        ProfileAction::ChooseWithPin("Sam".into(), "1234".into()),
    );
    let progress = app.world().resource::<Progress>();
    assert!(progress.profile.is_none());
    assert!(
        progress
            .pin_message
            .as_deref()
            .unwrap()
            .contains("wrong PIN"),
        "{:?}",
        progress.pin_message
    );
    assert_eq!(screen(&app), Screen::Profile);
    // The next attempt waits; then the right PIN opens Home.
    std::thread::sleep(Duration::from_millis(1100));
    send(
        &mut app,
        ProfileAction::ChooseWithPin("Sam".into(), "4711".into()),
    );
    assert_eq!(screen(&app), Screen::Home);
    assert_eq!(
        app.world()
            .resource::<Progress>()
            .profile
            .as_ref()
            .unwrap()
            .name,
        "Sam"
    );
}

#[test]
fn scripted_runs_count_for_nothing_on_home_or_in_progress() {
    let data = tempfile::tempdir().unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    {
        let catalog = replydesk::scenario::catalog::load(&[dir.clone()], None);
        let entry = catalog.find("thread").unwrap();
        let run = replydesk::answers::play_scripted(
            entry.scenario.clone(),
            entry.guidelines.clone(),
            1,
            &[],
        )
        .unwrap();
        let (mut store, _) = replydesk::store::Store::open(data.path()).unwrap();
        let p = store.profile("Tester").unwrap();
        store
            .record_run(
                &p,
                "thread",
                &entry.content_hash,
                Mode::Scripted,
                &run.result,
            )
            .unwrap();
    }
    let app = app_on(&dir, data.path());
    let progress = app.world().resource::<Progress>();
    assert_eq!(progress.sessions.len(), 1, "listed");
    assert!(progress.best.is_empty(), "{:?}", progress.best);
    assert!(progress.guideline_history.is_empty());
}

#[test]
fn an_assessment_gets_the_extended_time_the_supervisor_gave_and_records_it() {
    let data = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = replydesk::store::Store::open(data.path()).unwrap();
        let p = store.profile("Tester").unwrap();
        store.set_assessment_time_factor(&p, 3.0).unwrap();
    }
    let mut app = app_with_data(data.path());
    start(&mut app, Mode::Assessment);
    assert_eq!(shift(&app).session.time_factor(), 3.0);
    answer(&mut app, "question", "yes");
    send(&mut app, Navigate::Finish);
    assert_eq!(screen(&app), Screen::Debrief);
    let debrief = app.world().resource::<Debrief>();
    assert_eq!(debrief.timing, replydesk::desk::Timing::Extended(3.0));
    assert_eq!(debrief.result.time_factor, 3.0);
    let (store, _) = replydesk::store::Store::open(data.path()).unwrap();
    let p = store.find_profile("Tester").unwrap().unwrap();
    let stored = store.sessions(&p).unwrap();
    assert_eq!(
        stored.last().unwrap().time_factor,
        3.0,
        "recorded with the session"
    );
}

#[test]
fn practice_can_be_untimed_or_longer_but_an_assessment_cannot_be_chosen_longer() {
    let mut app = app();
    send(
        &mut app,
        Navigate::Briefing {
            scenario: "thread".into(),
            mode: Mode::Practice,
        },
    );
    send(
        &mut app,
        Navigate::SetTiming(replydesk::desk::Timing::Untimed),
    );
    send(&mut app, Navigate::Start);
    assert!(shift(&app).untimed);
    send(&mut app, Navigate::Home);
    send(
        &mut app,
        Navigate::Briefing {
            scenario: "thread".into(),
            mode: Mode::Assessment,
        },
    );
    send(
        &mut app,
        Navigate::SetTiming(replydesk::desk::Timing::Extended(3.0)),
    );
    send(&mut app, Navigate::Start);
    assert_eq!(shift(&app).timing(), replydesk::desk::Timing::Normal);
}

#[test]
fn a_trainees_text_size_is_kept_with_their_profile_within_100_to_200_percent() {
    let data = tempfile::tempdir().unwrap();
    let mut app = app_with_data(data.path());
    assert_eq!(app.world().resource::<Progress>().text_scale, 1.0);
    send(&mut app, ProfileAction::SetTextScale(2.0));
    assert_eq!(app.world().resource::<Progress>().text_scale, 2.0);
    send(&mut app, ProfileAction::SetTextScale(5.0));
    assert_eq!(
        app.world().resource::<Progress>().text_scale,
        2.0,
        "at most 200%"
    );
    drop(app);
    // Next time, the same trainee gets the same size; another trainee the normal one.
    let app = app_with_data(data.path());
    assert_eq!(app.world().resource::<Progress>().text_scale, 2.0);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    let other = app_as(&dir, data.path(), Some("Someone Else"));
    assert_eq!(other.world().resource::<Progress>().text_scale, 1.0);
}

#[test]
fn a_trainees_theme_is_kept_with_their_profile() {
    use replydesk::app::theme::Theme;
    let data = tempfile::tempdir().unwrap();
    let mut app = app_with_data(data.path());
    assert_eq!(app.world().resource::<Progress>().theme, Theme::Light);
    send(&mut app, ProfileAction::SetTheme(Theme::HighContrast));
    drop(app);
    let app = app_with_data(data.path());
    assert_eq!(
        app.world().resource::<Progress>().theme,
        Theme::HighContrast
    );
}

/// The onboarding path on Home: locked until its prerequisite is done, then unlocked; a
/// practice that passes completes the first step, and the second needs an assessment.
#[test]
fn home_shows_the_path_with_its_locks_and_a_passing_session_unlocks_the_next_step() {
    use replydesk::onboarding::StepState;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/path");
    let data = tempfile::tempdir().unwrap().keep();
    let mut app = app_on(&dir, &data);
    app.update();
    let position = app
        .world()
        .resource::<Progress>()
        .path
        .clone()
        .expect("the folder's path.ron is placed");
    assert_eq!(position.steps[0].state, StepState::Available);
    assert_eq!(
        position.steps[1].state,
        StepState::Locked {
            waiting_for: vec!["A question and its thanks".into()]
        }
    );
    // Practise the first scenario well.
    start(&mut app, Mode::Practice);
    answer(&mut app, "question", "yes");
    send(&mut app, DeskAction::SkipToNext);
    answer(&mut app, "thanks", "like");
    send(&mut app, Navigate::Finish);
    send(&mut app, Navigate::Home);
    app.update();
    let position = app.world().resource::<Progress>().path.clone().unwrap();
    assert!(
        matches!(position.steps[0].state, StepState::Done { score: 100, .. }),
        "{position:?}"
    );
    assert_eq!(position.steps[1].state, StepState::Available);
    assert_eq!(
        position.summary(),
        "1 of 2 steps done; next: The same question again"
    );
}

/// A facilitated group session: no clock, recorded under the group profile, apart from the
/// trainee, and never a step of anyone's path.
#[test]
fn a_facilitated_session_is_the_group_s_and_counts_for_nobody() {
    use replydesk::onboarding::StepState;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/path");
    let data = tempfile::tempdir().unwrap().keep();
    let mut app = app_on(&dir, &data);
    send(
        &mut app,
        Navigate::Briefing {
            scenario: "thread".into(),
            mode: Mode::Facilitated,
        },
    );
    send(&mut app, Navigate::Start);
    assert_eq!(screen(&app), Screen::Facilitate);
    assert!(shift(&app).untimed, "no clock");
    send(&mut app, DeskAction::SkipToNext);
    answer(&mut app, "question", "yes");
    send(&mut app, DeskAction::SkipToNext);
    answer(&mut app, "thanks", "like");
    send(&mut app, Navigate::Finish);
    assert_eq!(screen(&app), Screen::Debrief);
    app.update();
    let (store, _) = replydesk::store::Store::open(&data).unwrap();
    let group = store.group_profile().unwrap();
    let sessions = store.sessions(&group).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].mode, Mode::Facilitated);
    assert_eq!(sessions[0].score, Some(100));
    let tester = store.find_profile("Tester").unwrap().unwrap();
    assert!(store.sessions(&tester).unwrap().is_empty());
    assert!(
        store.profiles().unwrap().iter().all(|p| p.id != group.id),
        "the group is not listed with the trainees"
    );
    let position = app.world().resource::<Progress>().path.clone().unwrap();
    assert_eq!(
        position.steps[0].state,
        StepState::Available,
        "not a step done"
    );
}
