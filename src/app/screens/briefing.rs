//! Briefing: what the scenario is about and the guidelines it is scored by, then Start.

use super::Screen;
use super::page::{self, Binding};
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
}

impl Key {
    fn navigate(self) -> Navigate {
        match self {
            Key::Start => Navigate::Start,
            Key::Home => Navigate::Home,
        }
    }
}

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
        for (choice, label) in [
            (Timing::Normal, "Each post's own"),
            (Timing::Extended(2.0), "Twice as long"),
            (Timing::Extended(3.0), "Three times as long"),
            (Timing::Untimed, "Untimed (the clock waits for you)"),
        ] {
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
    mut nav: MessageWriter<Navigate>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = page::root(ctx);
    let Some(briefing) = briefing else {
        nav.write(Navigate::Home);
        return Ok(());
    };
    for action in page::pressed(ctx, KEYS) {
        nav.write(action.navigate());
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
        nav.write(Navigate::Home);
    }
    egui::Panel::bottom("briefing-bottom").show(&mut root, |ui| {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let start = egui::Button::new(
                egui::RichText::new("Start shift")
                    .size(18.0)
                    .color(theme::on(theme::accent())),
            )
            .fill(theme::accent())
            .min_size(egui::vec2(180.0, 36.0));
            if ui.add(start).clicked() {
                nav.write(Navigate::Start);
            }
            page::hints(ui, KEYS);
        });
        ui.add_space(6.0);
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
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
                };
                ui.label(how);
                ui.label(format!("Pass mark: {} of 100, with no breach of a critical guideline.", s.pass_score));
                ui.add_space(6.0);
                if let Some(choice) = timing(ui, &briefing) {
                    nav.write(Navigate::SetTiming(choice));
                }
            });
            ui.add_space(8.0);
            ui.heading("Your library's guidelines");
            ui.label(egui::RichText::new("Open them at any time on the desk with G.").color(theme::muted()));
            ui.add_space(4.0);
            for guideline in &g.guidelines {
                theme::card(theme::card_fill()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new(&guideline.title).strong());
                        if guideline.critical {
                            theme::badge(ui, "critical", theme::bad());
                        }
                        ui.label(egui::RichText::new(format!("weight {}", guideline.weight)).small().color(theme::muted()));
                    });
                    ui.label(&guideline.text);
                });
                ui.add_space(4.0);
            }
        });
    });
    Ok(())
}
