//! Desk: the play screen — top bar with the clock, the feed, the selected post and its responses,
//! the guidelines panel, and the keys that drive them.

mod feed;
mod post;
pub use post::option_text;

use super::{Requests, Screen, Senders, key};
use crate::app::shift::{DeskAction, Navigate, Shift};
use crate::app::theme;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Desk)));
}

/// A question the desk is asking before it acts.
#[derive(Default, Clone, Copy, PartialEq, Debug)]
pub enum Confirm {
    #[default]
    None,
    Finish,
    Leave,
}

fn draw(
    mut contexts: EguiContexts,
    shift: Option<Res<Shift>>,
    progress: Option<Res<crate::app::progress::Progress>>,
    mut confirm: Local<Confirm>,
    mut senders: Senders,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if let Some(shift) = shift {
        let trouble = progress
            .as_ref()
            .filter(|p| p.unsaved() > 0)
            .and_then(|p| p.save_trouble.as_deref());
        senders.send(show(ctx, &shift, trouble, &mut confirm));
    }
    Ok(())
}

/// The desk: the shift's clock and counts, the feed, the selected post and its options.
/// `trouble` is a saving problem to show where the trainee is looking.
pub fn show(
    ctx: &egui::Context,
    shift: &Shift,
    trouble: Option<&str>,
    confirm: &mut Confirm,
) -> Requests {
    let mut out = Requests::default();
    let mut root = crate::app::screens::screen_ui(ctx);
    let complete = shift.session.is_complete();
    handle_keys(ctx, shift, complete, confirm, &mut out);

    egui::Panel::top("desk-top").show(&mut root, |ui| {
        top_bar(ui, shift, complete, confirm, &mut out);
        // Saving trouble is said where the trainee is looking; the answers are kept meanwhile.
        if let Some(notice) = trouble {
            ui.label(egui::RichText::new(notice).small().color(theme::bad()));
        }
    });
    egui::Panel::bottom("desk-keys").show(&mut root, |ui| {
        theme::key_hints(
            ui,
            &[
                ("↑ ↓ / j k", "move"),
                ("1–9", "choose"),
                ("Enter", "send"),
                ("Space", "pause"),
                ("N", "next post"),
                ("G", "guidelines"),
                ("F", "finish"),
                ("Esc", "back"),
            ],
        );
    });
    egui::Panel::left("feed")
        .resizable(false)
        // Narrower at large text sizes, so the post beside it keeps room to wrap.
        .exact_size(feed::WIDTH.min(root.available_width() * 0.36))
        .show(&mut root, |ui| feed::show(ui, shift, &mut out));
    if shift.guidelines_open {
        egui::Panel::right("guidelines")
            .resizable(false)
            .exact_size(300.0)
            .show(&mut root, |ui| guidelines_panel(ui, shift, &mut out));
    }
    egui::CentralPanel::default().show(&mut root, |ui| {
        if complete {
            theme::card(theme::tint(theme::good())).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new("Every post is answered.")
                            .strong()
                            .color(theme::good()),
                    );
                    if ui.button("Finish shift and see the debrief (F)").clicked() {
                        out.push(Navigate::Finish);
                    }
                });
            });
            ui.add_space(6.0);
        }
        post::show(ui, shift, &mut out);
    });

    if *confirm != Confirm::None {
        let (question, yes) = match *confirm {
            Confirm::Finish => (
                format!(
                    "Finish the shift now? {} post(s) still waiting and {} still to come will count as unanswered.",
                    shift.session.waiting_count(),
                    shift.session.pending_count()
                ),
                "Finish shift",
            ),
            _ => (
                "Leave this shift and go back to Home? It will not be scored.".to_string(),
                "Leave",
            ),
        };
        egui::Modal::new(egui::Id::new("desk-confirm")).show(&mut root, |ui| {
            ui.set_max_width(380.0);
            ui.label(question);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(format!("{yes} (Enter)")).clicked() {
                    confirmed(*confirm, &mut out);
                    *confirm = Confirm::None;
                }
                if ui.button("Cancel (Esc)").clicked() {
                    *confirm = Confirm::None;
                }
            });
        });
    }
    out
}

fn confirmed(what: Confirm, out: &mut Requests) {
    match what {
        Confirm::Finish => {
            out.push(Navigate::Finish);
        }
        Confirm::Leave => {
            out.push(Navigate::Home);
        }
        Confirm::None => {}
    }
}

fn handle_keys(
    ctx: &egui::Context,
    shift: &Shift,
    complete: bool,
    confirm: &mut Confirm,
    out: &mut Requests,
) {
    if *confirm != Confirm::None {
        if key(ctx, egui::Key::Enter) {
            confirmed(*confirm, out);
            *confirm = Confirm::None;
        } else if key(ctx, egui::Key::Escape) {
            *confirm = Confirm::None;
        }
        return;
    }
    if key(ctx, egui::Key::ArrowDown) || key(ctx, egui::Key::J) {
        out.push(DeskAction::SelectNext);
    }
    if key(ctx, egui::Key::ArrowUp) || key(ctx, egui::Key::K) {
        out.push(DeskAction::SelectPrevious);
    }
    for (i, k) in super::page::NUMBER_KEYS.iter().enumerate() {
        if key(ctx, *k) {
            out.push(DeskAction::Pick(i));
        }
    }
    if key(ctx, egui::Key::Enter) {
        out.push(DeskAction::Send);
    }
    if key(ctx, egui::Key::Space) {
        out.push(DeskAction::TogglePause);
    }
    if key(ctx, egui::Key::G) {
        out.push(DeskAction::ToggleGuidelines);
    }
    if key(ctx, egui::Key::N) {
        out.push(DeskAction::SkipToNext);
    }
    if key(ctx, egui::Key::F) {
        if complete {
            out.push(Navigate::Finish);
        } else {
            *confirm = Confirm::Finish;
        }
    }
    if key(ctx, egui::Key::Escape) {
        if shift.guidelines_open {
            out.push(DeskAction::ToggleGuidelines);
        } else {
            *confirm = Confirm::Leave;
        }
    }
}

fn top_bar(
    ui: &mut egui::Ui,
    shift: &Shift,
    complete: bool,
    confirm: &mut Confirm,
    out: &mut Requests,
) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(&shift.entry.scenario.title)
                .strong()
                .size(16.0),
        );
        theme::badge(ui, shift.mode.label(), theme::muted());
        let timing = shift.timing().label();
        if !timing.is_empty() {
            theme::badge(ui, &timing, theme::accent());
        }
        ui.separator();
        ui.label(
            egui::RichText::new(format!("⏱ {}", theme::clock(shift.session.now())))
                .monospace()
                .size(17.0),
        );
        let pause_label = if shift.paused {
            "▶ Resume"
        } else {
            "⏸ Pause"
        };
        if ui.button(pause_label).clicked() {
            out.push(DeskAction::TogglePause);
        }
        for speed in [1.0, 2.0, 4.0] {
            if ui
                .selectable_label(shift.speed == speed, format!("{speed}×"))
                .clicked()
            {
                out.push(DeskAction::SetSpeed(speed));
            }
        }
        ui.separator();
        let waiting = shift.session.waiting_count();
        let waiting_text = egui::RichText::new(format!("{waiting} waiting"));
        ui.label(if waiting > 0 {
            waiting_text.color(theme::warn()).strong()
        } else {
            waiting_text
        });
        ui.label(format!("{} answered", shift.session.answered_count()));
        if shift.session.pending_count() > 0 && waiting == 0 {
            if ui
                .button("Next post ⏭")
                .on_hover_text("Jump the clock to the next post (N)")
                .clicked()
            {
                out.push(DeskAction::SkipToNext);
            }
        }
        super::page::trailing(ui, 240.0, |ui| {
            let label = if shift.guidelines_open {
                "Hide guidelines"
            } else {
                "Guidelines"
            };
            if ui.selectable_label(shift.guidelines_open, label).clicked() {
                out.push(DeskAction::ToggleGuidelines);
            }
            if ui.button("Finish shift").clicked() {
                if complete {
                    out.push(Navigate::Finish);
                } else {
                    *confirm = Confirm::Finish;
                }
            }
        });
    });
    if shift.paused {
        ui.label(
            egui::RichText::new("Paused — the clock stands still (Space to resume).")
                .small()
                .color(theme::warn()),
        );
    }
    ui.add_space(2.0);
}

fn guidelines_panel(ui: &mut egui::Ui, shift: &Shift, out: &mut Requests) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.heading("Guidelines");
        if ui.small_button("Close").on_hover_text("G").clicked() {
            out.push(DeskAction::ToggleGuidelines);
        }
    });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for g in &shift.entry.guidelines.guidelines {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(&g.title).strong());
                    if g.critical {
                        theme::badge(ui, "critical", theme::bad());
                    }
                });
                ui.label(egui::RichText::new(&g.text).small());
                ui.add_space(6.0);
            }
        });
}
