//! Briefing: what the scenario is about and the guidelines it is scored by, then Start.

use super::page::{self, Binding};
use super::{Requests, Screen, Senders};
use crate::app::shift::{Briefing, Mode, Navigate};
use crate::app::theme;
use crate::desk::Timing;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Briefing)),
    );
}

/// What the briefing's keys do.
#[derive(Clone, Copy)]
enum Key {
    Start,
    Home,
    Time,
}

/// The Briefing's keys; the last, T, only for practice.
const KEYS: &[Binding<Key>] = &[
    Binding {
        keys: &[egui::Key::Enter],
        label: "Enter",
        does: "start",
        action: Key::Start,
    },
    Binding {
        keys: &[egui::Key::Escape],
        label: "Esc",
        does: "back to Home",
        action: Key::Home,
    },
    Binding {
        keys: &[egui::Key::T],
        label: "T",
        does: "time to answer",
        action: Key::Time,
    },
];

/// Practice's choices of time, in the order shown and cycled by T.
const TIMINGS: [(Timing, &str); 4] = [
    (Timing::Normal, "Each post's own"),
    (Timing::Extended(2.0), "Twice as long"),
    (Timing::Extended(3.0), "Three times as long"),
    (Timing::Untimed, "Untimed (the clock waits for you)"),
];

/// How much time the trainee will have: chosen for practice; for an assessment, what the
/// supervisor gave. A plain function of the briefing, returning the choice made (tested
/// without Bevy in tests/screens.rs).
pub fn timing(ui: &mut egui::Ui, briefing: &Briefing) -> Option<Timing> {
    if briefing.mode != Mode::Practice {
        if let Timing::Extended(f) = briefing.timing {
            ui.label(
                egui::RichText::new(format!(
                    "Extended time ×{f}: each post gives you {f} times its own time (set by your supervisor). A post answered within it is on time."
                ))
                .strong(),
            );
        }
        return None;
    }
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        ui.label("Time to answer:");
        for (choice, label) in TIMINGS {
            if ui
                .selectable_label(briefing.timing == choice, label)
                .clicked()
            {
                chosen = Some(choice);
            }
        }
    });
    chosen
}

fn draw(
    mut contexts: EguiContexts,
    briefing: Option<Res<Briefing>>,
    mut senders: Senders,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let requests = match briefing {
        Some(b) => show(ctx, &b),
        None => Requests(vec![Navigate::Home.into()]),
    };
    senders.send(requests);
    Ok(())
}

/// The briefing of the chosen scenario, with Start.
pub fn show(ctx: &egui::Context, briefing: &Briefing) -> Requests {
    let mut out = Requests::default();
    let mut root = page::root(ctx);
    for action in page::pressed(ctx, KEYS) {
        match action {
            Key::Start => out.push(Navigate::Start),
            Key::Home => out.push(Navigate::Home),
            Key::Time if briefing.mode == Mode::Practice => {
                let now = TIMINGS
                    .iter()
                    .position(|(t, _)| *t == briefing.timing)
                    .unwrap_or(0);
                out.push(Navigate::SetTiming(TIMINGS[(now + 1) % TIMINGS.len()].0));
            }
            Key::Time => {}
        }
    }
    let s = &briefing.entry.scenario;
    let g = &briefing.entry.guidelines;
    let home = page::top_bar_with_home(&mut root, "briefing", &s.title, |ui| {
        theme::badge(
            ui,
            &format!("{:?}", s.difficulty),
            theme::difficulty_colour(s.difficulty),
        );
        theme::badge(ui, briefing.mode.label(), theme::muted());
    });
    if home {
        out.push(Navigate::Home);
    }
    // The briefing, then Start below it: Tab reaches the time choice before Start.
    page::content_then_bar(
        &mut root,
        "briefing",
        &mut out,
        |ui, out| {
            theme::card(theme::card_fill()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(egui::RichText::new(&s.summary).size(17.0));
                ui.add_space(4.0);
                ui.label(format!(
                    "You are answering as {} for {}. Posts arrive in simulated time; answer each within its time limit (late answers lose {}%).",
                    g.account, g.library, g.late_penalty
                ));
                let how = match briefing.mode {
                    Mode::Practice => "Practice: you see feedback after every answer.",
                    Mode::Assessment => "Assessment: no feedback until the debrief. Answer as you would for real.",
                    Mode::Scripted => "Scripted: answers come from a file; this is not an assessment.",
                    Mode::Facilitated => "A group session: the room answers together; it counts towards nobody's scores.",
                };
                ui.label(how);
                ui.label(format!("Pass mark: {} of 100, with no breach of a critical guideline.", s.pass_score));
                ui.add_space(6.0);
                if let Some(choice) = timing(ui, briefing) {
                    out.push(Navigate::SetTiming(choice));
                }
            });
            ui.add_space(8.0);
            ui.heading("Your library's guidelines");
            ui.label(
                egui::RichText::new("Open them at any time on the desk with G.")
                    .color(theme::muted()),
            );
            ui.add_space(4.0);
            for guideline in &g.guidelines {
                theme::card(theme::card_fill()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new(&guideline.title).strong());
                        if guideline.critical {
                            theme::badge(ui, "critical", theme::bad());
                        }
                        ui.label(
                            egui::RichText::new(format!("weight {}", guideline.weight))
                                .small()
                                .color(theme::muted()),
                        );
                    });
                    ui.label(&guideline.text);
                });
                ui.add_space(4.0);
            }
        },
        |ui, out| {
            let start = egui::Button::new(
                egui::RichText::new("Start shift")
                    .size(18.0)
                    .color(theme::on(theme::accent())),
            )
            .fill(theme::accent())
            .min_size(egui::vec2(180.0, 36.0));
            if ui.add(start).clicked() {
                out.push(Navigate::Start);
            }
            // T (time to answer) only where there is a choice: practice.
            let keys = if briefing.mode == Mode::Practice {
                KEYS
            } else {
                &KEYS[..2]
            };
            page::hints(ui, keys);
        },
    );
    out
}
