//! Facilitate: a group session at a projector. One post at a time in large text, no clock; the
//! facilitator reveals every option's points, value and feedback for the room to discuss, then
//! notes the room's choice. Recorded for the group profile (see app::progress).

use super::page::{self, Binding};
use super::{Requests, Screen, Senders};
use crate::app::shift::{DeskAction, Navigate, Shift};
use crate::app::theme;
use crate::scenario::items::best_indices;
use bevy::prelude::*;
use bevy_egui::egui::{self, RichText};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Facilitate)),
    );
}

/// What the facilitator's keys do (1–9 note the room's choice, handled apart).
#[derive(Clone, Copy)]
enum Key {
    Reveal,
    Next,
    Finish,
}

const KEYS: &[Binding<Key>] = &[
    Binding {
        keys: &[egui::Key::R],
        label: "R",
        does: "reveal the points",
        action: Key::Reveal,
    },
    Binding {
        keys: &[egui::Key::N],
        label: "N",
        does: "next post",
        action: Key::Next,
    },
    Binding {
        keys: &[egui::Key::F],
        label: "F",
        does: "finish",
        action: Key::Finish,
    },
];

/// The facilitator's view of the current post: whether its points are shown.
#[derive(Default)]
pub struct Reveal {
    pub post: Option<String>,
    pub shown: bool,
    /// F was pressed with posts not yet discussed: the next F finishes.
    pub confirm_finish: bool,
}

fn draw(
    mut contexts: EguiContexts,
    shift: Option<Res<Shift>>,
    mut reveal: Local<Reveal>,
    mut senders: Senders,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if let Some(shift) = shift {
        senders.send(show(ctx, &shift, &mut reveal));
    }
    Ok(())
}

/// The post the room is on: the oldest still waiting for its answer.
fn current(shift: &Shift) -> Option<String> {
    shift.oldest_waiting()
}

/// The facilitated session: the current post, its options (revealed or not), the room's choice.
pub fn show(ctx: &egui::Context, shift: &Shift, reveal: &mut Reveal) -> Requests {
    let mut out = Requests::default();
    let post_id = current(shift);
    if reveal.post != post_id {
        *reveal = Reveal {
            post: post_id.clone(),
            ..Reveal::default()
        };
    }
    let complete = shift.session.is_complete();
    // Posts come one at a time, as soon as the room is done with the last: no clock to wait for.
    if post_id.is_none() && shift.session.pending_count() > 0 {
        out.push(DeskAction::SkipToNext);
    }
    for key in page::pressed(ctx, KEYS) {
        match key {
            Key::Reveal => reveal.shown = !reveal.shown,
            Key::Next => out.push(DeskAction::SkipToNext),
            Key::Finish => finish(&mut out, reveal, complete),
        }
    }
    if let Some(id) = &post_id {
        for (i, k) in page::NUMBER_KEYS.iter().enumerate() {
            // A key held down repeats: only its first press notes a choice, so one press
            // answers one post.
            let repeat = ctx.input(|input| {
                input.events.iter().any(|e| {
                    matches!(e, egui::Event::Key { key, pressed: true, repeat: true, .. } if key == k)
                })
            });
            if super::key(ctx, *k) && !repeat && i < shift.session.options_shown(id).len() {
                choose(&mut out, id, i);
            }
        }
    }
    let mut root = page::root(ctx);
    let answered = shift.session.answered_count();
    let s = &shift.entry.scenario;
    page::top_bar(&mut root, "facilitate", |ui| {
        ui.heading(format!("Group session — {}", s.title));
        theme::badge(ui, "no clock", theme::accent());
        ui.label(format!("{answered} answered by the room"));
        page::trailing(ui, 200.0, |ui| {
            if ui.button("Finish (F)").clicked() {
                finish(&mut out, reveal, complete);
            }
        });
        if reveal.confirm_finish {
            ui.label(
                RichText::new(
                    "Finish now? Posts the room has not discussed count as unanswered. Press F again to finish.",
                )
                .strong()
                .color(theme::warn()),
            );
        }
    });
    page::key_bar(&mut root, "facilitate", KEYS);
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let Some(id) = &post_id else {
                    ui.add_space(20.0);
                    if complete {
                        ui.label(RichText::new("Every post is answered.").size(26.0).strong());
                        if ui
                            .button(RichText::new("See the debrief (F)").size(22.0))
                            .clicked()
                        {
                            out.push(Navigate::Finish);
                        }
                    } else {
                        ui.label(RichText::new("The next post is on its way.").size(24.0));
                        if ui
                            .button(RichText::new("Bring the next post (N)").size(22.0))
                            .clicked()
                        {
                            out.push(DeskAction::SkipToNext);
                        }
                    }
                    return;
                };
                post_view(ui, shift, id, reveal, &mut out);
            });
    });
    out
}

/// Finishes when every post is answered or when asked twice.
fn finish(out: &mut Requests, reveal: &mut Reveal, complete: bool) {
    if complete || reveal.confirm_finish {
        out.push(Navigate::Finish);
    } else {
        reveal.confirm_finish = true;
    }
}

/// Notes the room's choice for a post: select it, pick the option as shown, send.
fn choose(out: &mut Requests, post: &str, shown: usize) {
    out.push(DeskAction::Select(post.to_string()));
    out.push(DeskAction::Pick(shown));
    out.push(DeskAction::Send);
}

fn post_view(ui: &mut egui::Ui, shift: &Shift, id: &str, reveal: &mut Reveal, out: &mut Requests) {
    let Some(post) = shift.session.post(id) else {
        return;
    };
    for earlier in shift.session.thread(id) {
        ui.label(
            RichText::new(format!("{}: {}", earlier.author.name, earlier.text))
                .size(18.0)
                .color(theme::muted()),
        );
    }
    theme::card(theme::card_fill()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(format!(
                "{} ({}) · {}",
                post.author.name,
                post.author.handle,
                post.channel.label()
            ))
            .size(20.0)
            .strong(),
        );
        ui.label(RichText::new(&post.text).size(28.0));
    });
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        let label = if reveal.shown {
            "Hide the points (R)"
        } else {
            "Reveal the points and feedback (R)"
        };
        if ui.button(RichText::new(label).size(20.0)).clicked() {
            reveal.shown = !reveal.shown;
        }
    });
    ui.add_space(6.0);
    let guidelines = &shift.entry.guidelines;
    let options = shift.session.options_shown(id);
    let values: Vec<f64> = options.iter().map(|(_, o)| o.value(guidelines)).collect();
    let best = best_indices(&values);
    for (shown, (_, option)) in options.iter().enumerate() {
        theme::card(if reveal.shown && best.contains(&shown) {
            theme::tint(theme::good())
        } else {
            theme::card_fill()
        })
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{}", shown + 1)).size(26.0).strong());
                theme::badge(
                    ui,
                    option.action.label(),
                    theme::action_colour(option.action),
                );
                ui.label(RichText::new(super::desk::option_text(option)).size(22.0));
            });
            if reveal.shown {
                ui.horizontal_wrapped(|ui| {
                    if best.contains(&shown) {
                        ui.label(
                            RichText::new("✔ best")
                                .size(20.0)
                                .strong()
                                .color(theme::good()),
                        );
                    }
                    ui.label(RichText::new(format!("worth {:.1}", values[shown])).size(20.0));
                    for (g, points) in &option.scores {
                        let title = guidelines.get(g).map_or(g.as_str(), |x| x.title.as_str());
                        let (sign, colour) = if *points >= 0 {
                            ("+", theme::good())
                        } else {
                            ("−", theme::bad())
                        };
                        ui.label(
                            RichText::new(format!("{sign}{} {title}", points.abs()))
                                .size(18.0)
                                .color(colour),
                        );
                    }
                });
                if !option.feedback.is_empty() {
                    ui.label(RichText::new(&option.feedback).size(19.0).italics());
                }
            }
            if ui
                .button(RichText::new(format!("The room chose {}", shown + 1)).size(18.0))
                .clicked()
            {
                choose(out, id, shown);
            }
        });
        ui.add_space(4.0);
    }
}
