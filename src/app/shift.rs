//! The trainee's shift: the engine session being played, its simulated clock, and the messages
//! the screens send. UI systems only send these messages; the systems here decide.

use super::library::Library;
use super::screens::Screen;
use crate::record::Event;
use crate::scenario::CatalogEntry;
use crate::scoring::SessionResult;
use crate::session::{GivenAnswer, Outcome, Session};
use bevy::prelude::*;
use std::collections::{HashMap, HashSet};

pub fn plugin(app: &mut App) {
    app.add_message::<Navigate>()
        .add_message::<DeskAction>()
        .add_message::<ShiftEvent>()
        .init_resource::<Notice>()
        .add_systems(
            Update,
            (
                apply_navigation,
                apply_desk_actions,
                advance_clock,
                finish_when_asked,
            )
                .chain()
                .in_set(ShiftSystems),
        );
}

/// The systems that turn messages into engine calls; recorders run after them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShiftSystems;

/// How a session is played (the desk plays Practice and Assessment; Scripted is headless).
pub use crate::record::Mode;

/// Moving between screens.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Navigate {
    /// Open the briefing of a scenario, to be played in a mode.
    Briefing { scenario: String, mode: Mode },
    /// Start the shift from the briefing.
    Start,
    /// End the shift and show the debrief.
    Finish,
    /// Play the same scenario again with a new seed.
    Retry,
    /// Back to the scenario library.
    Home,
    /// Another screen reachable from Home (progress, supervisor).
    Open(Screen),
    /// Continue a stored session that was cut off: same seed, the answers given, the same clock.
    Resume {
        session_id: i64,
        scenario: String,
        mode: Mode,
        seed: u64,
        answers: Vec<GivenAnswer>,
    },
}

/// What happened in a shift, for whoever records it (the progress store, through the core's
/// one recorder, `Store::apply`).
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ShiftEvent(pub crate::record::Event);

/// What the trainee does on the desk.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum DeskAction {
    Select(String),
    SelectNext,
    SelectPrevious,
    /// Choose an option by its position as shown (0-based).
    Pick(usize),
    /// Send the chosen option for the selected post.
    Send,
    TogglePause,
    SetSpeed(f32),
    ToggleGuidelines,
    /// Jump the clock to the next arrival when nothing is waiting.
    SkipToNext,
}

/// A plain message for the trainee, shown on Home (a scenario that vanished, a failed screenshot).
#[derive(Resource, Default, Debug)]
pub struct Notice(pub Option<String>);

/// The scenario chosen on Home, waiting for Start.
#[derive(Resource, Debug, Clone)]
pub struct Briefing {
    pub entry: CatalogEntry,
    pub mode: Mode,
}

/// The shift in progress.
#[derive(Resource, Debug)]
pub struct Shift {
    pub entry: CatalogEntry,
    pub mode: Mode,
    pub session: Session,
    pub selected: Option<String>,
    /// The option chosen (as shown, 0-based) but not yet sent.
    pub picked: Option<usize>,
    pub unread: HashSet<String>,
    pub outcomes: HashMap<String, Outcome>,
    pub paused: bool,
    pub speed: f32,
    pub guidelines_open: bool,
}

/// One line of the feed: a post and how deep in its thread it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedRow {
    pub post_id: String,
    pub depth: usize,
}

impl Shift {
    pub fn new(entry: CatalogEntry, mode: Mode, seed: u64) -> Result<Self, String> {
        let session = Session::new(entry.scenario.clone(), entry.guidelines.clone(), seed)
            .map_err(|e| e.to_string())?;
        Ok(Self {
            entry,
            mode,
            session,
            selected: None,
            picked: None,
            unread: HashSet::new(),
            outcomes: HashMap::new(),
            paused: false,
            speed: 1.0,
            guidelines_open: false,
        })
    }

    /// A shift rebuilt from stored answers, paused so the trainee can take their bearings.
    pub fn resume(
        entry: CatalogEntry,
        mode: Mode,
        seed: u64,
        answers: &[GivenAnswer],
    ) -> Result<Self, String> {
        let (session, outcomes) = Session::replay(
            entry.scenario.clone(),
            entry.guidelines.clone(),
            seed,
            answers,
        )
        .map_err(|e| e.to_string())?;
        let selected = session
            .arrived()
            .iter()
            .find(|a| a.answer.is_none())
            .map(|a| a.post_id.clone());
        Ok(Self {
            entry,
            mode,
            session,
            selected,
            picked: None,
            unread: HashSet::new(),
            outcomes: outcomes
                .into_iter()
                .map(|o| (o.post_id.clone(), o))
                .collect(),
            paused: true,
            speed: 1.0,
            guidelines_open: false,
        })
    }

    /// The feed, newest thread first; a thread is a top-level post with its follow-ups under it.
    pub fn feed(&self) -> Vec<FeedRow> {
        let arrived = self.session.arrived();
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut roots = Vec::new();
        let arrived_at: HashMap<&str, f64> = arrived
            .iter()
            .map(|a| (a.post_id.as_str(), a.arrived_at))
            .collect();
        for a in arrived {
            match &a.parent {
                Some(p) => children.entry(p.as_str()).or_default().push(&a.post_id),
                None => roots.push(a.post_id.as_str()),
            }
        }
        // A thread's recency is its latest arrival.
        let latest = |root: &str| -> f64 {
            let mut stack = vec![root];
            let mut t = f64::MIN;
            while let Some(id) = stack.pop() {
                t = t.max(arrived_at.get(id).copied().unwrap_or(f64::MIN));
                stack.extend(children.get(id).into_iter().flatten());
            }
            t
        };
        let mut keyed: Vec<(f64, usize, &str)> = roots
            .iter()
            .enumerate()
            .map(|(i, r)| (latest(r), i, *r))
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        let mut rows = Vec::with_capacity(arrived.len());
        for (_, _, root) in keyed {
            let mut stack = vec![(root, 0usize)];
            while let Some((id, depth)) = stack.pop() {
                rows.push(FeedRow {
                    post_id: id.to_string(),
                    depth,
                });
                if let Some(kids) = children.get(id) {
                    stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
                }
            }
        }
        rows
    }

    fn select(&mut self, id: String) {
        self.unread.remove(&id);
        if self.selected.as_ref() != Some(&id) {
            self.picked = None;
        }
        self.selected = Some(id);
    }

    fn move_selection(&mut self, step: isize) {
        let feed = self.feed();
        if feed.is_empty() {
            return;
        }
        let current = self
            .selected
            .as_ref()
            .and_then(|s| feed.iter().position(|r| &r.post_id == s));
        let next = match current {
            Some(i) => (i as isize + step).clamp(0, feed.len() as isize - 1) as usize,
            None => 0,
        };
        self.select(feed[next].post_id.clone());
    }

    /// The oldest post still waiting for an answer.
    pub fn oldest_waiting(&self) -> Option<String> {
        self.session
            .arrived()
            .iter()
            .find(|a| a.answer.is_none())
            .map(|a| a.post_id.clone())
    }

    fn send(&mut self) -> Result<Outcome, String> {
        let (Some(post), Some(picked)) = (self.selected.clone(), self.picked) else {
            return Err("choose a response first (1–9)".into());
        };
        let shown = self.session.options_shown(&post);
        let Some((_, option)) = shown.get(picked) else {
            return Err("there is no such response".into());
        };
        let option_id = option.id.clone();
        let outcome = self
            .session
            .answer(&post, &option_id)
            .map_err(|e| e.to_string())?;
        self.outcomes.insert(post.clone(), outcome.clone());
        self.picked = None;
        if self.mode == Mode::Assessment
            && let Some(next) = self.oldest_waiting()
        {
            self.select(next);
        }
        Ok(outcome)
    }

    fn on_arrivals(&mut self, arrived: Vec<String>) {
        for id in &arrived {
            self.unread.insert(id.clone());
        }
        let nothing_open = self.selected.as_ref().is_none_or(|s| {
            self.session.arrival(s).is_some_and(|a| a.answer.is_some())
                && self.mode == Mode::Assessment
        });
        if nothing_open && let Some(first) = arrived.into_iter().next() {
            self.select(first);
        }
    }
}

/// The debrief of a finished shift.
#[derive(Resource, Debug, Clone)]
pub struct Debrief {
    pub entry: CatalogEntry,
    pub mode: Mode,
    pub result: SessionResult,
    pub outcomes: HashMap<String, Outcome>,
}

/// Set when the trainee asks to finish; handled after the desk's actions of the same frame.
#[derive(Resource)]
struct FinishRequested;

fn apply_navigation(
    mut commands: Commands,
    mut nav: MessageReader<Navigate>,
    library: Res<Library>,
    briefing: Option<Res<Briefing>>,
    shift: Option<Res<Shift>>,
    debrief: Option<Res<Debrief>>,
    mut next: ResMut<NextState<Screen>>,
    mut notice: ResMut<Notice>,
    mut time: ResMut<Time<Virtual>>,
    mut events: MessageWriter<ShiftEvent>,
) {
    for message in nav.read() {
        match message {
            Navigate::Briefing { scenario, mode } => match library.find(scenario) {
                Some(entry) => {
                    commands.insert_resource(Briefing {
                        entry: entry.clone(),
                        mode: *mode,
                    });
                    next.set(Screen::Briefing);
                }
                None => {
                    notice.0 = Some(format!(
                        "There is no playable scenario `{scenario}` (see Problems)."
                    ))
                }
            },
            Navigate::Start | Navigate::Retry => {
                let chosen = match message {
                    Navigate::Start => briefing.as_ref().map(|b| (b.entry.clone(), b.mode)),
                    _ => debrief
                        .as_ref()
                        .map(|d| (d.entry.clone(), d.mode))
                        .or_else(|| shift.as_ref().map(|s| (s.entry.clone(), s.mode))),
                };
                let Some((entry, mode)) = chosen else {
                    continue;
                };
                match Shift::new(entry, mode, rand::random()) {
                    Ok(shift) => {
                        events.write(ShiftEvent(Event::Started {
                            scenario: shift.entry.scenario.id.clone(),
                            content_hash: shift.entry.content_hash.clone(),
                            seed: shift.session.seed(),
                            mode,
                        }));
                        time.unpause();
                        time.set_relative_speed(1.0);
                        commands.insert_resource(shift);
                        commands.remove_resource::<Debrief>();
                        next.set(Screen::Desk);
                    }
                    Err(e) => {
                        notice.0 = Some(format!("This scenario cannot be played: {e}"));
                        next.set(Screen::Home);
                    }
                }
            }
            Navigate::Resume {
                session_id,
                scenario,
                mode,
                seed,
                answers,
            } => {
                let resumed = library
                    .find(scenario)
                    .ok_or_else(|| format!("the scenario `{scenario}` is no longer in the library"))
                    .and_then(|entry| Shift::resume(entry.clone(), *mode, *seed, answers));
                match resumed {
                    Ok(shift) => {
                        events.write(ShiftEvent(Event::Resumed {
                            session_id: *session_id,
                        }));
                        time.pause();
                        time.set_relative_speed(1.0);
                        commands.insert_resource(shift);
                        commands.remove_resource::<Debrief>();
                        next.set(Screen::Desk);
                    }
                    Err(e) => {
                        notice.0 = Some(format!(
                            "That session cannot be resumed: {e}. It is kept as it was."
                        ))
                    }
                }
            }
            Navigate::Finish => commands.insert_resource(FinishRequested),
            Navigate::Open(screen) => next.set(*screen),
            Navigate::Home => {
                // An unfinished shift stays in the store, to be offered for resume.
                commands.remove_resource::<Shift>();
                commands.remove_resource::<Briefing>();
                next.set(Screen::Home);
            }
        }
    }
}

fn apply_desk_actions(
    mut actions: MessageReader<DeskAction>,
    shift: Option<ResMut<Shift>>,
    mut time: ResMut<Time<Virtual>>,
    mut events: MessageWriter<ShiftEvent>,
) {
    let Some(mut shift) = shift else {
        actions.clear();
        return;
    };
    for action in actions.read() {
        match action {
            DeskAction::Select(id) => {
                if shift.session.arrival(id).is_some() {
                    shift.select(id.clone());
                }
            }
            DeskAction::SelectNext => shift.move_selection(1),
            DeskAction::SelectPrevious => shift.move_selection(-1),
            DeskAction::Pick(i) => {
                let answerable = shift
                    .selected
                    .as_ref()
                    .and_then(|s| shift.session.arrival(s))
                    .is_some_and(|a| a.answer.is_none());
                let count = shift
                    .selected
                    .as_ref()
                    .map_or(0, |s| shift.session.options_shown(s).len());
                if answerable && *i < count {
                    shift.picked = Some(*i);
                }
            }
            DeskAction::Send => {
                // A send without a choice, or for an answered post, does nothing: the UI says why.
                if let Ok(outcome) = shift.send()
                    && let Some(arrival) = shift.session.arrival(&outcome.post_id)
                {
                    events.write(ShiftEvent(Event::Answered(crate::store::StoredAnswer {
                        post_id: outcome.post_id.clone(),
                        option_id: outcome.option_id.clone(),
                        arrived_at: arrival.arrived_at,
                        answered_at: shift.session.now(),
                        value: outcome.value,
                        best: outcome.is_best,
                        late: outcome.late,
                    })));
                }
            }
            DeskAction::TogglePause => {
                shift.paused = !shift.paused;
                if shift.paused {
                    time.pause();
                } else {
                    time.unpause();
                }
            }
            DeskAction::SetSpeed(speed) => {
                shift.speed = speed.clamp(0.25, 16.0);
                time.set_relative_speed(shift.speed);
            }
            DeskAction::ToggleGuidelines => shift.guidelines_open = !shift.guidelines_open,
            DeskAction::SkipToNext => {
                if shift.session.waiting_count() == 0
                    && let Some(at) = shift.session.next_arrival_at()
                {
                    let arrived = shift.session.advance_to(at);
                    let first = arrived.first().cloned();
                    shift.on_arrivals(arrived);
                    // The trainee asked for the next post: show it.
                    if let Some(first) = first {
                        shift.select(first);
                    }
                }
            }
        }
    }
}

fn advance_clock(time: Res<Time<Virtual>>, shift: Option<ResMut<Shift>>) {
    let Some(mut shift) = shift else { return };
    if shift.paused || shift.session.is_ended() {
        return;
    }
    let dt = time.delta_secs_f64();
    if dt <= 0.0 {
        return;
    }
    let arrived = shift.bypass_change_detection().session.advance_by(dt);
    if !arrived.is_empty() {
        shift.on_arrivals(arrived);
    }
}

fn finish_when_asked(
    mut commands: Commands,
    requested: Option<Res<FinishRequested>>,
    shift: Option<ResMut<Shift>>,
    mut next: ResMut<NextState<Screen>>,
    mut events: MessageWriter<ShiftEvent>,
) {
    if requested.is_none() {
        return;
    }
    commands.remove_resource::<FinishRequested>();
    let Some(mut shift) = shift else { return };
    shift.session.end();
    let result = shift.session.result();
    events.write(ShiftEvent(Event::Finished(result.clone())));
    commands.insert_resource(Debrief {
        entry: shift.entry.clone(),
        mode: shift.mode,
        result,
        outcomes: shift.outcomes.clone(),
    });
    next.set(Screen::Debrief);
}
