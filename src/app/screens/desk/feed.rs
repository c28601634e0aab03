//! The feed: arrived posts, newest thread first, follow-ups threaded under their parent.
//! Rows have one height so only the visible ones are laid out, however long the feed grows.

use crate::app::screens::Requests;
use crate::app::shift::{DeskAction, FeedRow, Shift};
use crate::app::theme;
use bevy_egui::egui::{self, RichText};

pub const WIDTH: f32 = 360.0;
const ROW_HEIGHT: f32 = 70.0;

pub fn show(ui: &mut egui::Ui, shift: &Shift, out: &mut Requests) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.heading("Feed");
        ui.label(
            RichText::new(match shift.session.arrived().len() {
                1 => "1 post".to_string(),
                n => format!("{n} posts"),
            })
            .color(theme::muted()),
        );
    });
    let rows = shift.feed();
    if rows.is_empty() {
        ui.label(RichText::new("Quiet for now — posts will arrive here.").color(theme::muted()));
        return;
    }
    let selected_index = shift
        .selected
        .as_ref()
        .and_then(|s| rows.iter().position(|r| &r.post_id == s));
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
            for i in range {
                row(ui, shift, &rows[i], selected_index == Some(i), out);
            }
        });
}

fn row(ui: &mut egui::Ui, shift: &Shift, row: &FeedRow, selected: bool, out: &mut Requests) {
    let Some(post) = shift.session.post(&row.post_id) else {
        return;
    };
    let Some(arrival) = shift.session.arrival(&row.post_id) else {
        return;
    };
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), ROW_HEIGHT),
        egui::Sense::click(),
    );
    if response.clicked() {
        out.push(DeskAction::Select(row.post_id.clone()));
    }
    // A screen reader reads the row as author, channel, age, deadline status and text.
    let spoken = spoken_row(shift, post, arrival.arrived_at, &row.post_id);
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::WidgetType::SelectableLabel, true, selected, &spoken)
    });
    if selected && response.rect.min.y < ui.clip_rect().min.y
        || selected && response.rect.max.y > ui.clip_rect().max.y
    {
        response.scroll_to_me(None);
    }
    let fill = if selected {
        theme::selected()
    } else if response.hovered() {
        theme::page()
    } else {
        theme::card_fill()
    };
    ui.painter()
        .rect_filled(rect.shrink2(egui::vec2(0.0, 1.5)), 6.0, fill);
    let indent = 14.0 * row.depth.min(6) as f32;
    let inner = rect.shrink(6.0).with_min_x(rect.min.x + 6.0 + indent);
    ui.scope_builder(egui::UiBuilder::new().max_rect(inner), |ui| {
        ui.horizontal_top(|ui| {
            if row.depth > 0 {
                // A thread line in front of a follow-up.
                let (line, _) = ui.allocate_exact_size(egui::vec2(6.0, 40.0), egui::Sense::hover());
                ui.painter().vline(
                    line.center().x,
                    line.y_range(),
                    egui::Stroke::new(2.0, theme::accent()),
                );
            }
            theme::avatar(ui, &post.author.name, &post.author.handle, 36.0);
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    if shift.unread.contains(&row.post_id) {
                        let (dot, _) =
                            ui.allocate_exact_size(egui::vec2(10.0, 16.0), egui::Sense::hover());
                        ui.painter()
                            .circle_filled(dot.center(), 4.5, theme::accent());
                    }
                    ui.add(egui::Label::new(RichText::new(&post.author.name).strong()).truncate());
                    ui.label(
                        RichText::new(&post.author.handle)
                            .small()
                            .color(theme::muted()),
                    );
                });
                ui.add(
                    egui::Label::new(RichText::new(post.text.replace('\n', " ")).small())
                        .truncate(),
                );
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(post.channel.label())
                            .small()
                            .color(theme::muted()),
                    );
                    ui.label(
                        RichText::new(format!(
                            "· {}",
                            theme::age(shift.session.now() - arrival.arrived_at)
                        ))
                        .small()
                        .color(theme::muted()),
                    );
                    status(ui, shift, &row.post_id);
                });
            });
        });
    });
    theme::focus_ring(ui, &response);
}

/// A feed row as one sentence for a screen reader.
fn spoken_row(
    shift: &Shift,
    post: &crate::scenario::Post,
    arrived_at: f64,
    post_id: &str,
) -> String {
    let unread = if shift.unread.contains(post_id) {
        "unread, "
    } else {
        ""
    };
    format!(
        "{unread}{} ({}), {}, {}, {}: {}",
        post.author.name,
        post.author.handle,
        post.channel.label(),
        spoken_age(shift.session.now() - arrived_at),
        status_text(shift, post_id),
        post.text
    )
}

/// How long ago a post arrived, in words a listener hears ("arrived 2 minutes ago").
pub fn spoken_age(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    let (n, unit) = match s {
        0..=9 => return "arrived just now".into(),
        10..=59 => (s, "second"),
        60..=3599 => (s / 60, "minute"),
        _ => (s / 3600, "hour"),
    };
    format!("arrived {n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

/// The post's status in words: answered (late or not), late, time left, or waiting.
pub fn status_text(shift: &Shift, post_id: &str) -> String {
    let Some(arrival) = shift.session.arrival(post_id) else {
        return String::new();
    };
    if arrival.answer.is_some() {
        return if shift.outcomes.get(post_id).is_some_and(|o| o.late) {
            "answered late".into()
        } else {
            "answered".into()
        };
    }
    match shift.session.deadline(post_id) {
        Some(deadline) if deadline < shift.session.now() => format!(
            "waiting, late by {}",
            theme::clock(shift.session.now() - deadline)
        ),
        Some(deadline) => format!(
            "waiting, {} left",
            theme::clock(deadline - shift.session.now())
        ),
        None => "waiting".into(),
    }
}

/// Answered, or how close the post is to its deadline.
fn status(ui: &mut egui::Ui, shift: &Shift, post_id: &str) {
    let Some(arrival) = shift.session.arrival(post_id) else {
        return;
    };
    if arrival.answer.is_some() {
        let late = shift.outcomes.get(post_id).is_some_and(|o| o.late);
        let text = if late {
            "✔ answered late"
        } else {
            "✔ answered"
        };
        ui.label(RichText::new(text).small().color(if late {
            theme::warn()
        } else {
            theme::good()
        }));
        return;
    }
    if let Some(text) = deadline_warning(shift, post_id) {
        ui.label(text);
    }
}

/// A warning once a post nears its deadline: amber in its last quarter (or minute), red when late.
pub fn deadline_warning(shift: &Shift, post_id: &str) -> Option<RichText> {
    let post = shift.session.post(post_id)?;
    let deadline = shift.session.deadline(post_id)?;
    let left = deadline - shift.session.now();
    let window = f64::from(post.respond_within);
    if left < 0.0 {
        Some(
            RichText::new(format!("⚠ late by {}", theme::clock(-left)))
                .small()
                .strong()
                .color(theme::bad()),
        )
    } else if left <= (window * 0.25).max(60.0_f64.min(window)) {
        Some(
            RichText::new(format!("⚠ {} left", theme::clock(left)))
                .small()
                .strong()
                .color(theme::warn()),
        )
    } else {
        None
    }
}
