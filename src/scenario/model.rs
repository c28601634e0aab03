//! The data supervisors write: a guideline set and scenarios of posts with scored response options.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The library's social-media guidelines that every response is scored against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidelineSet {
    pub library: String,
    pub account: String,
    pub homepage: String,
    /// Percent of a post's score lost when it is answered after its `respond_within`.
    pub late_penalty: u32,
    /// What differs between libraries (phone, crisis line, fees...), used in texts as `{name}`.
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
    pub guidelines: Vec<Guideline>,
}

/// One rule of the library's policy, with a weight saying how much it matters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guideline {
    pub id: String,
    pub title: String,
    pub weight: f64,
    /// A breach (negative points) of a critical guideline fails the session whatever the score.
    #[serde(default)]
    pub critical: bool,
    pub text: String,
}

impl GuidelineSet {
    pub fn get(&self, id: &str) -> Option<&Guideline> {
        self.guidelines.iter().find(|g| g.id == id)
    }

    pub fn weight(&self, id: &str) -> f64 {
        self.get(id).map_or(0.0, |g| g.weight)
    }

    pub fn is_critical(&self, id: &str) -> bool {
        self.get(id).is_some_and(|g| g.critical)
    }
}

/// How hard a scenario is, for ordering the library on Home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
}

/// A scripted stream of posts the trainee answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub difficulty: Difficulty,
    pub pass_score: u32,
    /// `Some(n)`: each run plays `n` of the top-level posts, drawn by the seed.
    #[serde(default)]
    pub draw: Option<usize>,
    /// Whether the seed reorders each post's options (on unless turned off).
    #[serde(default = "yes")]
    pub shuffle_options: bool,
    pub posts: Vec<Post>,
}

fn yes() -> bool {
    true
}

/// What kind of post this is, for the debrief; never shown to the trainee during play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    Genuine,
    Obscure,
    Sarcastic,
    Problematic,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Genuine,
        Kind::Obscure,
        Kind::Sarcastic,
        Kind::Problematic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Genuine => "Genuine",
            Kind::Obscure => "Obscure",
            Kind::Sarcastic => "Sarcastic",
            Kind::Problematic => "Problematic",
        }
    }
}

/// Where the post reached the library's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    Mention,
    Hashtag,
    DirectMessage,
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::Mention => "mention",
            Channel::Hashtag => "#hashtag",
            Channel::DirectMessage => "DM",
        }
    }
}

/// Who wrote a post, as their profile card shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Author {
    pub handle: String,
    pub name: String,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub followers: u32,
}

/// One incoming post and the responses the trainee may choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    pub id: String,
    /// Simulated seconds after the start (for a follow-up: ignored, `after` decides).
    #[serde(default)]
    pub at: u32,
    /// Arrival moves by up to ± this many seconds, decided by the seed.
    #[serde(default)]
    pub jitter: u32,
    pub kind: Kind,
    pub channel: Channel,
    pub author: Author,
    pub text: String,
    /// Simulated seconds after arrival before an answer counts as late.
    pub respond_within: u32,
    /// Item-writing warnings the author accepts for this post (`["length-cue"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    pub options: Vec<ResponseOption>,
}

/// What the trainee can do with a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Reply,
    DirectMessage,
    Like,
    NoResponse,
    Hide,
    Report,
    Escalate,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::Reply => "Reply",
            Action::DirectMessage => "DM",
            Action::Like => "Like",
            Action::NoResponse => "No response",
            Action::Hide => "Hide",
            Action::Report => "Report",
            Action::Escalate => "Escalate",
        }
    }

    /// Whether the action sends words that the option's text must hold.
    pub fn needs_text(self) -> bool {
        matches!(self, Action::Reply | Action::DirectMessage)
    }
}

/// One possible response, its points per guideline, and what it teaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseOption {
    pub id: String,
    pub action: Action,
    #[serde(default)]
    pub text: String,
    /// Points per guideline id, each in -2..=2; a guideline not named scores 0.
    #[serde(default)]
    pub scores: BTreeMap<String, i32>,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub follow_up: Option<FollowUp>,
}

/// A post that arrives `after` seconds after the trainee chose the option that holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub after: u32,
    pub post: Box<Post>,
}

impl ResponseOption {
    /// value = Σ weight(g) × points(g).
    pub fn value(&self, guidelines: &GuidelineSet) -> f64 {
        self.scores
            .iter()
            .map(|(g, p)| guidelines.weight(g) * f64::from(*p))
            .sum()
    }

    pub fn points(&self, guideline: &str) -> i32 {
        self.scores.get(guideline).copied().unwrap_or(0)
    }
}

impl Post {
    /// The follow-up posts this post's options can trigger, one level down.
    pub fn follow_ups(&self) -> impl Iterator<Item = &Post> {
        self.options
            .iter()
            .filter_map(|o| o.follow_up.as_ref().map(|f| f.post.as_ref()))
    }

    /// Every option's value, in the order written.
    pub fn values(&self, guidelines: &GuidelineSet) -> Vec<f64> {
        self.options.iter().map(|o| o.value(guidelines)).collect()
    }
}

impl Scenario {
    /// Every post in the scenario, follow-ups included, depth first in the order written,
    /// with the id of the post whose option triggers it.
    pub fn all_posts(&self) -> Vec<(&Post, Option<&str>)> {
        fn walk<'a>(
            post: &'a Post,
            parent: Option<&'a str>,
            out: &mut Vec<(&'a Post, Option<&'a str>)>,
        ) {
            out.push((post, parent));
            for child in post.follow_ups() {
                walk(child, Some(&post.id), out);
            }
        }
        let mut out = Vec::new();
        for post in &self.posts {
            walk(post, None, &mut out);
        }
        out
    }

    pub fn find_post(&self, id: &str) -> Option<&Post> {
        self.all_posts()
            .into_iter()
            .map(|(p, _)| p)
            .find(|p| p.id == id)
    }

    /// How many posts a run plays at the least (drawn top-level posts, no follow-ups).
    pub fn played_top_level(&self) -> usize {
        self.draw.unwrap_or(self.posts.len()).min(self.posts.len())
    }
}
