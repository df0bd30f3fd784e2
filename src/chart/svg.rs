//! `stats --svg`: the terminal's charts as an SVG document, drawn with
//! plotters: one circle per execution (duration over time, or time so far
//! for one still running, coloured by result) above one bar per stage and action (median, with p90 as a
//! lighter bar behind it).

use crate::pipeline::history::local;
use crate::pipeline::stats::Stats;
use jiff::tz::TimeZone;
use plotters::prelude::*;

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 800;

fn colour(status: &str) -> RGBColor {
    match status {
        "Succeeded" => RGBColor(46, 160, 67),
        "Failed" => RGBColor(207, 34, 46),
        "Stopped" | "Cancelled" => RGBColor(191, 135, 0),
        "InProgress" => RGBColor(9, 105, 218),
        _ => RGBColor(110, 119, 129),
    }
}

/// The SVG document, or what plotters could not draw.
pub fn render(stats: &Stats, zone: &TimeZone) -> Result<String, String> {
    let mut svg = String::new();
    draw(&mut svg, stats, zone).map_err(|e| format!("Unable to draw the chart: {e}"))?;
    Ok(svg)
}

fn draw(svg: &mut String, stats: &Stats, zone: &TimeZone) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let (upper, lower) = root.split_vertically(HEIGHT / 2);
    let x0 = stats.points.first().map_or(0.0, |p| p.0);
    let x1 = stats.points.last().map_or(1.0, |p| p.0).max(x0 + 1.0);
    let top = stats.points.iter().map(|p| p.1 / 60.0).fold(0.0, f64::max).max(1.0) * 1.05;
    let mut scatter = ChartBuilder::on(&upper)
        .caption(format!("{}: duration of each execution (minutes)", stats.pipeline), ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(50)
        .build_cartesian_2d(x0..x1, 0.0..top)?;
    scatter
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(6)
        .x_label_formatter(&|x| local(*x, zone, "%Y-%m-%d"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()?;
    scatter.draw_series(
        stats
            .points
            .iter()
            .map(|(start, duration, status)| Circle::new((*start, duration / 60.0), 3, colour(status).filled())),
    )?;

    let rows: Vec<(String, &crate::pipeline::stats::Step)> = stats
        .stages
        .iter()
        .flat_map(|stage| {
            std::iter::once((stage.name.clone(), stage))
                .chain(stage.actions.iter().map(|action| (format!("{} / {}", stage.name, action.name), action)))
        })
        .collect();
    let longest = rows.iter().filter_map(|(_, s)| s.duration.p90).fold(0.0, f64::max).max(1.0) / 60.0;
    // Room to the right of the longest bar for its label.
    let right = longest * 1.5;
    let count = rows.len().max(1) as f64;
    let mut bars = ChartBuilder::on(&lower)
        .caption("Time per stage and action (median, p90 lighter; minutes)", ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(10)
        .build_cartesian_2d(0.0..right, 0.0..count)?;
    bars.configure_mesh().disable_y_mesh().y_labels(0).x_label_formatter(&|x| format!("{x:.0}")).draw()?;
    let slot = |index: usize| count - index as f64;
    bars.draw_series(rows.iter().enumerate().map(|(i, (_, step))| {
        let p90 = step.duration.p90.unwrap_or(0.0) / 60.0;
        Rectangle::new([(0.0, slot(i) - 0.85), (p90, slot(i) - 0.15)], RGBColor(180, 200, 230).filled())
    }))?;
    bars.draw_series(rows.iter().enumerate().map(|(i, (_, step))| {
        let median = step.duration.median.unwrap_or(0.0) / 60.0;
        Rectangle::new([(0.0, slot(i) - 0.85), (median, slot(i) - 0.15)], RGBColor(60, 110, 180).filled())
    }))?;
    bars.draw_series(rows.iter().enumerate().map(|(i, (name, step))| {
        let label = format!("{name}: {} failed of {}", step.failures, step.runs);
        let after = step.duration.p90.unwrap_or(0.0) / 60.0 + right * 0.01;
        Text::new(label, (after, slot(i) - 0.5), ("sans-serif", 12).into_font().color(&BLACK))
    }))?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::history::Run;

    #[test]
    fn one_circle_per_execution() {
        let runs: Vec<Run> = (0..7)
            .map(|i| Run {
                id: format!("e-{i}"),
                status: if i == 3 { "Failed".into() } else { "Succeeded".into() },
                start: f64::from(i) * 1000.0,
                end: Some(f64::from(i) * 1000.0 + 300.0),
                trigger: String::new(),
                revision: String::new(),
                actions: Vec::new(),
            })
            .collect();
        let stats = crate::pipeline::stats::compute("p", &runs, &TimeZone::UTC);
        let svg = render(&stats, &TimeZone::UTC).expect("svg");
        assert_eq!(svg.matches("<circle").count(), 7, "{svg}");
        assert!(svg.contains("fill=\"#CF222E\""), "the failure in red: {svg}");
    }
}
