//! The session engine: plays one scenario for one seed in simulated time, takes answers, and scores them.
//!
//! Pure and deterministic: the same scenario, guidelines, seed and answers at the same times
//! give the same arrivals, option orders and result, on every machine and version.

use crate::scenario::{GuidelineSet, Post, ResponseOption, Scenario};
use crate::scoring::{self, PlayedPost, SessionResult};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::sync::Arc;

/// Why the engine refused an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("there is no post `{0}` in this scenario")]
    UnknownPost(String),
    #[error("post `{0}` has not arrived yet")]
    NotArrived(String),
    #[error("post `{0}` is already answered")]
    AlreadyAnswered(String),
    #[error("post `{post}` has no option `{option}`")]
    UnknownOption { post: String, option: String },
    #[error("the session has ended")]
    Ended,
}

/// Why a scenario cannot be played at all (the checker reports these with locations first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("post id `{0}` is used twice")]
    DuplicatePost(String),
    #[error("post `{0}` has no options")]
    NoOptions(String),
    #[error("the scenario has no posts")]
    NoPosts,
}

/// Why stored answers could not be replayed (the scenario changed since, most likely).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error("a stored answer no longer fits the scenario: {0}")]
    Answer(#[from] AnswerError),
}

/// A post that has reached the feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub post_id: String,
    pub arrived_at: f64,
    /// The post whose answer triggered this one, for threading.
    pub parent: Option<String>,
    pub answer: Option<Answer>,
}

/// What the trainee chose for a post, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Index into the post's options in the order written.
    pub option_index: usize,
    pub at: f64,
}

/// What the engine tells the UI after an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub post_id: String,
    pub option_id: String,
    pub value: f64,
    pub best_value: f64,
    pub best_options: Vec<String>,
    pub is_best: bool,
    pub late: bool,
    /// 0.0..=1.0.
    pub score: f64,
    /// Points per guideline the chosen option named, in guideline order.
    pub points: Vec<(String, i32)>,
    pub feedback: String,
    /// The follow-up this answer set off, and when it will arrive.
    pub follow_up: Option<(String, f64)>,
}

#[derive(Debug, Clone)]
struct Scheduled {
    post_id: String,
    at: f64,
    parent: Option<String>,
    /// Tie-break for posts due at the same moment: the order they were scheduled in.
    order: usize,
}

/// Per post, what the seed decided.
#[derive(Debug, Clone)]
struct Plan {
    jitter: f64,
    option_order: Vec<usize>,
}

/// The most extended time: three times each post's own is what WCAG 2.2.1 asks to offer; more
/// is allowed for individual needs, up to this.
pub const MAX_TIME_FACTOR: f64 = 10.0;

/// An answer given at a simulated time: what a replay needs to rebuild a session.
#[derive(Debug, Clone, PartialEq)]
pub struct GivenAnswer {
    pub post: String,
    pub option: String,
    /// Simulated seconds since the shift began.
    pub at: f64,
}

/// One trainee's run through one scenario.
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    guidelines: Arc<GuidelineSet>,
    seed: u64,
    now: f64,
    /// Every post (follow-ups included) by id: the path of option indices from a top-level post.
    index: HashMap<String, Vec<usize>>,
    plans: HashMap<String, Plan>,
    scheduled: Vec<Scheduled>,
    scheduled_count: usize,
    arrived: Vec<Arrival>,
    ended: bool,
    /// Each post's time to answer is its `respond_within` times this (extended time).
    time_factor: f64,
}

/// A stable 64-bit hash (FNV-1a) so a post's random choices depend only on the seed and its id.
fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Session {
    pub fn new(
        scenario: Arc<Scenario>,
        guidelines: Arc<GuidelineSet>,
        seed: u64,
    ) -> Result<Self, SetupError> {
        if scenario.posts.is_empty() {
            return Err(SetupError::NoPosts);
        }
        let mut index = HashMap::new();
        let mut plans = HashMap::new();
        fn walk(
            post: &Post,
            path: Vec<usize>,
            seed: u64,
            shuffle: bool,
            index: &mut HashMap<String, Vec<usize>>,
            plans: &mut HashMap<String, Plan>,
        ) -> Result<(), SetupError> {
            if post.options.is_empty() {
                return Err(SetupError::NoOptions(post.id.clone()));
            }
            if index.insert(post.id.clone(), path.clone()).is_some() {
                return Err(SetupError::DuplicatePost(post.id.clone()));
            }
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ stable_hash(&post.id));
            let jitter = if post.jitter > 0 {
                let j = i64::from(post.jitter);
                rand::Rng::random_range(&mut rng, -j..=j) as f64
            } else {
                0.0
            };
            let mut option_order: Vec<usize> = (0..post.options.len()).collect();
            if shuffle {
                option_order.shuffle(&mut rng);
            }
            plans.insert(
                post.id.clone(),
                Plan {
                    jitter,
                    option_order,
                },
            );
            for (i, option) in post.options.iter().enumerate() {
                if let Some(f) = &option.follow_up {
                    let mut child = path.clone();
                    child.push(i);
                    walk(&f.post, child, seed, shuffle, index, plans)?;
                }
            }
            Ok(())
        }
        for (i, post) in scenario.posts.iter().enumerate() {
            walk(
                post,
                vec![i],
                seed,
                scenario.shuffle_options,
                &mut index,
                &mut plans,
            )?;
        }

        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let top = scenario.posts.len();
        let drawn: Vec<usize> = match scenario.draw {
            Some(n) if n < top => {
                let mut picked = rand::seq::index::sample(&mut rng, top, n).into_vec();
                picked.sort_unstable();
                picked
            }
            _ => (0..top).collect(),
        };
        let mut session = Self {
            scenario: scenario.clone(),
            guidelines,
            seed,
            now: 0.0,
            index,
            plans,
            scheduled: Vec::new(),
            scheduled_count: 0,
            arrived: Vec::new(),
            ended: false,
            time_factor: 1.0,
        };
        for i in drawn {
            let post = &scenario.posts[i];
            let at = (f64::from(post.at) + session.plans[&post.id].jitter).max(0.0);
            session.schedule(post.id.clone(), at, None);
        }
        Ok(session)
    }

    fn schedule(&mut self, post_id: String, at: f64, parent: Option<String>) {
        self.scheduled.push(Scheduled {
            post_id,
            at,
            parent,
            order: self.scheduled_count,
        });
        self.scheduled_count += 1;
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn guidelines(&self) -> &GuidelineSet {
        &self.guidelines
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Simulated seconds since the start.
    pub fn now(&self) -> f64 {
        self.now
    }

    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// The post with this id, follow-ups included.
    pub fn post(&self, id: &str) -> Option<&Post> {
        let path = self.index.get(id)?;
        let mut post = self.scenario.posts.get(path[0])?;
        for &i in &path[1..] {
            post = post.options.get(i)?.follow_up.as_ref()?.post.as_ref();
        }
        Some(post)
    }

    /// The post's options in the order this seed shows them, with their index in the order written.
    pub fn options_shown(&self, post_id: &str) -> Vec<(usize, &ResponseOption)> {
        let (Some(post), Some(plan)) = (self.post(post_id), self.plans.get(post_id)) else {
            return Vec::new();
        };
        plan.option_order
            .iter()
            .map(|&i| (i, &post.options[i]))
            .collect()
    }

    /// Posts in the feed, in the order they arrived.
    pub fn arrived(&self) -> &[Arrival] {
        &self.arrived
    }

    pub fn arrival(&self, post_id: &str) -> Option<&Arrival> {
        self.arrived.iter().find(|a| a.post_id == post_id)
    }

    /// The earlier posts of a post's thread, oldest first.
    pub fn thread(&self, post_id: &str) -> Vec<&Post> {
        let mut chain = Vec::new();
        let mut current = self.arrival(post_id).and_then(|a| a.parent.clone());
        while let Some(id) = current {
            if let Some(p) = self.post(&id) {
                chain.push(p);
            }
            current = self.arrival(&id).and_then(|a| a.parent.clone());
        }
        chain.reverse();
        chain
    }

    /// When the post's answer starts to count as late.
    pub fn deadline(&self, post_id: &str) -> Option<f64> {
        let a = self.arrival(post_id)?;
        Some(a.arrived_at + f64::from(self.post(post_id)?.respond_within) * self.time_factor)
    }

    /// Gives the trainee `factor` times each post's own time to answer (extended time, 1 to
    /// [`MAX_TIME_FACTOR`]); set before the first answer.
    pub fn with_time_factor(mut self, factor: f64) -> Self {
        self.time_factor = factor.clamp(1.0, MAX_TIME_FACTOR);
        self
    }

    pub fn time_factor(&self) -> f64 {
        self.time_factor
    }

    /// When the next post is due, if any is scheduled.
    pub fn next_arrival_at(&self) -> Option<f64> {
        self.scheduled.iter().map(|s| s.at).reduce(f64::min)
    }

    /// Posts still to arrive (drawn or triggered).
    pub fn pending_count(&self) -> usize {
        self.scheduled.len()
    }

    pub fn answered_count(&self) -> usize {
        self.arrived.iter().filter(|a| a.answer.is_some()).count()
    }

    pub fn waiting_count(&self) -> usize {
        self.arrived.len() - self.answered_count()
    }

    /// Every post that will be played has arrived and been answered.
    pub fn is_complete(&self) -> bool {
        self.scheduled.is_empty() && self.arrived.iter().all(|a| a.answer.is_some())
    }

    /// Moves the clock forward by `dt` simulated seconds; returns the ids of posts that arrived.
    pub fn advance_by(&mut self, dt: f64) -> Vec<String> {
        self.advance_to(self.now + dt.max(0.0))
    }

    /// Moves the clock forward to `t` (never back); returns the ids of posts that arrived, in order.
    pub fn advance_to(&mut self, t: f64) -> Vec<String> {
        if self.ended || !t.is_finite() {
            return Vec::new();
        }
        if t > self.now {
            self.now = t;
        }
        let mut due: Vec<Scheduled> = Vec::new();
        self.scheduled.retain(|s| {
            if s.at <= t {
                due.push(s.clone());
                false
            } else {
                true
            }
        });
        due.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.order.cmp(&b.order)));
        due.into_iter()
            .map(|s| {
                self.arrived.push(Arrival {
                    post_id: s.post_id.clone(),
                    arrived_at: s.at,
                    parent: s.parent,
                    answer: None,
                });
                s.post_id
            })
            .collect()
    }

    /// Answers an arrived post with one of its options, at the current simulated time.
    pub fn answer(&mut self, post_id: &str, option_id: &str) -> Result<Outcome, AnswerError> {
        if self.ended {
            return Err(AnswerError::Ended);
        }
        let post = self
            .post(post_id)
            .ok_or_else(|| AnswerError::UnknownPost(post_id.to_string()))?;
        let option_index = post
            .options
            .iter()
            .position(|o| o.id == option_id)
            .ok_or_else(|| AnswerError::UnknownOption {
                post: post_id.to_string(),
                option: option_id.to_string(),
            })?;
        let arrival_pos = self
            .arrived
            .iter()
            .position(|a| a.post_id == post_id)
            .ok_or_else(|| AnswerError::NotArrived(post_id.to_string()))?;
        if self.arrived[arrival_pos].answer.is_some() {
            return Err(AnswerError::AlreadyAnswered(post_id.to_string()));
        }
        let post = post.clone();
        let now = self.now;
        self.arrived[arrival_pos].answer = Some(Answer {
            option_index,
            at: now,
        });

        let played = PlayedPost {
            post: &post,
            arrived_at: self.arrived[arrival_pos].arrived_at,
            answer: Some((option_index, now)),
            time_factor: self.time_factor,
        };
        let result = scoring::score_post(&played, &self.guidelines);
        let option = &post.options[option_index];
        let points = self
            .guidelines
            .guidelines
            .iter()
            .filter_map(|g| option.scores.get(&g.id).map(|p| (g.id.clone(), *p)))
            .collect();
        let follow_up = option.follow_up.as_ref().map(|f| {
            let at = (now + f64::from(f.after) + self.plans[&f.post.id].jitter).max(now);
            (f.post.id.clone(), at)
        });
        if let Some((id, at)) = &follow_up {
            self.schedule(id.clone(), *at, Some(post_id.to_string()));
        }
        Ok(Outcome {
            post_id: post_id.to_string(),
            option_id: option_id.to_string(),
            value: result.value.unwrap_or(0.0),
            best_value: result.best_value,
            best_options: result.best_options,
            is_best: result.best,
            late: result.late,
            score: result.score,
            points,
            feedback: option.feedback.clone(),
            follow_up,
        })
    }

    /// Rebuilds a session from its seed and the answers given, each at its simulated time:
    /// how a stored session is resumed or its debrief rebuilt.
    /// Returns the session, its clock at the last answer, and each answer's outcome.
    pub fn replay(
        scenario: Arc<Scenario>,
        guidelines: Arc<GuidelineSet>,
        seed: u64,
        time_factor: f64,
        answers: &[GivenAnswer],
    ) -> Result<(Self, Vec<Outcome>), ReplayError> {
        let mut session = Self::new(scenario, guidelines, seed)?.with_time_factor(time_factor);
        let mut ordered: Vec<&GivenAnswer> = answers.iter().collect();
        ordered.sort_by(|a, b| a.at.total_cmp(&b.at));
        let mut outcomes = Vec::new();
        for a in ordered {
            session.advance_to(a.at);
            outcomes.push(session.answer(&a.post, &a.option)?);
        }
        Ok((session, outcomes))
    }

    /// Ends the session: nothing more arrives or can be answered; what is unanswered scores 0.
    pub fn end(&mut self) {
        self.ended = true;
    }

    /// The result as it stands: arrived posts as answered, and every post still scheduled
    /// (drawn or triggered) as unanswered.
    pub fn result(&self) -> SessionResult {
        let mut played: Vec<PlayedPost<'_>> = self
            .arrived
            .iter()
            .filter_map(|a| {
                Some(PlayedPost {
                    post: self.post(&a.post_id)?,
                    arrived_at: a.arrived_at,
                    answer: a.answer.as_ref().map(|x| (x.option_index, x.at)),
                    time_factor: self.time_factor,
                })
            })
            .collect();
        let mut pending = self.scheduled.clone();
        pending.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.order.cmp(&b.order)));
        played.extend(pending.iter().filter_map(|s| {
            Some(PlayedPost {
                post: self.post(&s.post_id)?,
                arrived_at: s.at,
                answer: None,
                time_factor: self.time_factor,
            })
        }));
        scoring::score_session(
            &self.scenario,
            &self.guidelines,
            self.seed,
            &played,
            self.ended,
        )
    }
}
