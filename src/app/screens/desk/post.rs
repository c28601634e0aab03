//! The selected post, large: its thread, the author's card, the response options and, in
//! Practice, the feedback on the answer given.

use crate::app::screens::Requests;
use crate::app::shift::{DeskAction, Mode, Shift};
use crate::app::theme;
use crate::scenario::{Action, Post, ResponseOption};
use crate::session::Outcome;
use bevy_egui::egui::{self, RichText};

pub fn show(ui: &mut egui::Ui, shift: &Shift, out: &mut Requests) {
    let Some(post_id) = shift.selected.clone() else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new("No post selected").size(18.0).color(theme::muted()));
            ui.label(RichText::new("Posts arrive in the feed on the left. Select one with the Up and Down keys, j and k, or a click.").color(theme::muted()));
        });
        return;
    };
    let (Some(post), Some(arrival)) = (
        shift.session.post(&post_id),
        shift.session.arrival(&post_id),
    ) else {
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for earlier in shift.session.thread(&post_id) {
                thread_post(ui, shift, earlier);
            }
            theme::card(theme::card_fill()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    theme::avatar(ui, &post.author.name, &post.author.handle, 52.0);
                    ui.vertical(|ui| {
                        ui.label(RichText::new(&post.author.name).strong().size(17.0));
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(&post.author.handle).color(theme::muted()));
                            ui.label(
                                RichText::new(format!("· {} followers", post.author.followers))
                                    .small()
                                    .color(theme::muted()),
                            );
                        });
                        if !post.author.bio.is_empty() {
                            ui.label(RichText::new(&post.author.bio).small().italics());
                        }
                    });
                });
                ui.add_space(6.0);
                ui.label(RichText::new(&post.text).size(19.0));
                ui.add_space(4.0);
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!(
                            "{} · {} · answer within {}",
                            post.channel.label(),
                            super::feed::spoken_age(shift.session.now() - arrival.arrived_at),
                            theme::clock(f64::from(post.respond_within))
                        ))
                        .small()
                        .color(theme::muted()),
                    );
                    if arrival.answer.is_none()
                        && let Some(w) = super::feed::deadline_warning(shift, &post_id)
                    {
                        ui.label(w);
                    }
                });
            });
            ui.add_space(8.0);
            match (&arrival.answer, shift.outcomes.get(&post_id)) {
                (Some(_), Some(outcome)) => answered(ui, shift, post, outcome),
                _ => options(ui, shift, &post_id, out),
            }
        });
}

fn thread_post(ui: &mut egui::Ui, shift: &Shift, post: &Post) {
    theme::card(theme::page()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            theme::avatar(ui, &post.author.name, &post.author.handle, 24.0);
            ui.label(RichText::new(&post.author.name).strong().small());
            ui.label(RichText::new(&post.text).small());
        });
        if let Some(outcome) = shift.outcomes.get(&post.id)
            && let Some(option) = post.options.iter().find(|o| o.id == outcome.option_id)
        {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{} answered:", shift.entry.guidelines.account))
                        .small()
                        .color(theme::muted()),
                );
                theme::badge(
                    ui,
                    option.action.label(),
                    theme::action_colour(option.action),
                );
                ui.label(RichText::new(option_text(option)).small());
            });
        }
    });
    ui.add_space(4.0);
}

/// What an option says, or what it does when it sends no words.
pub fn option_text(option: &ResponseOption) -> String {
    if !option.text.trim().is_empty() {
        return option.text.clone();
    }
    match option.action {
        Action::Like => "Like the post.",
        Action::NoResponse => "Don't respond.",
        Action::Hide => "Hide the post from the page.",
        Action::Report => "Report the post to the platform.",
        Action::Escalate => "Pass it to a supervisor now.",
        Action::Reply | Action::DirectMessage => "(no text)",
    }
    .to_string()
}

fn options(ui: &mut egui::Ui, shift: &Shift, post_id: &str, out: &mut Requests) {
    ui.label(RichText::new("How do you respond?").strong());
    for (shown, (_, option)) in shift.session.options_shown(post_id).iter().enumerate() {
        let picked = shift.picked == Some(shown);
        let fill = if picked {
            theme::selected()
        } else {
            theme::card_fill()
        };
        let frame = theme::card(fill).stroke(egui::Stroke::new(
            if picked { 2.0 } else { 1.0 },
            if picked {
                theme::accent()
            } else {
                theme::border()
            },
        ));
        let response = frame
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(format!("{}", shown + 1))
                            .monospace()
                            .strong()
                            .size(17.0),
                    );
                    theme::badge(
                        ui,
                        option.action.label(),
                        theme::action_colour(option.action),
                    );
                    let text = RichText::new(option_text(option));
                    ui.add(
                        egui::Label::new(if option.text.trim().is_empty() {
                            text.italics()
                        } else {
                            text
                        })
                        .wrap(),
                    );
                });
            })
            .response;
        // The card as one widget of its own: clicked, focused by Tab, read as a radio button.
        let response = ui.interact(
            response.rect,
            egui::Id::new(("response-option", post_id, shown)),
            egui::Sense::click(),
        );
        theme::focus_ring(ui, &response);
        // A screen reader reads the option as its number, action and text.
        let spoken = format!(
            "Response {}: {}. {}{}",
            shown + 1,
            option.action.label(),
            option_text(option),
            if picked { " (chosen)" } else { "" }
        );
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::WidgetType::RadioButton, true, picked, &spoken)
        });
        if response.clicked() {
            out.push(DeskAction::Pick(shown));
        }
        if response.double_clicked() {
            out.push(DeskAction::Send);
        }
        ui.add_space(4.0);
    }
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let send = egui::Button::new(
            RichText::new("Send")
                .color(theme::on(theme::accent()))
                .size(16.0),
        )
        .fill(theme::accent())
        .min_size(egui::vec2(110.0, 32.0));
        if ui.add_enabled(shift.picked.is_some(), send).clicked() {
            out.push(DeskAction::Send);
        }
        let hint = if shift.picked.is_some() {
            "Enter sends your choice."
        } else {
            "Choose a response with 1–9 or a click."
        };
        ui.label(RichText::new(hint).color(theme::muted()));
    });
}

fn answered(ui: &mut egui::Ui, shift: &Shift, post: &Post, outcome: &Outcome) {
    let Some(option) = post.options.iter().find(|o| o.id == outcome.option_id) else {
        return;
    };
    theme::card(theme::card_fill()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("You answered:").strong());
            theme::badge(
                ui,
                option.action.label(),
                theme::action_colour(option.action),
            );
            ui.label(option_text(option));
        });
    });
    ui.add_space(6.0);
    if shift.mode == Mode::Assessment {
        ui.label(RichText::new("Assessment: feedback comes in the debrief.").color(theme::muted()));
        return;
    }
    feedback_card(ui, shift, post, outcome);
}

/// What Practice mode teaches after an answer.
fn feedback_card(ui: &mut egui::Ui, shift: &Shift, post: &Post, outcome: &Outcome) {
    let (title, colour, fill) = if outcome.is_best {
        ("✔ Best answer", theme::good(), theme::tint(theme::good()))
    } else {
        (
            "✘ Not the best answer",
            theme::bad(),
            theme::tint(theme::bad()),
        )
    };
    theme::card(fill).show(ui, |ui| {
        ui.set_width(ui.available_width());
        // A live region: a screen reader announces the feedback as it appears, without the
        // trainee having to go and find it.
        let spoken = feedback_spoken(shift, post, outcome);
        ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
            node.set_role(egui::accesskit::Role::Status);
            node.set_live(egui::accesskit::Live::Polite);
            node.set_label(spoken);
        });
        ui.horizontal(|ui| {
            ui.label(RichText::new(title).strong().size(17.0).color(colour));
            ui.label(RichText::new(format!("{}%", (outcome.score * 100.0).round())).strong());
            if outcome.late {
                ui.label(
                    RichText::new(format!("late: −{}%", shift.entry.guidelines.late_penalty))
                        .color(theme::warn()),
                );
            }
        });
        let option = post.options.iter().find(|o| o.id == outcome.option_id);
        if let Some(option) = option
            && !option.feedback.is_empty()
        {
            ui.label(RichText::new(&option.feedback).size(16.0));
        }
        ui.add_space(4.0);
        for (g, points) in &outcome.points {
            if *points == 0 {
                continue;
            }
            let title = shift
                .entry
                .guidelines
                .get(g)
                .map_or(g.as_str(), |x| x.title.as_str());
            let (sign, c) = if *points > 0 {
                ("+", theme::good())
            } else {
                ("−", theme::bad())
            };
            ui.label(RichText::new(format!("{sign}{}  {title}", points.abs())).color(c));
        }
        if !outcome.is_best {
            ui.add_space(6.0);
            ui.label(RichText::new("The best answer here:").strong());
            for best in post
                .options
                .iter()
                .filter(|o| outcome.best_options.contains(&o.id))
            {
                ui.horizontal_wrapped(|ui| {
                    theme::badge(ui, best.action.label(), theme::action_colour(best.action));
                    ui.label(option_text(best));
                });
                if !best.feedback.is_empty() {
                    ui.label(
                        RichText::new(&best.feedback)
                            .italics()
                            .color(theme::muted()),
                    );
                }
            }
        }
    });
}

/// The feedback in one sentence, as a screen reader announces it.
pub fn feedback_spoken(shift: &Shift, post: &Post, outcome: &Outcome) -> String {
    let verdict = if outcome.is_best {
        "Best answer"
    } else {
        "Not the best answer"
    };
    let mut spoken = format!("{verdict}, {}%", (outcome.score * 100.0).round());
    if outcome.late {
        spoken.push_str(&format!(
            ", late: minus {}%",
            shift.entry.guidelines.late_penalty
        ));
    }
    spoken.push('.');
    if let Some(option) = post.options.iter().find(|o| o.id == outcome.option_id)
        && !option.feedback.is_empty()
    {
        spoken.push(' ');
        spoken.push_str(&option.feedback);
    }
    spoken
}
