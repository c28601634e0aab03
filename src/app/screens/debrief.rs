//! Debrief: the score and verdict, guideline percentages as a bar chart, the per-kind table, and
//! every post with the chosen and the best answer; then Retry or Home.

use super::page::{self, Binding};
use super::{Requests, Screen, Senders};
use crate::app::screens::desk::option_text;
use crate::app::shift::{Debrief, Navigate};
use crate::app::theme;
use crate::scenario::{GuidelineSet, Scenario};
use bevy::prelude::*;
use bevy_egui::egui::{self, RichText};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use egui_plot::{Bar, BarChart, Plot, PlotPoint, Text};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Debrief)),
    );
}

/// The debrief's keys: true retries, false goes home.
const KEYS: &[Binding<bool>] = &[
    Binding {
        keys: &[egui::Key::R],
        label: "R",
        does: "retry",
        action: true,
    },
    Binding {
        keys: &[egui::Key::Escape, egui::Key::H],
        label: "Esc / H",
        does: "home",
        action: false,
    },
];

fn draw(mut contexts: EguiContexts, debrief: Option<Res<Debrief>>, mut senders: Senders) -> Result {
    let ctx = contexts.ctx_mut()?;
    if let Some(d) = debrief {
        senders.send(show(ctx, &d));
    }
    Ok(())
}

/// The debrief of a finished shift.
pub fn show(ctx: &egui::Context, d: &Debrief) -> Requests {
    let mut out = Requests::default();
    let mut root = page::root(ctx);
    for retry in page::pressed(ctx, KEYS) {
        out.push(if retry {
            Navigate::Retry
        } else {
            Navigate::Home
        });
    }
    let scenario = &d.entry.scenario;
    page::top_bar(&mut root, "debrief", |ui| {
        ui.heading(format!("Debrief — {}", scenario.title));
        theme::badge(ui, d.mode.label(), theme::muted());
        let timing = d.timing.label();
        if !timing.is_empty() {
            theme::badge(ui, &timing, theme::accent());
        }
    });
    // The debrief, then Retry and Home below it, in reading order.
    page::content_then_bar(
        &mut root,
        "debrief",
        &mut out,
        |ui, _| body(ui, d, "You"),
        |ui, out| {
            if ui
                .button(RichText::new("↻ Retry with a new seed").size(16.0))
                .clicked()
            {
                out.push(Navigate::Retry);
            }
            if ui.button(RichText::new("Home").size(16.0)).clicked() {
                out.push(Navigate::Home);
            }
            page::hints(ui, KEYS);
        },
    );
    out
}

/// What a debrief says: the score and verdict, any breach, the guidelines, the kinds of post
/// and every post with the answer `who` gave ("You", or the trainee's name on the supervisor's
/// page) and the best one.
pub fn body(ui: &mut egui::Ui, d: &Debrief, who: &str) {
    let r = &d.result;
    let scenario = &d.entry.scenario;
    let guidelines = &d.entry.guidelines;
    theme::card(theme::card_fill()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{}", r.score)).size(44.0).strong());
            ui.label(RichText::new("/ 100").size(20.0).color(theme::muted()));
            ui.add_space(16.0);
            let (verdict, colour) = if r.passed {
                ("PASSED", theme::good())
            } else {
                ("NOT PASSED", theme::bad())
            };
            ui.label(RichText::new(verdict).size(26.0).strong().color(colour));
            ui.label(RichText::new(format!("pass mark {}", r.pass_score)).color(theme::muted()));
        });
        for p in r.posts.iter().filter(|p| p.breach.is_some()) {
            ui.label(
                RichText::new(breach_line(p, scenario, guidelines))
                    .color(theme::bad())
                    .strong(),
            );
        }
        if !r.critical_breaches.is_empty() {
            ui.label(
                RichText::new("A critical breach fails the session whatever the score.")
                    .color(theme::bad()),
            );
        }
        ui.label(
            RichText::new(format!("seed {}", r.seed))
                .small()
                .color(theme::muted()),
        );
    });
    ui.add_space(8.0);
    page::two_columns(
        ui,
        700.0,
        |ui| {
            ui.label(RichText::new("Guidelines").strong());
            let named: Vec<(String, u32)> = guidelines
                .guidelines
                .iter()
                .filter_map(|g| r.guidelines.get(&g.id).map(|p| (g.title.clone(), *p)))
                .collect();
            let bars: Vec<Bar> = named
                .iter()
                .enumerate()
                .map(|(i, (title, p))| {
                    let colour = if *p >= 70 {
                        theme::good()
                    } else if *p >= 40 {
                        theme::warn()
                    } else {
                        theme::bad()
                    };
                    Bar::new(i as f64, f64::from(*p))
                        .name(title)
                        .fill(colour)
                        .width(0.7)
                })
                .collect();
            // No axes: egui_plot's axes take keyboard focus and have no name, so
            // each bar carries its number and percentage instead, and the numbered
            // list below names them.
            let marks: Vec<(f64, f64, String)> = named
                .iter()
                .enumerate()
                .map(|(i, (_, p))| (i as f64, f64::from(*p), format!("{}: {p}%", i + 1)))
                .collect();
            Plot::new("guideline-percent")
                .height(200.0)
                .include_y(0.0)
                .include_y(110.0)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                .show_x(false)
                .show_y(false)
                .show_axes(false)
                .show(ui, |plot| {
                    plot.bar_chart(BarChart::new("percent", bars));
                    for (x, y, text) in marks {
                        plot.text(
                            Text::new("mark", PlotPoint::new(x, y + 6.0), text)
                                .color(theme::text()),
                        );
                    }
                })
                .response
                .widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::WidgetType::Image,
                        true,
                        "Bar chart of the guideline percentages; the numbers follow it",
                    )
                });
            for (i, (title, p)) in named.iter().enumerate() {
                ui.label(RichText::new(format!("{}. {title}: {p}%", i + 1)).small());
            }
        },
        |ui| {
            ui.label(RichText::new("By kind of post").strong());
            egui::Grid::new("kinds")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    ui.label(RichText::new("Kind").strong());
                    ui.label(RichText::new("Best answers").strong());
                    ui.label("");
                    ui.end_row();
                    for (kind, t) in &r.kinds {
                        ui.label(kind.name());
                        ui.label(format!("{} of {}", t.best, t.total));
                        if t.total > 0 {
                            let share = t.best as f32 / t.total as f32;
                            let colour = if share >= 0.7 {
                                theme::good()
                            } else if share >= 0.4 {
                                theme::warn()
                            } else {
                                theme::bad()
                            };
                            ui.label(
                                RichText::new(format!("{:.0}%", share * 100.0))
                                    .strong()
                                    .color(colour),
                            );
                        } else {
                            ui.label(RichText::new("none played").small().color(theme::muted()));
                        }
                        ui.end_row();
                    }
                });
        },
    );
    ui.add_space(10.0);
    ui.heading("Every post");
    for p in &r.posts {
        let Some(post) = scenario.find_post(&p.post) else {
            continue;
        };
        theme::card(theme::card_fill()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                theme::avatar(ui, &post.author.name, &post.author.handle, 26.0);
                ui.label(RichText::new(&post.author.handle).strong());
                theme::badge(ui, post.kind.name(), theme::muted());
                let (mark, colour) = match (&p.option, p.best) {
                    (None, _) => ("no answer".to_string(), theme::bad()),
                    (Some(_), true) => (
                        format!("✔ best · {}%", (p.score * 100.0).round()),
                        theme::good(),
                    ),
                    (Some(_), false) => (format!("{}%", (p.score * 100.0).round()), theme::warn()),
                };
                ui.label(RichText::new(mark).strong().color(colour));
                if p.late {
                    ui.label(RichText::new("late").color(theme::warn()));
                }
            });
            ui.label(&post.text);
            if p.breach.is_some() {
                ui.label(
                    RichText::new(breach_line(p, scenario, guidelines))
                        .color(theme::bad())
                        .strong(),
                );
            }
            if let Some(chosen) = p
                .option
                .as_ref()
                .and_then(|id| post.options.iter().find(|o| &o.id == id))
            {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{who}:")).strong());
                    theme::badge(
                        ui,
                        chosen.action.label(),
                        theme::action_colour(chosen.action),
                    );
                    ui.label(option_text(chosen));
                });
                ui.label(RichText::new(&chosen.feedback).italics());
            }
            if !p.best {
                for best in post
                    .options
                    .iter()
                    .filter(|o| p.best_options.contains(&o.id))
                {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new("Best:").strong().color(theme::good()));
                        theme::badge(ui, best.action.label(), theme::action_colour(best.action));
                        ui.label(option_text(best));
                    });
                    ui.label(
                        RichText::new(&best.feedback)
                            .italics()
                            .color(theme::muted()),
                    );
                }
            }
        });
        ui.add_space(4.0);
    }
}

/// One sentence saying how a post breached a critical guideline.
fn breach_line(
    p: &crate::scoring::PostResult,
    scenario: &Scenario,
    guidelines: &GuidelineSet,
) -> String {
    let Some(b) = &p.breach else {
        return String::new();
    };
    let titles: Vec<&str> = b
        .guidelines
        .iter()
        .map(|id| guidelines.get(id).map_or(id.as_str(), |g| g.title.as_str()))
        .collect();
    // Trainees know a post by who wrote it, not by its id.
    let whose = scenario.find_post(&p.post).map_or_else(
        || p.post.clone(),
        |post| format!("{}'s post", post.author.handle),
    );
    if b.unanswered {
        format!(
            "Critical breach ({}): {whose} was left unanswered when the shift ended; leaving it alone is itself a breach.",
            titles.join(", ")
        )
    } else {
        format!(
            "Critical breach ({}): the answer chosen to {whose}.",
            titles.join(", ")
        )
    }
}
