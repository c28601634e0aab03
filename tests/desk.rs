//! The desk's rules without Bevy: selection, the feed's order, picking and sending, the clock.

mod common;

use common::{GUIDELINES, guidelines, scenario};
use replydesk::desk::{Action, Desk, SendRefused};
use replydesk::record::{Event, Mode};
use replydesk::scenario::CatalogEntry;

/// Three questions at 0, 10 and 20 s; a good answer to the first brings a follow-up 5 s later.
fn entry() -> CatalogEntry {
    let post = |id: &str, at: u32, follow: &str| {
        format!(
            r#"Post(id: "{id}", at: {at}, kind: Genuine, channel: Mention, author: (handle: "@{id}", name: "{id}"),
               text: "Question {id}?", respond_within: 60,
               options: [
                 (id: "good", action: Reply, text: "An answer.", scores: {{"welcoming": 2}}, feedback: "Right."{follow}),
                 (id: "bad", action: NoResponse, scores: {{"welcoming": -2}}, feedback: "Silence."),
               ])"#
        )
    };
    let follow = r#", follow_up: Some((after: 5, post: Post(id: "thanks", kind: Genuine, channel: Mention,
        author: (handle: "@a", name: "a"), text: "Thanks!", respond_within: 60,
        options: [(id: "like", action: Like, scores: {"welcoming": 1}, feedback: "Nice."),
                  (id: "none", action: NoResponse, feedback: "Cold.")])))"#;
    let ron = format!(
        r#"Scenario(id: "desk", title: "Desk", summary: "S", difficulty: Beginner, pass_score: 50, posts: [{}, {}, {}])"#,
        post("a", 0, follow),
        post("b", 10, ""),
        post("c", 20, "")
    );
    CatalogEntry {
        path: "desk.ron".into(),
        scenario: scenario(&ron),
        guidelines: guidelines(GUIDELINES),
        content_hash: "v2:desk".into(),
        file_hash: String::new(),
    }
}

/// The position of a response as the desk shows it for the selected post.
fn shown(desk: &Desk, option: &str) -> usize {
    let post = desk.selected.clone().unwrap();
    desk.session
        .options_shown(&post)
        .iter()
        .position(|(_, o)| o.id == option)
        .unwrap()
}

fn answer(desk: &mut Desk, option: &str) -> Option<Event> {
    let i = shown(desk, option);
    desk.apply(&Action::Pick(i));
    desk.apply(&Action::Send)
}

fn feed(desk: &Desk) -> Vec<(String, usize)> {
    desk.feed()
        .into_iter()
        .map(|r| (r.post_id, r.depth))
        .collect()
}

#[test]
fn the_first_arrival_is_selected_and_unread_until_looked_at() {
    let mut desk = Desk::new(entry(), Mode::Practice, 1).unwrap();
    desk.advance(1.0);
    assert_eq!(desk.selected.as_deref(), Some("a"));
    assert!(!desk.unread.contains("a"), "selected means read");
    desk.advance(30.0);
    assert!(desk.unread.contains("b") && desk.unread.contains("c"));
    assert_eq!(
        desk.selected.as_deref(),
        Some("a"),
        "arrivals do not steal the selection"
    );
    desk.apply(&Action::Select("c".into()));
    assert!(!desk.unread.contains("c"));
    desk.apply(&Action::Select("nonexistent".into()));
    assert_eq!(desk.selected.as_deref(), Some("c"));
}

#[test]
fn the_feed_is_newest_thread_first_with_follow_ups_under_their_post() {
    let mut desk = Desk::new(entry(), Mode::Practice, 1).unwrap();
    desk.advance(1.0);
    answer(&mut desk, "good").expect("sent");
    desk.advance(12.0);
    // a (0 s) and its thanks (about 5 s later), then b (10 s): b is the newest thread.
    assert_eq!(
        feed(&desk),
        [("b".into(), 0), ("a".into(), 0), ("thanks".into(), 1)]
    );
    desk.advance(20.0);
    assert_eq!(feed(&desk)[0], ("c".into(), 0));
}

#[test]
fn moving_through_the_feed_stops_at_its_ends_and_forgets_the_pick() {
    let mut desk = Desk::new(entry(), Mode::Practice, 1).unwrap();
    desk.advance(25.0);
    desk.apply(&Action::Select("c".into()));
    desk.apply(&Action::Pick(0));
    assert_eq!(desk.picked, Some(0));
    desk.apply(&Action::SelectPrevious);
    assert_eq!(
        desk.selected.as_deref(),
        Some("c"),
        "c is the top of the feed"
    );
    assert_eq!(desk.picked, Some(0), "staying put keeps the pick");
    desk.apply(&Action::SelectNext);
    assert_eq!(desk.selected.as_deref(), Some("b"));
    assert_eq!(desk.picked, None, "a new post starts without a pick");
    for _ in 0..5 {
        desk.apply(&Action::SelectNext);
    }
    assert_eq!(desk.selected.as_deref(), Some("a"), "the bottom");
}

#[test]
fn a_send_needs_a_pick_and_records_when_the_post_arrived_and_was_answered() {
    let mut desk = Desk::new(entry(), Mode::Practice, 1).unwrap();
    desk.advance(3.0);
    assert_eq!(desk.send(), Err(SendRefused::NothingPicked));
    desk.apply(&Action::Pick(7));
    assert_eq!(desk.picked, None, "there is no eighth response");
    let Some(Event::Answered(a)) = answer(&mut desk, "good") else {
        panic!("an answer event");
    };
    assert_eq!((a.post_id.as_str(), a.option_id.as_str()), ("a", "good"));
    assert!(a.best && !a.late);
    assert!(a.answered_at >= a.arrived_at && a.answered_at <= 3.0 + 1e-9);
    assert!(desk.outcomes.contains_key("a"));
    // An answered post takes no second pick.
    desk.apply(&Action::Pick(0));
    assert_eq!(desk.picked, None);
    assert_eq!(desk.apply(&Action::Send), None);
    // Practice stays on the answered post, to read its feedback.
    assert_eq!(desk.selected.as_deref(), Some("a"));
}

#[test]
fn in_an_assessment_sending_moves_on_to_the_oldest_post_waiting() {
    let mut desk = Desk::new(entry(), Mode::Assessment, 1).unwrap();
    desk.advance(25.0);
    desk.apply(&Action::Select("c".into()));
    answer(&mut desk, "bad").expect("sent");
    assert_eq!(
        desk.selected.as_deref(),
        Some("a"),
        "the oldest still waiting"
    );
}

#[test]
fn the_clock_stops_when_paused_and_its_speed_is_bounded() {
    let mut desk = Desk::new(entry(), Mode::Practice, 1).unwrap();
    desk.apply(&Action::TogglePause);
    desk.advance(100.0);
    assert_eq!(desk.session.now(), 0.0);
    assert!(desk.session.arrived().is_empty());
    desk.apply(&Action::TogglePause);
    desk.advance(1.0);
    assert_eq!(desk.session.arrived().len(), 1);
    desk.apply(&Action::SetSpeed(1000.0));
    assert_eq!(desk.speed, 16.0);
    desk.apply(&Action::SetSpeed(0.0));
    assert_eq!(desk.speed, 0.25);
}

#[test]
fn skipping_ahead_only_happens_when_nothing_is_waiting() {
    let mut desk = Desk::new(entry(), Mode::Practice, 1).unwrap();
    desk.advance(1.0);
    desk.apply(&Action::SkipToNext);
    assert_eq!(desk.session.arrived().len(), 1, "a is waiting: no skip");
    answer(&mut desk, "bad").expect("sent");
    desk.apply(&Action::SkipToNext);
    assert_eq!(
        desk.selected.as_deref(),
        Some("b"),
        "jumped to b and shows it"
    );
    assert!(desk.session.now() >= 10.0 - 1e-9);
}

#[test]
fn a_resumed_desk_is_paused_on_the_oldest_post_still_waiting() {
    let mut played = Desk::new(entry(), Mode::Practice, 9).unwrap();
    played.advance(25.0);
    played.apply(&Action::Select("b".into()));
    let Some(Event::Answered(a)) = answer(&mut played, "good") else {
        panic!()
    };
    let resumed = Desk::resume(entry(), Mode::Practice, 9, 1.0, &[a.given()]).unwrap();
    assert!(resumed.paused);
    assert_eq!(resumed.selected.as_deref(), Some("a"));
    assert!(resumed.outcomes.contains_key("b"));
    let (result, event) = {
        let mut r = resumed;
        r.finish()
    };
    assert!(matches!(event, Event::Finished(_)));
    assert_eq!(
        result.posts.iter().filter(|p| p.option.is_some()).count(),
        1
    );
}
