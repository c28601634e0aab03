//! Screens as a screen reader and a keyboard see them, without a window or a GPU: egui_kittest
//! queries the AccessKit tree by role and label and types and clicks through it. Every screen is
//! a plain function of what it shows, returning what it asks for; each is tested here, and each
//! at 200% text in a 1024×700 window (512×350 points), where no text may run off the window.
#![cfg(feature = "gui")]

use bevy_egui::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use replydesk::app::screens::briefing::timing;
use replydesk::app::screens::supervisor::{Typed, lock_screen};
use replydesk::app::shift::Briefing;
use replydesk::app::supervisor::{Access, SupervisorAction, SupervisorView};
use replydesk::desk::Timing;

fn harness(view: SupervisorView) -> Harness<'static, (Typed, Option<SupervisorAction>)> {
    Harness::new_ui_state(
        move |ui, state: &mut (Typed, Option<SupervisorAction>)| {
            let ctx = ui.ctx().clone();
            if let Some(action) = lock_screen(ui, &ctx, &view, &mut state.0) {
                state.1 = Some(action);
            }
        },
        (Typed::default(), None),
    )
}

#[test]
fn the_first_time_form_warns_who_should_set_the_passphrase_and_sends_it_typed_twice() {
    let mut h = harness(SupervisorView {
        access: Access::FirstTime,
        ..SupervisorView::default()
    });
    h.run();
    h.get_by_label_contains("only the supervisor should set it");
    let fields: Vec<_> = h.query_all_by_role(Role::PasswordInput).collect();
    assert_eq!(fields.len(), 2, "the passphrase, and again");
    fields[0].type_text("correct horse");
    h.run();
    // Typing goes to the first field at once; the second is reached as a screen reader or Tab
    // reaches it, by moving the focus.
    h.query_all_by_role(Role::PasswordInput)
        .nth(1)
        .unwrap()
        .focus();
    h.run();
    let fields: Vec<_> = h.query_all_by_role(Role::PasswordInput).collect();
    assert!(fields[1].is_focused());
    fields[1].type_text("correct horse");
    h.run();
    h.get_by_role_and_label(Role::Button, "Set passphrase")
        .click();
    h.run();
    assert_eq!(
        h.state().1,
        Some(SupervisorAction::SetFirst {
            passphrase: "correct horse".into(),
            again: "correct horse".into()
        })
    );
}

#[test]
fn the_lock_screen_has_one_field_an_unlock_button_and_shows_what_the_last_attempt_was_told() {
    let mut h = harness(SupervisorView {
        access: Access::Locked,
        message: Some(
            "wrong passphrase (1 wrong in a row); the next attempt is possible in 1 s".into(),
        ),
        ..SupervisorView::default()
    });
    h.run();
    assert_eq!(h.query_all_by_role(Role::PasswordInput).count(), 1);
    h.get_by_label_contains("the next attempt is possible in 1 s");
    h.get_by_role_and_label(Role::Button, "Unlock").click();
    h.run();
    assert_eq!(h.state().1, Some(SupervisorAction::Unlock(String::new())));
}

fn briefing(mode: replydesk::record::Mode, timing: Timing) -> Briefing {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    let catalog = replydesk::scenario::catalog::load(&[dir], None);
    Briefing {
        entry: catalog.find("thread").unwrap().clone(),
        mode,
        timing,
    }
}

#[test]
fn practice_offers_four_ways_of_timing_each_readable_and_selectable() {
    let b = briefing(replydesk::record::Mode::Practice, Timing::Normal);
    let mut h = Harness::new_ui_state(
        move |ui, chosen: &mut Option<Timing>| {
            if let Some(c) = timing(ui, &b) {
                *chosen = Some(c);
            }
        },
        None,
    );
    h.run();
    for label in [
        "Each post's own",
        "Twice as long",
        "Three times as long",
        "Untimed (the clock waits for you)",
    ] {
        h.get_by_label(label);
    }
    h.get_by_label("Untimed (the clock waits for you)").click();
    h.run();
    assert_eq!(*h.state(), Some(Timing::Untimed));
}

#[test]
fn an_assessment_says_the_extended_time_and_offers_no_choice() {
    let b = briefing(replydesk::record::Mode::Assessment, Timing::Extended(3.0));
    let mut h = Harness::new_ui(move |ui| {
        assert_eq!(timing(ui, &b), None);
    });
    h.run();
    h.get_by_label_contains("Extended time ×3");
    assert!(h.query_by_label("Twice as long").is_none());
}

// ---- every screen, as a plain function --------------------------------------------------

use bevy_egui::egui;
use replydesk::app::library::Library;
use replydesk::app::progress::{ProfileAction, Progress};
use replydesk::app::screens::{Request, Requests, Screen};
use replydesk::app::shift::{Debrief, DeskAction, Navigate, Notice, Shift};
use replydesk::app::sync::SyncLink;
use replydesk::app::theme::{self, Theme};
use replydesk::record::Mode;
use replydesk::scenario::CatalogEntry;
use replydesk::store::{Profile, StoredSession};
use std::path::Path;

fn pack() -> Vec<CatalogEntry> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    replydesk::scenario::catalog::load(&[dir], None).scenarios
}

fn fixture(id: &str) -> CatalogEntry {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    replydesk::scenario::catalog::load(&[dir], None)
        .find(id)
        .unwrap()
        .clone()
}

fn library(entries: Vec<CatalogEntry>) -> Library {
    Library {
        entries,
        ready: true,
        ..Library::default()
    }
}

/// The size of the window in points: 1024×700 at 100% text, 512×350 at 200%.
fn points(text_scale: f32) -> egui::Vec2 {
    egui::vec2(1024.0, 700.0) / text_scale
}

/// A screen drawn every frame by `draw` over its state `S`, in a window of `size` points, in
/// `theme`; what it asks for is kept in the harness's state.
fn screen<S: 'static>(
    size: egui::Vec2,
    theme: Theme,
    state: S,
    mut draw: impl FnMut(&egui::Context, &mut S) -> Requests + 'static,
) -> Harness<'static, (S, Vec<Request>)> {
    let mut styled = false;
    Harness::builder().with_size(size).build_ui_state(
        move |ui, (state, asked): &mut (S, Vec<Request>)| {
            let ctx = ui.ctx().clone();
            // As the app does: the theme once (applying it asks for a repaint).
            if !styled {
                theme::apply(&ctx, theme, false);
                styled = true;
            }
            asked.extend(draw(&ctx, state).0);
        },
        (state, Vec::new()),
    )
}

/// Every piece of text and every button lies within the window's width: none runs off it, as
/// it would in a row that cannot wrap.
fn nothing_runs_off<S>(h: &Harness<'_, S>, width: f32, screen: &str) {
    let overflowing: Vec<String> = h
        .query_all_by(|n| {
            matches!(
                n.role(),
                Role::Label | Role::Button | Role::CheckBox | Role::RadioButton | Role::TextInput
            )
        })
        .filter(|n| n.rect().right() > width + 0.5)
        .map(|n| {
            format!(
                "{:?} {:?} at {:?}",
                n.accesskit_node().role(),
                n.accesskit_node().label(),
                n.rect()
            )
        })
        .collect();
    assert!(
        overflowing.is_empty(),
        "{screen}: text runs off the right edge ({width} points wide):\n{}",
        overflowing.join("\n")
    );
}

fn progress_of(name: &str) -> Progress {
    let mut progress = Progress::default();
    progress.profile = Some(Profile {
        id: 1,
        name: name.into(),
    });
    progress.text_scale = 1.0;
    progress
}

#[test]
fn home_lists_every_scenario_with_practice_and_assessment_and_keys_and_settings_say_what_they_do() {
    let entries = pack();
    let titles: Vec<String> = entries.iter().map(|e| e.scenario.title.clone()).collect();
    let ids: Vec<String> = entries.iter().map(|e| e.scenario.id.clone()).collect();
    let lib = library(entries);
    let progress = progress_of("Jamie");
    let mut h = screen(points(1.0), Theme::Light, 0usize, move |ctx, cursor| {
        replydesk::app::screens::home::show(ctx, &lib, &Notice::default(), &progress, cursor)
    });
    h.run();
    for title in &titles {
        h.get_by_label(title);
    }
    assert_eq!(
        h.query_all_by_role_and_label(Role::Button, "Practice")
            .count(),
        titles.len()
    );
    assert_eq!(
        h.query_all_by_role_and_label(Role::Button, "Assessment")
            .count(),
        titles.len()
    );
    h.get_by_label("Jamie");
    // The second scenario's Assessment, by a screen reader's click.
    h.query_all_by_role_and_label(Role::Button, "Assessment")
        .nth(1)
        .unwrap()
        .click_accesskit();
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Go(Navigate::Briefing {
            scenario: ids[1].clone(),
            mode: Mode::Assessment
        })]
    );
    // The keys: down twice, then Enter practises the third.
    h.state_mut().1.clear();
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Go(Navigate::Briefing {
            scenario: ids[2].clone(),
            mode: Mode::Practice
        })]
    );
    // The settings: larger text, the next theme, motion.
    h.state_mut().1.clear();
    h.get_by_role_and_label(Role::Button, "A+").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Theme: Light")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Motion: reduced")
        .click();
    h.run();
    assert_eq!(
        h.state().1,
        vec![
            Request::Profile(ProfileAction::SetTextScale(1.25)),
            Request::Profile(ProfileAction::SetTheme(Theme::Dark)),
            Request::Profile(ProfileAction::SetMotion(true)),
        ]
    );
}

#[test]
fn the_briefing_reads_its_guidelines_and_starts_the_shift_by_button_or_enter() {
    let b = briefing(Mode::Practice, Timing::Normal);
    let guidelines: Vec<String> = b
        .entry
        .guidelines
        .guidelines
        .iter()
        .map(|g| g.title.clone())
        .collect();
    let mut h = screen(points(1.0), Theme::Light, (), move |ctx, _| {
        replydesk::app::screens::briefing::show(ctx, &b)
    });
    h.run();
    h.get_by_label("A question and its thanks");
    for g in &guidelines {
        h.get_by_label(g);
    }
    h.get_by_role_and_label(Role::Button, "Start shift")
        .click_accesskit();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Go(Navigate::Start), Request::Go(Navigate::Home)]
    );
}

#[test]
fn the_profile_screen_offers_each_name_and_a_new_one_and_asks_a_pin_when_one_is_set() {
    let mut progress = Progress::default();
    progress.profiles = vec![
        Profile {
            id: 1,
            name: "Ana".into(),
        },
        Profile {
            id: 2,
            name: "Bo".into(),
        },
    ];
    let mut h = screen(
        points(1.0),
        Theme::Light,
        replydesk::app::screens::profile::Typed::default(),
        move |ctx, typed| {
            replydesk::app::screens::profile::show(ctx, &progress, &Notice::default(), typed)
        },
    );
    h.run();
    h.get_by_label("Who is training?");
    h.get_by_role_and_label(Role::Button, "Bo")
        .click_accesskit();
    h.run();
    h.get_by_role(Role::TextInput).focus();
    h.run();
    h.get_by_role(Role::TextInput).type_text("Cleo");
    h.run();
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    assert_eq!(
        h.state().1,
        vec![
            Request::Profile(ProfileAction::Choose("Bo".into())),
            Request::Profile(ProfileAction::Choose("Cleo".into())),
        ]
    );

    let mut progress = Progress::default();
    progress.pin_for = Some("Ana".into());
    progress.pin_message = Some("wrong PIN".into());
    let mut h = screen(
        points(1.0),
        Theme::Light,
        replydesk::app::screens::profile::Typed::default(),
        move |ctx, typed| {
            replydesk::app::screens::profile::show(ctx, &progress, &Notice::default(), typed)
        },
    );
    h.run();
    h.get_by_label("PIN for Ana");
    h.get_by_label("wrong PIN");
    h.get_by_role(Role::PasswordInput).type_text("4321");
    h.run();
    h.get_by_role_and_label(Role::Button, "Continue").click();
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Profile(ProfileAction::ChooseWithPin(
            "Ana".into(),
            "4321".into()
        ))]
    );
}

/// Where an option is shown on the question post (the seed shuffles them).
fn shown(s: &Shift, option: &str) -> usize {
    s.session
        .options_shown("question")
        .iter()
        .position(|(_, o)| o.id == option)
        .unwrap()
}

/// The fixture's shift, `seconds` in, in `mode`, with the best answer sent when `answered`.
fn answered(mode: Mode) -> Shift {
    let mut s = shift(mode, 10.0);
    let yes = shown(&s, "yes");
    s.apply(&DeskAction::Pick(yes));
    s.apply(&DeskAction::Send);
    s
}

/// The fixture's shift, `seconds` in, in `mode`.
fn shift(mode: Mode, seconds: f64) -> Shift {
    let mut desk = replydesk::desk::Desk::new(fixture("thread"), mode, 7).unwrap();
    desk.advance(seconds);
    Shift(desk)
}

fn desk_screen(
    shift: Shift,
    size: egui::Vec2,
) -> Harness<'static, (replydesk::app::screens::desk::Confirm, Vec<Request>)> {
    screen(
        size,
        Theme::Light,
        Default::default(),
        move |ctx, confirm| replydesk::app::screens::desk::show(ctx, &shift, None, confirm),
    )
}

#[test]
fn the_desk_reads_the_clock_the_counts_the_post_and_each_numbered_response() {
    let mut h = desk_screen(shift(Mode::Practice, 10.0), points(1.0));
    h.run();
    h.get_by_label("⏱ 0:10");
    h.get_by_label("1 waiting");
    h.get_by_label("0 answered");
    // The feed row: author, channel, age, deadline status and text, in one name.
    let row = h
        .get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Asker")))
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(
        row.starts_with("Asker (@asker), mention, arrived just now, waiting, 0:55 left"),
        "{row}"
    );
    assert!(row.contains("Are you open on Sunday?"), "{row}");
    // The responses in the order shown (shuffled by the seed), each with its number.
    let yes = shown(&shift(Mode::Practice, 10.0), "yes");
    h.get_by_label_contains(&format!("Response {}: Reply. Yes, 12 to 4!", yes + 1));
    h.get_by_label_contains(&format!("Response {}: No response.", 2 - yes));
    h.get_by_label_contains(&format!("Response {}", yes + 1))
        .click_accesskit();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().1,
        vec![
            Request::Desk(DeskAction::Pick(yes)),
            Request::Desk(DeskAction::Send)
        ]
    );
}

#[test]
fn practice_feedback_is_a_live_region_a_screen_reader_announces_as_it_appears() {
    let mut h = desk_screen(answered(Mode::Practice), points(1.0));
    h.run();
    let status = h.get_by_role(Role::Status);
    let node = status.accesskit_node();
    assert_eq!(node.live(), bevy_egui::egui::accesskit::Live::Polite);
    assert_eq!(node.label().as_deref(), Some("Best answer, 100%. Right."));

    // An assessment gives no feedback until the debrief: nothing to announce.
    let mut h = desk_screen(answered(Mode::Assessment), points(1.0));
    h.run();
    assert!(h.query_by_role(Role::Status).is_none());
    h.get_by_label("Assessment: feedback comes in the debrief.");
}

fn debrief() -> Debrief {
    let mut s = answered(Mode::Practice);
    s.advance(200.0);
    let outcomes = s.outcomes.clone();
    let (result, _) = s.0.finish();
    Debrief {
        entry: fixture("thread"),
        mode: Mode::Practice,
        timing: Timing::Extended(2.0),
        result,
        outcomes,
    }
}

#[test]
fn the_debrief_says_the_score_the_verdict_the_time_and_the_guideline_numbers_as_text() {
    let d = debrief();
    let score = d.result.score;
    let mut h = screen(points(1.0), Theme::Light, (), move |ctx, _| {
        replydesk::app::screens::debrief::show(ctx, &d)
    });
    h.run();
    h.get_by_label(&score.to_string());
    h.get_by_label_contains("PASSED");
    h.get_by_label_contains("×2");
    // The chart's numbers, as text a screen reader reads.
    h.get_by_label_contains("1. Be welcoming: ");
    h.get_by_role_and_label(Role::Button, "↻ Retry with a new seed")
        .click_accesskit();
    h.run();
    h.key_press(egui::Key::H);
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Go(Navigate::Retry), Request::Go(Navigate::Home)]
    );
}

fn sessions() -> Vec<StoredSession> {
    (0..3)
        .map(|i| StoredSession {
            id: i + 1,
            scenario_id: "thread".into(),
            scenario_hash: fixture("thread").content_hash.clone(),
            seed: 7,
            mode: Mode::Practice,
            time_factor: 1.0,
            started_at: 1_790_000_000 + i * 3600,
            finished_at: Some(1_790_000_600 + i * 3600),
            score: Some(40 + 20 * i as u32),
            passed: Some(i > 0),
            breaches: Some(0),
        })
        .collect()
}

#[test]
fn my_progress_gives_every_charted_number_as_text_and_opens_a_stored_debrief() {
    let lib = library(vec![fixture("thread")]);
    let mut progress = progress_of("Jamie");
    progress.sessions = sessions();
    let mut h = screen(points(1.0), Theme::Light, (), move |ctx, _| {
        replydesk::app::screens::progress::show(ctx, &progress, &lib)
    });
    h.run();
    h.get_by_label("Progress — Jamie");
    h.get_by_label("last 80%, mean 60%");
    chart_numbers_then_the_newest_debrief(&mut h);
    // Newest first.
    assert_eq!(
        h.state().1,
        vec![Request::Profile(ProfileAction::OpenStored(3))]
    );
}

/// Opens the score chart's numbers, reads the three sessions of `thread` in them, and asks for
/// the first Debrief in the list of sessions (the newest): as on My progress, so on a trainee's
/// page.
fn chart_numbers_then_the_newest_debrief<S>(h: &mut Harness<'_, S>) {
    h.get_all_by_label("The numbers in this chart")
        .next()
        .unwrap()
        .click_accesskit();
    h.run();
    h.get_by_label("A question and its thanks — session 1: 40%, session 2: 60%, session 3: 80%");
    h.get_all_by_role_and_label(Role::Button, "Debrief")
        .next()
        .unwrap()
        .click_accesskit();
    h.run();
}

/// The Supervisor screen showing `view`, on a library of the `thread` fixture.
fn supervisor_screen(
    size: egui::Vec2,
    theme: Theme,
    view: SupervisorView,
) -> Harness<'static, (Typed, Vec<Request>)> {
    let lib = library(vec![fixture("thread")]);
    screen(size, theme, Typed::default(), move |ctx, typed| {
        replydesk::app::screens::supervisor::show(ctx, &view, &lib, &SyncLink::default(), typed)
    })
}

/// An open Supervisor screen with `n` trainees: Jamie, who passed, and Trainee 1 to n − 1.
fn open_view(n: usize) -> SupervisorView {
    use replydesk::roster::trainees::{Query, Trainee};
    let now = 1_790_000_000;
    let mut trainees = vec![Trainee {
        name: "Jamie".into(),
        sessions: 3,
        last_session: Some(now - 2 * 86_400),
        best: Some(80),
        passed: true,
        last_assessment: Some(true),
        breach_in_last: Some(false),
        path: None,
    }];
    trainees.extend((1..n).map(|i| Trainee {
        name: format!("Trainee {i}"),
        sessions: i as u32,
        last_session: Some(now - i as i64 * 86_400),
        best: Some(50),
        last_assessment: Some(false),
        breach_in_last: Some(i % 2 == 0),
        ..Trainee::default()
    }));
    let query = Query::default();
    SupervisorView {
        access: Access::Open,
        roster: vec![replydesk::roster::Line {
            trainee: "Jamie".into(),
            scenario: "thread".into(),
            sessions: 3,
            best: Some(80),
            passed_assessment: true,
            scripted: 0,
            other_version: 0,
        }],
        shown: query.apply(&trainees, now),
        counts: replydesk::roster::trainees::counts(&trainees, now, query.inactive_after_days),
        trainees,
        query,
        now,
        ..SupervisorView::default()
    }
}

/// Jamie's page: three sessions of "thread".
fn trainee_page() -> replydesk::app::supervisor::TraineePage {
    replydesk::app::supervisor::TraineePage {
        name: "Jamie".into(),
        sessions: sessions(),
        guideline_history: vec![(1, "welcoming".into(), 50), (3, "welcoming".into(), 100)],
        lines: open_view(1).roster,
        debrief: None,
    }
}

#[test]
fn a_trainee_s_page_reads_their_sessions_and_asks_for_a_debrief_or_the_roster() {
    let mut view = open_view(3);
    view.trainee = Some(trainee_page());
    let mut h = supervisor_screen(points(1.0), Theme::Light, view);
    h.run();
    h.get_by_label("Jamie");
    h.get_by_label_contains("passed · 3 sessions at the desk · last session");
    h.get_by_label_contains("A question and its thanks: 3 sessions, best at the desk 80");
    chart_numbers_then_the_newest_debrief(&mut h);
    assert_eq!(
        h.state().1,
        vec![Request::Supervisor(SupervisorAction::ShowDebrief(3))]
    );
    h.state_mut().1.clear();
    h.get_by_role_and_label(Role::Button, "← Roster")
        .click_accesskit();
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Supervisor(SupervisorAction::CloseTrainee)]
    );
    // Esc goes back to the roster, not home.
    h.state_mut().1.clear();
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Supervisor(SupervisorAction::CloseTrainee)]
    );
}

/// A name as long as names may be is cut short on the roster, so the figures stay in sight.
#[test]
fn a_very_long_name_does_not_push_the_figures_off_the_roster() {
    let mut view = open_view(3);
    view.trainees[1].name = "W".repeat(200);
    let mut h = supervisor_screen(points(1.0), Theme::Light, view);
    h.run();
    h.get_by_role_and_label(Role::Button, "Breach in last session");
    nothing_runs_off(&h, 1024.0, "Supervisor roster with a long name");
}

#[test]
fn the_open_supervisor_screen_reads_the_roster_and_asks_for_a_scenario_s_items() {
    use replydesk::roster::trainees::{Column, Query};
    let view = open_view(3);
    let mut h = supervisor_screen(points(1.0), Theme::Light, view);
    h.run();
    // The counts, then the table: a trainee's name opens their page.
    h.get_by_label("3 trainees");
    h.get_by_label("1 passed");
    h.get_by_label_contains("Showing 3 of 3");
    h.get_by_label("Jamie").click_accesskit();
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Supervisor(SupervisorAction::OpenTrainee(
            "Jamie".into()
        ))]
    );
    h.state_mut().1.clear();
    // A column heading sorts by it.
    h.get_by_role_and_label(Role::Button, "Sessions")
        .click_accesskit();
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Supervisor(SupervisorAction::SetQuery(Query {
            sort: Column::Sessions,
            ..Query::default()
        }))]
    );
    h.state_mut().1.clear();
    // Typing a name searches; a filter ticks.
    h.get_by_role_and_label(Role::TextInput, "Search").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search")
        .type_text("jam");
    h.run();
    assert!(
        h.state()
            .1
            .contains(&Request::Supervisor(SupervisorAction::SetQuery(Query {
                search: "jam".into(),
                ..Query::default()
            }))),
        "{:?}",
        h.state().1
    );
    h.state_mut().1.clear();
    h.get_by_role_and_label(Role::CheckBox, "Failed the last assessment")
        .click_accesskit();
    h.run();
    assert!(
        h.state().1.iter().any(|r| matches!(r,
            Request::Supervisor(SupervisorAction::SetQuery(q)) if q.failed_last_assessment)),
        "{:?}",
        h.state().1
    );
    h.state_mut().1.clear();
    h.get_by_role_and_label(Role::Button, "Export CSV")
        .click_accesskit();
    h.run();
    assert!(
        h.state()
            .1
            .contains(&Request::Supervisor(SupervisorAction::ExportCsv(
                "roster.csv".into()
            ))),
        "{:?}",
        h.state().1
    );
    h.state_mut().1.clear();
    // The item analysis, on its own tab.
    h.get_by_label("Item analysis").click_accesskit();
    h.run();
    h.get_by_role_and_label(Role::Button, "A question and its thanks")
        .click_accesskit();
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Supervisor(SupervisorAction::ShowItems(
            "thread".into()
        ))]
    );
    h.get_by_label("Learning Record Store").click_accesskit();
    h.run();
    // The Learning Record Store: where finished sessions go, set here.
    h.state_mut().1.clear();
    h.get_by_label_contains("No Learning Record Store is set");
    for (role, label, text) in [
        (
            Role::TextInput,
            "xAPI endpoint",
            "https://lrs.example/xAPI/",
        ),
        (Role::TextInput, "User", "desk"),
        (Role::PasswordInput, "Password", "pw"),
    ] {
        h.get_by_role_and_label(role, label).focus();
        h.run();
        h.get_by_role_and_label(role, label).type_text(text);
        h.run();
    }
    h.get_by_role_and_label(Role::Button, "Save and send")
        .click_accesskit();
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Supervisor(SupervisorAction::SetLrs {
            url: "https://lrs.example/xAPI/".into(),
            user: "desk".into(),
            password: "pw".into(),
        })]
    );
}

/// 200% text in a 1024×700 window, in each theme: every screen is drawn and no text runs off
/// the window (the rows wrap, the pages scroll).
#[test]
fn at_200_percent_in_1024_by_700_every_screen_keeps_its_text_in_the_window() {
    let size = points(2.0);
    for theme in Theme::ALL {
        let lib = library(pack());
        let progress = progress_of("Jamie");
        let mut h = screen(size, theme, 0usize, move |ctx, cursor| {
            replydesk::app::screens::home::show(ctx, &lib, &Notice::default(), &progress, cursor)
        });
        h.run();
        nothing_runs_off(&h, size.x, "Home");

        let b = briefing(Mode::Practice, Timing::Normal);
        let mut h = screen(size, theme, (), move |ctx, _| {
            replydesk::app::screens::briefing::show(ctx, &b)
        });
        h.run();
        nothing_runs_off(&h, size.x, "Briefing");

        let mut h = desk_screen(answered(Mode::Practice), size);
        h.run();
        nothing_runs_off(&h, size.x, "Desk");

        let d = debrief();
        let mut h = screen(size, theme, (), move |ctx, _| {
            replydesk::app::screens::debrief::show(ctx, &d)
        });
        h.run();
        nothing_runs_off(&h, size.x, "Debrief");

        let lib = library(vec![fixture("thread")]);
        let mut progress = progress_of("Jamie");
        progress.sessions = sessions();
        let mut h = screen(size, theme, (), move |ctx, _| {
            replydesk::app::screens::progress::show(ctx, &progress, &lib)
        });
        h.run();
        nothing_runs_off(&h, size.x, "Progress");

        let view = SupervisorView {
            access: Access::Locked,
            ..SupervisorView::default()
        };
        let mut h = supervisor_screen(size, theme, view);
        h.run();
        nothing_runs_off(&h, size.x, "Supervisor");

        // The roster of 30 trainees, and a trainee's page.
        let view = open_view(30);
        let mut h = supervisor_screen(size, theme, view);
        h.run();
        // The first trainee is in sight under the controls; the page scrolls to the rest.
        h.get_by_label("Jamie");
        nothing_runs_off(&h, size.x, "Supervisor roster");
        let mut view = open_view(3);
        view.trainee = Some(trainee_page());
        let mut h = supervisor_screen(size, theme, view);
        h.run();
        nothing_runs_off(&h, size.x, "Supervisor trainee page");

        let mut progress = Progress::default();
        progress.profiles = vec![Profile {
            id: 1,
            name: "Ana".into(),
        }];
        let mut h = screen(
            size,
            theme,
            replydesk::app::screens::profile::Typed::default(),
            move |ctx, typed| {
                replydesk::app::screens::profile::show(ctx, &progress, &Notice::default(), typed)
            },
        );
        h.run();
        nothing_runs_off(&h, size.x, "Profile");
    }
    let _ = Screen::Home;
}

/// The widgets Tab visits from a fresh screen, in order (label and place), until it comes round
/// to the first again.
fn tab_order<S>(h: &mut Harness<'_, S>) -> Vec<(String, egui::Rect)> {
    let mut seen: Vec<(String, egui::Rect)> = Vec::new();
    for _ in 0..60 {
        h.key_press(egui::Key::Tab);
        h.run();
        let Some(node) = h.query_by(|n| n.is_focused()) else {
            break;
        };
        let entry = (
            node.accesskit_node().label().unwrap_or_default(),
            node.rect(),
        );
        if seen.first() == Some(&entry) {
            break;
        }
        seen.push(entry);
    }
    seen
}

/// Each stop after the one before it as a reader meets them: further along the same row, or on
/// a later row.
fn assert_reading_order(order: &[(String, egui::Rect)], screen: &str) {
    assert!(order.len() >= 2, "{screen}: Tab reaches {order:?}");
    for pair in order.windows(2) {
        let ((a, ra), (b, rb)) = (&pair[0], &pair[1]);
        let same_row = rb.top() < ra.bottom() && ra.top() < rb.bottom();
        let follows = if same_row {
            rb.left() >= ra.left()
        } else {
            rb.top() >= ra.top()
        };
        assert!(
            follows,
            "{screen}: Tab goes from “{a}” at {ra:?} back to “{b}” at {rb:?}\nwhole order: {:?}",
            order.iter().map(|o| &o.0).collect::<Vec<_>>()
        );
    }
}

#[test]
fn tab_visits_every_screen_s_controls_in_reading_order() {
    let lib = library(pack());
    let progress = progress_of("Jamie");
    let mut h = screen(points(1.0), Theme::Light, 0usize, move |ctx, cursor| {
        replydesk::app::screens::home::show(ctx, &lib, &Notice::default(), &progress, cursor)
    });
    h.run();
    let order = tab_order(&mut h);
    assert_reading_order(&order, "Home");
    let labels: Vec<&str> = order.iter().map(|o| o.0.as_str()).collect();
    assert_eq!(
        &labels[..8],
        &[
            "Switch",
            "My progress",
            "Supervisor",
            "Motion: reduced",
            "Theme: Light",
            "A−",
            "A+",
            "Practice"
        ],
        "the top bar, left to right, then the first scenario"
    );

    let b = briefing(Mode::Practice, Timing::Normal);
    let mut h = screen(points(1.0), Theme::Light, (), move |ctx, _| {
        replydesk::app::screens::briefing::show(ctx, &b)
    });
    h.run();
    assert_reading_order(&tab_order(&mut h), "Briefing");

    let mut h = desk_screen(shift(Mode::Practice, 10.0), points(1.0));
    h.run();
    let order = tab_order(&mut h);
    assert_reading_order(&order, "Desk");
    assert!(
        order.iter().any(|o| o.0.starts_with("Response 2")),
        "Tab reaches the responses: {order:?}"
    );

    let d = debrief();
    let mut h = screen(points(1.0), Theme::Light, (), move |ctx, _| {
        replydesk::app::screens::debrief::show(ctx, &d)
    });
    h.run();
    assert_reading_order(&tab_order(&mut h), "Debrief");
}

#[test]
fn home_shows_the_onboarding_path_done_next_and_locked_and_plays_the_next_step_in_its_mode() {
    let catalog = replydesk::scenario::catalog::load(
        &[Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")],
        None,
    );
    let loaded = catalog.path.clone().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = replydesk::store::Store::open(dir.path()).unwrap();
    let jamie = store.profile("Jamie").unwrap();
    let first = catalog.find("first-shift").unwrap();
    let answers = replydesk::answers::best_answers(&first.scenario, &first.guidelines, 5);
    let run = replydesk::answers::play_scripted(
        first.scenario.clone(),
        first.guidelines.clone(),
        1,
        &answers,
    )
    .unwrap();
    store
        .record_run(
            &jamie,
            "first-shift",
            &first.content_hash,
            Mode::Practice,
            &run.result,
        )
        .unwrap();
    let position =
        replydesk::onboarding::position(&store, &jamie, &loaded.path, &catalog.scenarios, true)
            .unwrap();
    let mut lib = library(catalog.scenarios.clone());
    lib.path = Some(loaded);
    let mut progress = progress_of("Jamie");
    progress.path = Some(position);
    let mut h = screen(points(1.0), Theme::Light, 0usize, move |ctx, cursor| {
        replydesk::app::screens::home::show(ctx, &lib, &Notice::default(), &progress, cursor)
    });
    h.run();
    h.get_by_label("New staff onboarding");
    h.get_by_label("1 of 8 steps done; next: Cards, loans and the rules");
    assert_eq!(h.query_all_by_label("✔ done").count(), 1);
    assert_eq!(
        h.query_all_by_label("➜ next").count(),
        3,
        "services, advisory, reference"
    );
    assert_eq!(h.query_all_by_label("🔒 locked").count(), 4);
    h.get_by_label("after Saturday rush");
    // The first Practice button is the path's next step, ahead of the free list.
    h.query_all_by_role_and_label(Role::Button, "Practice")
        .next()
        .unwrap()
        .click_accesskit();
    h.run();
    assert_eq!(
        h.state().1,
        vec![Request::Go(Navigate::Briefing {
            scenario: "services-and-policies".into(),
            mode: Mode::Practice
        })]
    );
}

#[test]
fn facilitating_reveals_every_option_s_points_and_feedback_and_notes_the_room_s_choice() {
    use replydesk::app::screens::facilitate::{Reveal, show};
    let mut desk = replydesk::desk::Desk::new(fixture("thread"), Mode::Facilitated, 7)
        .unwrap()
        .untimed();
    desk.advance(10.0);
    let s = Shift(desk);
    let yes = shown(&s, "yes");
    let mut h = screen(
        points(1.0),
        Theme::Light,
        Reveal::default(),
        move |ctx, reveal| show(ctx, &s, reveal),
    );
    h.run();
    h.get_by_label_contains("Group session — A question and its thanks");
    h.get_by_label("Are you open on Sunday?");
    assert!(
        h.query_by_label("Right.").is_none(),
        "feedback waits for the reveal"
    );
    h.get_by_role_and_label(Role::Button, "Reveal the points and feedback (R)")
        .click_accesskit();
    h.run();
    h.get_by_label("Right.");
    h.get_by_label("Silence.");
    h.get_by_label("✔ best");
    h.get_by_label("+2 Be welcoming");
    h.get_by_role_and_label(Role::Button, &format!("The room chose {}", yes + 1))
        .click_accesskit();
    h.run();
    assert_eq!(
        h.state().1,
        vec![
            Request::Desk(DeskAction::Select("question".into())),
            Request::Desk(DeskAction::Pick(yes)),
            Request::Desk(DeskAction::Send),
        ]
    );
}
