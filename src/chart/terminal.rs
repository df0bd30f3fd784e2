//! `stats` on a terminal: the numbers in a few lines, then the durations of
//! the executions over time as a braille scatter (two by four dots a cell,
//! each cell coloured by the worst result in it), executions per day as a
//! sparkline, and each stage's and action's time as bars of eighth blocks
//! (median solid, up to p90 shaded). Plain Unicode, so it reads in any
//! terminal and in a log; `width` columns wide.

use crate::pipeline::history::{local, paint};
use crate::pipeline::stats::{Stats, Step};
use crate::pipeline::time::short_duration;
use jiff::tz::TimeZone;
use std::fmt::Write as _;

/// Rows of the scatter: 4 dots each.
const HEIGHT: usize = 10;
/// Room for the y axis' labels.
const AXIS: usize = 9;

/// Which result a cell shows when several share it: failures stand out.
fn rank(status: &str) -> u8 {
    match status {
        "Failed" => 3,
        "Stopped" | "Cancelled" => 2,
        "Succeeded" => 1,
        _ => 0,
    }
}

/// The whole view.
pub fn render(stats: &Stats, zone: &TimeZone, width: usize, color: bool) -> String {
    let width = width.max(40);
    let mut out = String::new();
    summary(&mut out, stats, zone);
    if !stats.points.is_empty() {
        out.push('\n');
        scatter(&mut out, stats, zone, width, color);
    }
    if !stats.per_day.is_empty() {
        out.push('\n');
        sparkline(&mut out, stats, width);
    }
    if !stats.stages.is_empty() {
        out.push('\n');
        bars(&mut out, &stats.stages, width, color);
    }
    out
}

fn or_dash(value: Option<f64>) -> String {
    value.map(short_duration).unwrap_or_else(|| "-".into())
}

fn summary(out: &mut String, stats: &Stats, zone: &TimeZone) {
    let span = match (stats.points.first(), stats.points.last()) {
        (Some(first), Some(last)) => {
            format!(", {} to {}", local(first.0, zone, "%Y-%m-%d"), local(last.0, zone, "%Y-%m-%d"))
        }
        _ => String::new(),
    };
    let _ = writeln!(out, "{}: {} executions{span}", stats.pipeline, stats.executions);
    let statuses: Vec<String> = stats.by_status.iter().map(|(status, n)| format!("{n} {status}")).collect();
    let rate = stats.success_rate.map_or("-".into(), |r| format!("{:.1}%", r * 100.0));
    let statuses = if statuses.is_empty() { String::new() } else { format!(" ({})", statuses.join(", ")) };
    let _ = writeln!(out, "Success rate {rate}{statuses}");
    let d = &stats.duration;
    let _ = writeln!(
        out,
        "Duration (succeeded): median {}, p90 {}, max {}",
        or_dash(d.median),
        or_dash(d.p90),
        or_dash(d.max)
    );
    let _ = writeln!(
        out,
        "Mean time to recovery: {} ({} recoveries)",
        or_dash(stats.mean_time_to_recovery),
        stats.recoveries
    );
    let days = stats.per_day.len().max(1) as f64;
    let _ = writeln!(
        out,
        "Per day: {:.1} executions; per week: {:.1}",
        stats.executions as f64 / days,
        stats.executions as f64 * 7.0 / days
    );
}

/// Durations over time, one dot per execution.
fn scatter(out: &mut String, stats: &Stats, zone: &TimeZone, width: usize, color: bool) {
    let columns = width - AXIS - 1;
    let (x0, x1) = (stats.points[0].0, stats.points[stats.points.len() - 1].0);
    let top = stats.points.iter().map(|p| p.1).fold(0.0, f64::max).max(1.0);
    let mut dots = vec![vec![0u8; columns]; HEIGHT];
    let mut worst = vec![vec![""; columns]; HEIGHT];
    let (dots_wide, dots_high) = (columns * 2, HEIGHT * 4);
    for (start, duration, status) in &stats.points {
        let x = if x1 > x0 { ((start - x0) / (x1 - x0) * (dots_wide - 1) as f64).round() as usize } else { 0 };
        let y = ((duration / top) * (dots_high - 1) as f64).round() as usize;
        let row_from_top = dots_high - 1 - y.min(dots_high - 1);
        let (cell_x, cell_y) = (x.min(dots_wide - 1) / 2, row_from_top / 4);
        const BITS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
        dots[cell_y][cell_x] |= BITS[x % 2][row_from_top % 4];
        if rank(status) > rank(worst[cell_y][cell_x]) {
            worst[cell_y][cell_x] = status;
        }
    }
    let _ = writeln!(
        out,
        "Duration of each execution over time ({})",
        if color { "green succeeded, red failed, yellow stopped, blue running" } else { "⠁ one dot per execution" }
    );
    for (row, cells) in dots.iter().enumerate() {
        let label = match row {
            0 => short_duration(top),
            _ if row == HEIGHT - 1 => "0s".to_string(),
            _ if row == HEIGHT / 2 => short_duration(top / 2.0),
            _ => String::new(),
        };
        let tick = if label.is_empty() { '│' } else { '┤' };
        let mut line = format!("{label:>width$}{tick}", width = AXIS);
        for (column, bits) in cells.iter().enumerate() {
            let cell = char::from_u32(0x2800 + u32::from(*bits)).unwrap_or(' ');
            let status = worst[row][column];
            if *bits != 0 && color && !status.is_empty() {
                line.push_str(&paint(&cell.to_string(), status, true));
            } else {
                line.push(cell);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end_matches('⠀'));
    }
    let _ = writeln!(out, "{:>width$}└{}", "", "─".repeat(columns), width = AXIS);
    let (first, last) = (local(x0, zone, "%Y-%m-%d %H:%M"), local(x1, zone, "%Y-%m-%d %H:%M"));
    let gap = (columns + 1).saturating_sub(first.len() + last.len()).max(1);
    let _ = writeln!(out, "{:>width$}{first}{}{last}", "", " ".repeat(gap), width = AXIS);
}

/// Executions started each day, as a sparkline (the last days when they do not fit).
fn sparkline(out: &mut String, stats: &Stats, width: usize) {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let room = width - AXIS - 1;
    let days = &stats.per_day[stats.per_day.len().saturating_sub(room)..];
    let top = days.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let line: String = days
        .iter()
        .map(|(_, n)| if *n == 0 { ' ' } else { LEVELS[(n * (LEVELS.len() - 1)).div_ceil(top).min(LEVELS.len() - 1)] })
        .collect();
    let _ = writeln!(out, "Executions per day (most: {top})");
    let _ = writeln!(out, "{:>width$} {}", "", line.trim_end(), width = AXIS);
    match (days.first(), days.last()) {
        (Some(first), Some(last)) if days.len() > 1 => {
            let gap = room.saturating_sub(first.0.len() + last.0.len()).max(1);
            let _ = writeln!(out, "{:>width$} {}{}{}", "", first.0, " ".repeat(gap), last.0, width = AXIS);
        }
        (Some(only), _) => {
            let _ = writeln!(out, "{:>width$} {}", "", only.0, width = AXIS);
        }
        _ => {}
    }
}

/// A bar of `value` on a scale where `scale` fills `room` columns, in eighths.
fn bar(value: f64, scale: f64, room: usize) -> (String, usize) {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = if scale > 0.0 { (value / scale * (room * 8) as f64).round() as usize } else { 0 };
    let eighths = eighths.min(room * 8);
    let mut text = "█".repeat(eighths / 8);
    let mut used = eighths / 8;
    if eighths % 8 != 0 {
        text.push(EIGHTHS[eighths % 8]);
        used += 1;
    }
    (text, used)
}

/// Each stage and its actions: median as a solid bar, shaded on to p90, then the numbers.
fn bars(out: &mut String, stages: &[Step], width: usize, color: bool) {
    let rows: Vec<(String, &Step, bool)> = stages
        .iter()
        .flat_map(|stage| {
            std::iter::once((stage.name.clone(), stage, true))
                .chain(stage.actions.iter().map(|action| (format!("  {}", action.name), action, false)))
        })
        .collect();
    let name_width = rows.iter().map(|(name, _, _)| name.chars().count()).max().unwrap_or(0);
    let numbers: Vec<String> = rows
        .iter()
        .map(|(_, step, _)| {
            format!(
                "{} p90 {} ({} runs, {} failed)",
                or_dash(step.duration.median),
                or_dash(step.duration.p90),
                step.runs,
                step.failures
            )
        })
        .collect();
    let numbers_width = numbers.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let room = width.saturating_sub(name_width + numbers_width + 4).max(10);
    let scale = rows.iter().filter_map(|(_, step, _)| step.duration.p90).fold(0.0, f64::max);
    let _ = writeln!(out, "Time per stage and action (█ median, ░ to p90)");
    for ((name, step, is_stage), numbers) in rows.iter().zip(&numbers) {
        let (solid, used) = bar(step.duration.median.unwrap_or(0.0), scale, room);
        let (_, p90_used) = bar(step.duration.p90.unwrap_or(0.0), scale, room);
        let shade = "░".repeat(p90_used.saturating_sub(used));
        let padding = " ".repeat(room - used.max(p90_used).min(room));
        let solid = if color && *is_stage { format!("\x1b[36m{solid}\x1b[0m") } else { solid };
        let _ = writeln!(out, "{name:<name_width$} {solid}{shade}{padding} {numbers}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::history::{ActionRun, Run};

    fn stats() -> Stats {
        let runs: Vec<Run> = (0..20)
            .map(|i| {
                let start = f64::from(i) * 3600.0;
                let status = if i % 5 == 4 { "Failed" } else { "Succeeded" };
                let end = start + 60.0 + f64::from(i) * 10.0;
                Run {
                    id: format!("e-{i}"),
                    status: status.into(),
                    start,
                    end: Some(end),
                    trigger: String::new(),
                    revision: String::new(),
                    actions: vec![ActionRun {
                        stage: "Build".into(),
                        action: "Compile".into(),
                        status: status.into(),
                        start,
                        end: Some(end),
                    }],
                }
            })
            .collect();
        crate::pipeline::stats::compute("p", &runs, &TimeZone::UTC)
    }

    #[test]
    fn every_line_fits_the_width() {
        for width in [80, 200] {
            let view = render(&stats(), &TimeZone::UTC, width, false);
            for line in view.lines() {
                assert!(line.chars().count() <= width, "{width}: {line:?} is {} wide", line.chars().count());
            }
        }
    }

    #[test]
    fn one_dot_per_execution_when_they_do_not_share_a_dot() {
        let view = render(&stats(), &TimeZone::UTC, 200, false);
        let dots: u32 = view
            .chars()
            .filter(|c| ('\u{2801}'..='\u{28ff}').contains(c))
            .map(|c| (c as u32 - 0x2800).count_ones())
            .sum();
        assert_eq!(dots, 20 + 1, "20 executions and the legend's dot");
    }

    #[test]
    fn colour_marks_failures() {
        let view = render(&stats(), &TimeZone::UTC, 200, true);
        assert!(view.contains("\x1b[31m"), "{view}");
        assert!(!render(&stats(), &TimeZone::UTC, 200, false).contains('\x1b'));
    }

    #[test]
    fn no_executions_is_a_summary_of_nothing() {
        let empty = crate::pipeline::stats::compute("p", &[], &TimeZone::UTC);
        assert_eq!(
            render(&empty, &TimeZone::UTC, 80, true),
            "p: 0 executions\nSuccess rate -\nDuration (succeeded): median -, p90 -, max -\n\
             Mean time to recovery: - (0 recoveries)\nPer day: 0.0 executions; per week: 0.0\n"
        );
        assert_eq!(empty.to_json()["executionsPerDay"], 0.0);
    }

    #[test]
    fn bars_are_in_eighths() {
        assert_eq!(bar(1.0, 2.0, 4), ("██".to_string(), 2));
        assert_eq!(bar(1.0, 8.0, 2), ("▎".to_string(), 1));
        assert_eq!(bar(9.0, 8.0, 2), ("██".to_string(), 2), "never past the room");
    }
}
