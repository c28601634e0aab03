//! `replydesk show`: a scenario as a supervisor reviews it on paper, facts filled in, or as JSON.

use super::play::resolve;
use super::{AppArgs, Failure};
use crate::scenario::{CatalogEntry, GuidelineSet, Post, items};
use crate::scoring::post_score;
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

/// Columns the paper view wraps text at.
const WIDTH: usize = 96;

pub fn run(
    app: &AppArgs,
    scenario: &str,
    guidelines: Option<&Path>,
    as_json: bool,
) -> Result<ExitCode, Failure> {
    let entry = resolve(app, scenario, guidelines)?;
    if as_json {
        let text = serde_json::to_string_pretty(&to_json(&entry))
            .map_err(|e| Failure::Message(format!("cannot write the scenario as JSON: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", paper(&entry));
    }
    Ok(ExitCode::SUCCESS)
}

/// Top-level posts in the order they arrive (ties in the order written).
fn in_arrival_order(entry: &CatalogEntry) -> Vec<&Post> {
    let mut posts: Vec<&Post> = entry.scenario.posts.iter().collect();
    posts.sort_by_key(|p| p.at);
    posts
}

/// The text view.
pub fn paper(entry: &CatalogEntry) -> String {
    let s = &entry.scenario;
    let g = &entry.guidelines;
    let mut out = String::new();
    let draw = match s.draw {
        Some(n) => format!("each run draws {n} of {} posts", s.posts.len()),
        None => format!("every run plays all {} posts", s.posts.len()),
    };
    let _ = writeln!(out, "{} ({})", s.title, s.id);
    let _ = writeln!(
        out,
        "{:?} · pass mark {} · {draw} · scored by the guidelines of {} · {}",
        s.difficulty,
        s.pass_score,
        g.library,
        entry.path.display()
    );
    wrap(&mut out, "", &s.summary);
    for post in in_arrival_order(entry) {
        out.push('\n');
        write_post(&mut out, post, g, 0, None);
    }
    out
}

fn write_post(out: &mut String, post: &Post, g: &GuidelineSet, depth: usize, after: Option<u32>) {
    let pad = "    ".repeat(depth);
    let when = match after {
        Some(a) => format!("follow-up, {a} s after that answer"),
        None if post.jitter > 0 => format!("at {} s (± {} s)", post.at, post.jitter),
        None => format!("at {} s", post.at),
    };
    let _ = writeln!(
        out,
        "{pad}━━ POST {} · {} · {} · {when} · answer within {} s",
        post.id,
        post.kind.name(),
        post.channel.label(),
        post.respond_within
    );
    let a = &post.author;
    let mut who = format!("{} ({}", a.handle, a.name);
    if a.followers > 0 {
        let _ = write!(who, ", {} followers", a.followers);
    }
    who.push(')');
    if !a.bio.is_empty() {
        let _ = write!(who, " — bio: {}", a.bio);
    }
    wrap(out, &pad, &who);
    wrap(out, &format!("{pad}│ "), &post.text);
    if !post.allow.is_empty() {
        let _ = writeln!(out, "{pad}allows: {}", post.allow.join(", "));
    }
    let values = post.values(g);
    let best = items::best_indices(&values);
    for (i, option) in post.options.iter().enumerate() {
        let score = post_score(&values, i, false, g.late_penalty);
        let mark = if best.contains(&i) { "  ★ BEST" } else { "" };
        let _ = writeln!(
            out,
            "{pad}  {}. {} — {} — value {} — post score {:.2}{mark}",
            i + 1,
            option.id,
            option.action.label(),
            trim_float(values[i]),
            score
        );
        let inner = format!("{pad}       ");
        if !option.text.is_empty() {
            wrap(out, &inner, &format!("“{}”", option.text));
        }
        let points: Vec<String> = option
            .scores
            .iter()
            .filter(|(_, p)| **p != 0)
            .map(|(id, p)| format!("{id} {p:+}"))
            .collect();
        let points = if points.is_empty() {
            "no points on any guideline".to_string()
        } else {
            points.join(", ")
        };
        wrap(out, &inner, &format!("points: {points}"));
        if !option.feedback.is_empty() {
            wrap(out, &inner, &format!("feedback: {}", option.feedback));
        }
        if let Some(f) = &option.follow_up {
            write_post(out, &f.post, g, depth + 2, Some(f.after));
        }
    }
}

/// Appends `text` wrapped at [`WIDTH`], each line starting with `prefix`.
fn wrap(out: &mut String, prefix: &str, text: &str) {
    let room = WIDTH.saturating_sub(prefix.chars().count()).max(30);
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
                let _ = writeln!(out, "{prefix}{line}");
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        let _ = writeln!(out, "{prefix}{line}");
    }
}

fn trim_float(v: f64) -> String {
    let s = format!("{:.2}", v + 0.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// The JSON view: the same resolved data, for tools.
pub fn to_json(entry: &CatalogEntry) -> Value {
    let s = &entry.scenario;
    json!({
        "id": s.id,
        "title": s.title,
        "summary": s.summary,
        "difficulty": s.difficulty,
        "pass_score": s.pass_score,
        "draw": s.draw,
        "shuffle_options": s.shuffle_options,
        "file": entry.path,
        "library": entry.guidelines.library,
        "posts": in_arrival_order(entry)
            .into_iter()
            .map(|p| post_json(p, &entry.guidelines))
            .collect::<Vec<_>>(),
    })
}

fn post_json(post: &Post, g: &GuidelineSet) -> Value {
    let values = post.values(g);
    let best = items::best_indices(&values);
    let options: Vec<Value> = post
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            json!({
                "id": o.id,
                "action": o.action,
                "text": o.text,
                "points": o.scores,
                "value": values[i],
                "post_score": post_score(&values, i, false, g.late_penalty),
                "best": best.contains(&i),
                "feedback": o.feedback,
                "follow_up": o.follow_up.as_ref().map(|f| json!({
                    "after": f.after,
                    "post": post_json(&f.post, g),
                })),
            })
        })
        .collect();
    json!({
        "id": post.id,
        "kind": post.kind,
        "channel": post.channel,
        "at": post.at,
        "jitter": post.jitter,
        "respond_within": post.respond_within,
        "author": post.author,
        "text": post.text,
        "allow": post.allow,
        "options": options,
    })
}
