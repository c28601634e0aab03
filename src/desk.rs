//! The desk's rules without Bevy: the session being played, the selected post, the response
//! picked, what is unread, the feed's order, and what each of the trainee's actions does.

use crate::record::{Event, Mode};
use crate::scenario::CatalogEntry;
use crate::scoring::SessionResult;
use crate::session::{GivenAnswer, Outcome, Session};
use crate::store::StoredAnswer;
use std::collections::{HashMap, HashSet};

/// What the trainee does on the desk.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Select(String),
    SelectNext,
    SelectPrevious,
    /// Choose a response by its position as shown (0-based).
    Pick(usize),
    /// Send the chosen response for the selected post.
    Send,
    TogglePause,
    SetSpeed(f32),
    ToggleGuidelines,
    /// Jump the clock to the next arrival when nothing is waiting.
    SkipToNext,
}

/// Why a desk could not be set up for a scenario.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeskError {
    #[error("{0}")]
    Unplayable(String),
}

/// Why a send did nothing; the desk shows why beside the responses.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SendRefused {
    #[error("choose a response first (1–9)")]
    NothingPicked,
    #[error("there is no such response")]
    NoSuchResponse,
    #[error("{0}")]
    Engine(String),
}

/// One line of the feed: a post and how deep in its thread it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedRow {
    pub post_id: String,
    pub depth: usize,
}

/// How much time the trainee has to answer.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Timing {
    /// Each post's own time.
    #[default]
    Normal,
    /// Each post's own time times the factor (2 or 3; set by a supervisor for assessments).
    Extended(f64),
    /// The clock waits for each answer (practice only).
    Untimed,
}

impl Timing {
    /// How the desk says it: "", "extended time ×2", "untimed".
    pub fn label(self) -> String {
        match self {
            Timing::Normal => String::new(),
            Timing::Extended(f) => format!("extended time ×{f}"),
            Timing::Untimed => "untimed".into(),
        }
    }

    /// Extended time for a factor over 1, else normal.
    pub fn from_factor(factor: f64) -> Timing {
        if factor > 1.0 {
            Timing::Extended(factor)
        } else {
            Timing::Normal
        }
    }
}

/// The slowest and fastest clock speeds.
pub const SPEEDS: std::ops::RangeInclusive<f32> = 0.25..=16.0;

/// A shift at the desk.
#[derive(Debug)]
pub struct Desk {
    pub entry: CatalogEntry,
    pub mode: Mode,
    pub session: Session,
    pub selected: Option<String>,
    /// The response chosen (as shown, 0-based) but not yet sent.
    pub picked: Option<usize>,
    pub unread: HashSet<String>,
    pub outcomes: HashMap<String, Outcome>,
    pub paused: bool,
    pub speed: f32,
    pub guidelines_open: bool,
    /// The clock waits for each answer.
    pub untimed: bool,
}

impl Desk {
    /// A new shift of `entry` with `seed`, its clock at 0 and running.
    pub fn new(entry: CatalogEntry, mode: Mode, seed: u64) -> Result<Self, DeskError> {
        let session = Session::new(entry.scenario.clone(), entry.guidelines.clone(), seed)
            .map_err(|e| DeskError::Unplayable(e.to_string()))?;
        Ok(Self::with(entry, mode, session, HashMap::new(), false))
    }

    /// A shift rebuilt from stored answers, paused so the trainee can take their bearings.
    pub fn resume(
        entry: CatalogEntry,
        mode: Mode,
        seed: u64,
        time_factor: f64,
        answers: &[GivenAnswer],
    ) -> Result<Self, DeskError> {
        let (session, outcomes) = Session::replay(
            entry.scenario.clone(),
            entry.guidelines.clone(),
            seed,
            time_factor,
            answers,
        )
        .map_err(|e| DeskError::Unplayable(e.to_string()))?;
        let outcomes = outcomes
            .into_iter()
            .map(|o| (o.post_id.clone(), o))
            .collect();
        let mut desk = Self::with(entry, mode, session, outcomes, true);
        desk.selected = desk.oldest_waiting();
        Ok(desk)
    }

    fn with(
        entry: CatalogEntry,
        mode: Mode,
        session: Session,
        outcomes: HashMap<String, Outcome>,
        paused: bool,
    ) -> Self {
        Self {
            entry,
            mode,
            session,
            selected: None,
            picked: None,
            unread: HashSet::new(),
            outcomes,
            paused,
            speed: 1.0,
            guidelines_open: false,
            untimed: false,
        }
    }

    /// The event that records this shift's start.
    pub fn started(&self) -> Event {
        Event::Started {
            scenario: self.entry.scenario.id.clone(),
            content_hash: self.entry.content_hash.clone(),
            seed: self.session.seed(),
            mode: self.mode,
            time_factor: self.session.time_factor(),
        }
    }

    /// Does what the trainee asked. Returns the event to record when an answer was sent.
    pub fn apply(&mut self, action: &Action) -> Option<Event> {
        match action {
            Action::Select(id) => {
                if self.session.arrival(id).is_some() {
                    self.select(id.clone());
                }
            }
            Action::SelectNext => self.move_selection(1),
            Action::SelectPrevious => self.move_selection(-1),
            Action::Pick(i) => {
                let answerable = self
                    .selected
                    .as_ref()
                    .and_then(|s| self.session.arrival(s))
                    .is_some_and(|a| a.answer.is_none());
                let count = self
                    .selected
                    .as_ref()
                    .map_or(0, |s| self.session.options_shown(s).len());
                if answerable && *i < count {
                    self.picked = Some(*i);
                }
            }
            // A send without a choice, or for an answered post, does nothing: the UI says why.
            Action::Send => return self.send().ok(),
            Action::TogglePause => self.paused = !self.paused,
            Action::SetSpeed(speed) => self.speed = speed.clamp(*SPEEDS.start(), *SPEEDS.end()),
            Action::ToggleGuidelines => self.guidelines_open = !self.guidelines_open,
            Action::SkipToNext => {
                if self.session.waiting_count() == 0
                    && let Some(at) = self.session.next_arrival_at()
                {
                    let arrived = self.session.advance_to(at);
                    let first = arrived.first().cloned();
                    self.on_arrivals(arrived);
                    // The trainee asked for the next post: show it.
                    if let Some(first) = first {
                        self.select(first);
                    }
                }
            }
        }
        None
    }

    /// Gives the trainee more time: each post's own times `factor` (extended time).
    pub fn with_time_factor(mut self, factor: f64) -> Self {
        self.session = self.session.with_time_factor(factor);
        self
    }

    /// Untimed: the clock waits while a post waits for its answer, so nothing is ever late and
    /// nothing new arrives until the trainee has answered (practice only).
    pub fn untimed(mut self) -> Self {
        self.untimed = true;
        self
    }

    /// The desk with this timing.
    pub fn with_timing(self, timing: Timing) -> Self {
        match timing {
            Timing::Normal => self,
            Timing::Extended(f) => self.with_time_factor(f),
            Timing::Untimed => self.untimed(),
        }
    }

    /// The timing this desk plays with.
    pub fn timing(&self) -> Timing {
        if self.untimed {
            Timing::Untimed
        } else {
            Timing::from_factor(self.session.time_factor())
        }
    }

    /// Moves the clock on by `dt` simulated seconds, unless paused, ended, or (untimed) a post
    /// is waiting for its answer.
    pub fn advance(&mut self, dt: f64) {
        if self.paused || self.session.is_ended() || dt <= 0.0 {
            return;
        }
        if self.untimed && self.session.waiting_count() > 0 {
            return;
        }
        let arrived = self.session.advance_by(dt);
        if !arrived.is_empty() {
            self.on_arrivals(arrived);
        }
    }

    /// Ends the shift: nothing more arrives; the result, and the event that records it.
    pub fn finish(&mut self) -> (SessionResult, Event) {
        self.session.end();
        let result = self.session.result();
        (result.clone(), Event::Finished(result))
    }

    /// The feed as shown: threads newest first (by their latest arrival), each post followed by
    /// its follow-ups in arrival order, indented.
    pub fn feed(&self) -> Vec<FeedRow> {
        let arrived = self.session.arrived();
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut roots: Vec<&str> = Vec::new();
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

    /// The oldest post still waiting for an answer.
    pub fn oldest_waiting(&self) -> Option<String> {
        self.session
            .arrived()
            .iter()
            .find(|a| a.answer.is_none())
            .map(|a| a.post_id.clone())
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

    /// Sends the picked response for the selected post; in an assessment, moves on to the
    /// oldest post still waiting.
    pub fn send(&mut self) -> Result<Event, SendRefused> {
        let (Some(post), Some(picked)) = (self.selected.clone(), self.picked) else {
            return Err(SendRefused::NothingPicked);
        };
        let shown = self.session.options_shown(&post);
        let Some((_, option)) = shown.get(picked) else {
            return Err(SendRefused::NoSuchResponse);
        };
        let option_id = option.id.clone();
        let outcome = self
            .session
            .answer(&post, &option_id)
            .map_err(|e| SendRefused::Engine(e.to_string()))?;
        self.outcomes.insert(post.clone(), outcome.clone());
        self.picked = None;
        if self.mode == Mode::Assessment
            && let Some(next) = self.oldest_waiting()
        {
            self.select(next);
        }
        let arrived_at = self.session.arrival(&post).map_or(0.0, |a| a.arrived_at);
        Ok(Event::Answered(StoredAnswer {
            post_id: outcome.post_id.clone(),
            option_id: outcome.option_id.clone(),
            arrived_at,
            answered_at: self.session.now(),
            value: outcome.value,
            best: outcome.is_best,
            late: outcome.late,
        }))
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
