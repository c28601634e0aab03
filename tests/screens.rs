//! Screens as a screen reader and a keyboard see them, without a window or a GPU: egui_kittest
//! queries the AccessKit tree by role and label and types and clicks through it.
#![cfg(feature = "gui")]

use bevy_egui::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
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
