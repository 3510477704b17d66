//! The SVG view of a simulation (`ddbplan simulate --plot FILE.svg`):
//! consumed against provisioned read and write capacity per metrics period,
//! throttled requests per period, and a partition heat map (one row per
//! partition of each table and GSI, one column per period, a red outline
//! where the partition throttled).
//!
//! The heat map itself is drawn by `sim_svg_heat`. Every panel shares one
//! time axis (`Frame`). Consumed capacity is drawn as steps
//! because each sample is an average over its period. Output is byte-identical
//! for the same `SimResult`. Depends on `sim`'s result types and `report::svg`;
//! computes nothing beyond layout.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::fmt::int;
use super::sim_svg_heat;
use super::svg::{Svg, compact, escape, ticks, time_label, time_step};
use crate::sim::metrics::Sample;
use crate::sim::{SimMode, SimResult};

const WIDTH: f64 = 960.0;
/// Room right of the plots for the heat map's colour scale.
const RIGHT: f64 = 140.0;
const TOP: f64 = 62.0;
pub(super) const HEAD: f64 = 24.0;
const AXIS: f64 = 30.0;
const CHART_H: f64 = 150.0;
const BAR_H: f64 = 90.0;
const CONSUMED_FILL: &str = "#9ecae1";
const CONSUMED_LINE: &str = "#3182bd";
const PROVISIONED: &str = "#e6550d";
pub(super) const THROTTLED: &str = "#d62728";

/// Writes the SVG chart of `r`.
pub fn render(r: &SimResult, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(document(r).as_bytes())
}

/// The time axis shared by all panels: seconds 0..=span across the plot width.
pub(super) struct Frame {
    pub(super) left: f64,
    pub(super) right: f64,
    pub(super) span_s: u64,
}

impl Frame {
    pub(super) fn x(&self, t: u64) -> f64 {
        self.left + (self.right - self.left) * t as f64 / self.span_s as f64
    }
}

/// Period start for each period end seen (series and heat cells).
fn period_starts(r: &SimResult) -> BTreeMap<u64, u64> {
    let mut ends: Vec<u64> = r.series.iter().map(|s| s.time_s).collect();
    ends.extend(r.tables.iter().flat_map(|t| t.heat.iter().map(|c| c.time_s)));
    ends.sort_unstable();
    ends.dedup();
    let mut prev = 0;
    ends.into_iter()
        .map(|end| {
            let start = if prev < end { prev } else { end.saturating_sub(r.metrics_period_s) };
            prev = end;
            (end, start)
        })
        .collect()
}

fn duration_text(s: u64) -> String {
    if s >= 3600 && s.is_multiple_of(3600) {
        format!("{} h", s / 3600)
    } else if s >= 60 && s.is_multiple_of(60) {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

fn document(r: &SimResult) -> String {
    let rows = sim_svg_heat::HeatRows::new(r);
    let starts = period_starts(r);
    let widest = rows.labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let left = (widest as f64 * 6.2 + 18.0).clamp(64.0, 280.0).round();
    let span_s = starts.keys().last().copied().unwrap_or(0).max(r.duration_s).max(1);
    let f = Frame { left, right: WIDTH - RIGHT, span_s };
    let height =
        TOP + 2.0 * (HEAD + CHART_H + AXIS) + (HEAD + BAR_H + AXIS) + HEAD + rows.height + AXIS;

    let mut svg = Svg::new(WIDTH, height);
    let mode = match r.mode {
        SimMode::Provisioned => "provisioned",
        SimMode::OnDemand => "on-demand",
    };
    svg.text(
        16.0,
        26.0,
        "start",
        "title",
        &format!(
            "{} — {} simulated, {mode} mode, seed {}",
            r.name,
            duration_text(r.duration_s),
            r.seed
        ),
    );
    svg.text(
        16.0,
        46.0,
        "start",
        "note",
        &format!(
            "Metrics every {}; capacity summed over all tables and GSIs. {} requests, {} throttled attempts, {} failed.",
            duration_text(r.metrics_period_s),
            int(r.summary.requests),
            int(r.summary.throttled_requests),
            int(r.summary.failed_requests)
        ),
    );
    let ceiling = match r.mode {
        SimMode::Provisioned => "provisioned",
        SimMode::OnDemand => "on-demand ceiling",
    };
    let mut y = TOP;
    let reads: Vec<(u64, f64, f64)> = r
        .series
        .iter()
        .map(|s: &Sample| (s.time_s, s.consumed_rcu, s.provisioned_rcu as f64))
        .collect();
    capacity_panel(&mut svg, &f, &starts, y, "Read capacity units per second", &reads, ceiling);
    y += HEAD + CHART_H + AXIS;
    let writes: Vec<(u64, f64, f64)> =
        r.series.iter().map(|s| (s.time_s, s.consumed_wcu, s.provisioned_wcu as f64)).collect();
    capacity_panel(&mut svg, &f, &starts, y, "Write capacity units per second", &writes, ceiling);
    y += HEAD + CHART_H + AXIS;
    throttle_panel(&mut svg, &f, &starts, y, &r.series);
    y += HEAD + BAR_H + AXIS;
    sim_svg_heat::heat_panel(&mut svg, &f, &starts, y, r, &rows);
    svg.finish()
}

/// Horizontal grid lines and their labels for `ticks` over a plot of
/// height `h` whose top is `top`; returns the value at the top.
fn y_axis(svg: &mut Svg, f: &Frame, top: f64, h: f64, ticks: &[f64]) -> f64 {
    let max = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    for v in ticks {
        let y = top + h - h * v / max;
        svg.line(f.left, y, f.right, y, "class=\"grid\"");
        svg.text(f.left - 6.0, y + 4.0, "end", "", &compact(*v));
    }
    max
}

/// Time ticks and labels under a plot whose bottom is `bottom`, with
/// vertical grid lines up to `grid_top` when given.
pub(super) fn time_axis(svg: &mut Svg, f: &Frame, grid_top: Option<f64>, bottom: f64) {
    let step = time_step(f.span_s, 8);
    let mut t = 0;
    while t <= f.span_s {
        let x = f.x(t);
        if let Some(top) = grid_top {
            svg.line(x, top, x, bottom, "class=\"grid\"");
        }
        svg.line(x, bottom, x, bottom + 4.0, "class=\"axis\"");
        svg.text(x, bottom + 16.0, "middle", "", &time_label(t, f.span_s));
        t += step;
    }
    svg.line(f.left, bottom, f.right, bottom, "class=\"axis\"");
}

pub(super) fn no_data(svg: &mut Svg, f: &Frame, top: f64, h: f64, what: &str) {
    svg.text((f.left + f.right) / 2.0, top + h / 2.0, "middle", "note", what);
}

/// Consumed (filled steps) against provisioned (line) for one capacity
/// kind; `points` are (period end, consumed per second, provisioned).
fn capacity_panel(
    svg: &mut Svg,
    f: &Frame,
    starts: &BTreeMap<u64, u64>,
    y: f64,
    title: &str,
    points: &[(u64, f64, f64)],
    ceiling: &str,
) {
    svg.raw(&format!(
        "<g class=\"panel\" id=\"{}\">",
        escape(&title.to_lowercase().replace(' ', "-"))
    ));
    svg.text(f.left, y + 16.0, "start", "head", title);
    legend_item(svg, f.right - 330.0, y + 12.0, "consumed (average per second)", CONSUMED_FILL);
    svg.line(
        f.right - 110.0,
        y + 8.0,
        f.right - 94.0,
        y + 8.0,
        &format!("stroke=\"{PROVISIONED}\" stroke-width=\"2\""),
    );
    svg.text(f.right - 90.0, y + 12.0, "start", "", ceiling);
    let top = y + HEAD;
    let max = points.iter().map(|p| p.1.max(p.2)).fold(0.0, f64::max);
    let ymax = y_axis(svg, f, top, CHART_H, &ticks(max, 4));
    time_axis(svg, f, Some(top), top + CHART_H);
    let yv = |v: f64| top + CHART_H - CHART_H * v / ymax;
    let steps = |pick: fn(&(u64, f64, f64)) -> f64| -> Vec<(f64, f64)> {
        points
            .iter()
            .flat_map(|p| {
                let start = starts.get(&p.0).copied().unwrap_or(0);
                [(f.x(start), yv(pick(p))), (f.x(p.0), yv(pick(p)))]
            })
            .collect()
    };
    let consumed = steps(|p| p.1);
    if let (Some(first), Some(last)) = (consumed.first(), consumed.last()) {
        let mut area = vec![(first.0, top + CHART_H)];
        area.extend(consumed.iter().copied());
        area.push((last.0, top + CHART_H));
        svg.poly(
            &area,
            true,
            &format!("fill=\"{CONSUMED_FILL}\" fill-opacity=\"0.7\" stroke=\"none\""),
        );
        svg.poly(
            &consumed,
            false,
            &format!("fill=\"none\" stroke=\"{CONSUMED_LINE}\" stroke-width=\"1.5\""),
        );
        svg.poly(
            &steps(|p| p.2),
            false,
            &format!("fill=\"none\" stroke=\"{PROVISIONED}\" stroke-width=\"2\""),
        );
    } else {
        no_data(svg, f, top, CHART_H, "no metrics period ended within the run");
    }
    svg.raw("</g>");
}

fn legend_item(svg: &mut Svg, x: f64, y: f64, label: &str, fill: &str) {
    svg.rect(x, y - 9.0, 16.0, 10.0, &format!("fill=\"{fill}\" stroke=\"{CONSUMED_LINE}\""), None);
    svg.text(x + 20.0, y, "start", "", label);
}

/// Throttled attempts per period, as bars.
fn throttle_panel(
    svg: &mut Svg,
    f: &Frame,
    starts: &BTreeMap<u64, u64>,
    y: f64,
    series: &[Sample],
) {
    svg.raw("<g class=\"panel\" id=\"throttled\">");
    svg.text(f.left, y + 16.0, "start", "head", "Throttled requests per period");
    let top = y + HEAD;
    let max = series.iter().map(|s| s.throttled_requests).max().unwrap_or(0);
    let ymax = y_axis(svg, f, top, BAR_H, &ticks(max as f64, 3));
    time_axis(svg, f, Some(top), top + BAR_H);
    for s in series.iter().filter(|s| s.throttled_requests > 0) {
        let start = starts.get(&s.time_s).copied().unwrap_or(0);
        let (x0, x1) = (f.x(start), f.x(s.time_s));
        let gap = ((x1 - x0) * 0.1).min(2.0);
        let h = BAR_H * s.throttled_requests as f64 / ymax;
        let tip = format!(
            "{}–{}: {} throttled",
            time_label(start, f.span_s),
            time_label(s.time_s, f.span_s),
            s.throttled_requests
        );
        svg.rect(
            x0 + gap,
            top + BAR_H - h,
            x1 - x0 - 2.0 * gap,
            h,
            &format!("fill=\"{THROTTLED}\""),
            Some(&tip),
        );
    }
    if series.is_empty() {
        no_data(svg, f, top, BAR_H, "no metrics period ended within the run");
    } else if max == 0 {
        no_data(svg, f, top, BAR_H, "no throttling");
    }
    svg.raw("</g>");
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::sim::metrics::HeatCell;
    use crate::sim::{Summary, TableRun};
    use crate::units::Usd;

    fn summary() -> Summary {
        Summary {
            requests: 100,
            throttled_requests: 7,
            failed_requests: 1,
            in_flight: 0,
            consumed_rcu: 0.0,
            consumed_wcu: 0.0,
            cost: Usd::ZERO,
            monthly: Usd::ZERO,
            latency_p50_ms: 0.0,
            latency_p90_ms: 0.0,
            latency_p99_ms: 0.0,
            latency_max_ms: 0.0,
        }
    }

    fn sample(time_s: u64, rcu: f64, throttled: u64) -> Sample {
        Sample {
            time_s,
            consumed_rcu: rcu,
            consumed_wcu: rcu / 10.0,
            provisioned_rcu: 100,
            provisioned_wcu: 10,
            throttled_requests: throttled,
            partitions: 2,
        }
    }

    fn cell(time_s: u64, holder: &str, partition: u32, units: f64, throttled: u64) -> HeatCell {
        HeatCell { time_s, holder: holder.to_string(), partition, units_per_sec: units, throttled }
    }

    /// Two 30 s periods of one table with a GSI; partition 1 splits off at
    /// the second period and throttles.
    pub(crate) fn tiny(name: &str) -> SimResult {
        let series = vec![sample(30, 40.0, 0), sample(60, 120.0, 7)];
        let heat = vec![
            cell(30, "T", 0, 40.0, 0),
            cell(30, "ByUser", 0, 4.0, 0),
            cell(60, "T", 0, 20.0, 0),
            cell(60, "T", 1, 100.0, 7),
            cell(60, "ByUser", 0, 12.0, 0),
        ];
        SimResult {
            name: name.to_string(),
            mode: SimMode::Provisioned,
            seed: 9,
            duration_s: 60,
            metrics_period_s: 30,
            tables: vec![TableRun {
                name: "T".to_string(),
                mode: SimMode::Provisioned,
                operations: Vec::new(),
                summary: summary(),
                series: series.clone(),
                heat,
                start_rcu: 100,
                start_wcu: 10,
                final_rcu: 100,
                final_wcu: 10,
                start_partitions: 1,
                final_partitions: 2,
                splits: 1,
                items_materialized: 0,
            }],
            summary: summary(),
            series,
            hot_partitions: Vec::new(),
            hot_keys: Vec::new(),
        }
    }

    fn render_string(r: &SimResult) -> String {
        let mut out = Vec::new();
        render(r, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("the SVG is UTF-8")
    }

    /// The markup between `<g ... id="{id}">` and its `</g>`.
    fn group<'a>(svg: &'a str, id: &str) -> &'a str {
        let open = svg.find(&format!("id=\"{id}\"")).expect("the group exists");
        let start = open + svg[open..].find(">\n").expect("the tag ends") + 2;
        let len = svg[start..].find("</g>").expect("the group is closed");
        &svg[start..start + len]
    }

    /// Tags balance (a stack of names), ignoring self-closing ones.
    fn balanced(svg: &str) -> bool {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(i) = rest.find('<') {
            let Some(end) = rest[i..].find('>') else { return false };
            let tag = &rest[i + 1..i + end];
            rest = &rest[i + end + 1..];
            if tag.ends_with('/') {
                continue;
            }
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop() != Some(name) {
                    return false;
                }
            } else {
                stack.push(tag.split_whitespace().next().unwrap_or(""));
            }
        }
        stack.is_empty()
    }

    #[test]
    fn heat_map_has_a_row_per_partition_and_outlines_throttles() {
        let svg = render_string(&tiny("tiny"));
        insta::assert_snapshot!(group(&svg, "heat-map"), @r##"
        <text x="86" y="630" text-anchor="start" class="head">Partition heat map: units per second (read + write) per partition</text>
        <rect x="86" y="638" width="734" height="48" fill="#eeeeee"/>
        <text x="80" y="650" text-anchor="end">T/p0</text>
        <text x="80" y="666" text-anchor="end">T/p1</text>
        <text x="80" y="682" text-anchor="end">T/ByUser/p0</text>
        <rect x="86" y="638" width="367" height="16" fill="#2a788e"><title>T/p0 00:00–00:30: 40.0 units/s, 0 throttled</title></rect>
        <rect x="86" y="670" width="367" height="16" fill="#450f61"><title>T/ByUser/p0 00:00–00:30: 4.0 units/s, 0 throttled</title></rect>
        <rect x="453" y="638" width="367" height="16" fill="#404286"><title>T/p0 00:30–01:00: 20.0 units/s, 0 throttled</title></rect>
        <rect x="453" y="654" width="367" height="16" fill="#fde725"><title>T/p1 00:30–01:00: 100.0 units/s, 7 throttled</title></rect>
        <rect x="453" y="670" width="367" height="16" fill="#472b79"><title>T/ByUser/p0 00:30–01:00: 12.0 units/s, 0 throttled</title></rect>
        <rect x="454" y="655" width="365" height="14" fill="none" stroke="#d62728" stroke-width="2"/>
        <line x1="86" y1="788" x2="86" y2="792" class="axis"/>
        <text x="86" y="804" text-anchor="middle">00:00</text>
        <line x1="208.3" y1="788" x2="208.3" y2="792" class="axis"/>
        <text x="208.3" y="804" text-anchor="middle">00:10</text>
        <line x1="330.7" y1="788" x2="330.7" y2="792" class="axis"/>
        <text x="330.7" y="804" text-anchor="middle">00:20</text>
        <line x1="453" y1="788" x2="453" y2="792" class="axis"/>
        <text x="453" y="804" text-anchor="middle">00:30</text>
        <line x1="575.3" y1="788" x2="575.3" y2="792" class="axis"/>
        <text x="575.3" y="804" text-anchor="middle">00:40</text>
        <line x1="697.7" y1="788" x2="697.7" y2="792" class="axis"/>
        <text x="697.7" y="804" text-anchor="middle">00:50</text>
        <line x1="820" y1="788" x2="820" y2="792" class="axis"/>
        <text x="820" y="804" text-anchor="middle">01:00</text>
        <line x1="86" y1="788" x2="820" y2="788" class="axis"/>
        <text x="848" y="648" text-anchor="start">units/s</text>
        <defs><linearGradient id="heat-scale" x1="0" y1="1" x2="0" y2="0"><stop offset="0" stop-color="#440154"/><stop offset="0.1" stop-color="#482474"/><stop offset="0.2" stop-color="#404286"/><stop offset="0.3" stop-color="#355f8d"/><stop offset="0.4" stop-color="#2a788e"/><stop offset="0.5" stop-color="#23908c"/><stop offset="0.6" stop-color="#28a883"/><stop offset="0.7" stop-color="#46be6f"/><stop offset="0.8" stop-color="#7cd14f"/><stop offset="0.9" stop-color="#bcdf2a"/><stop offset="1" stop-color="#fde725"/></linearGradient></defs>
        <rect x="848" y="658" width="14" height="100" fill="url(#heat-scale)" stroke="#888"/>
        <line x1="862" y1="758" x2="866" y2="758" class="axis"/>
        <text x="869" y="762" text-anchor="start">0</text>
        <line x1="862" y1="708" x2="866" y2="708" class="axis"/>
        <text x="869" y="712" text-anchor="start">50</text>
        <line x1="862" y1="658" x2="866" y2="658" class="axis"/>
        <text x="869" y="662" text-anchor="start">100</text>
        <rect x="848" y="772" width="14" height="10" fill="#23908c" stroke="#d62728" stroke-width="2"/>
        <text x="868" y="781" text-anchor="start">throttled</text>
        <rect x="848" y="788" width="14" height="10" fill="#eeeeee" stroke="#888"/>
        <text x="868" y="797" text-anchor="start">no partition</text>
        "##);
    }

    #[test]
    fn throttle_bars_span_their_periods() {
        let svg = render_string(&tiny("tiny"));
        insta::assert_snapshot!(group(&svg, "throttled"), @r##"
        <text x="86" y="486" text-anchor="start" class="head">Throttled requests per period</text>
        <line x1="86" y1="584" x2="820" y2="584" class="grid"/>
        <text x="80" y="588" text-anchor="end">0</text>
        <line x1="86" y1="539" x2="820" y2="539" class="grid"/>
        <text x="80" y="543" text-anchor="end">5</text>
        <line x1="86" y1="494" x2="820" y2="494" class="grid"/>
        <text x="80" y="498" text-anchor="end">10</text>
        <line x1="86" y1="494" x2="86" y2="584" class="grid"/>
        <line x1="86" y1="584" x2="86" y2="588" class="axis"/>
        <text x="86" y="600" text-anchor="middle">00:00</text>
        <line x1="208.3" y1="494" x2="208.3" y2="584" class="grid"/>
        <line x1="208.3" y1="584" x2="208.3" y2="588" class="axis"/>
        <text x="208.3" y="600" text-anchor="middle">00:10</text>
        <line x1="330.7" y1="494" x2="330.7" y2="584" class="grid"/>
        <line x1="330.7" y1="584" x2="330.7" y2="588" class="axis"/>
        <text x="330.7" y="600" text-anchor="middle">00:20</text>
        <line x1="453" y1="494" x2="453" y2="584" class="grid"/>
        <line x1="453" y1="584" x2="453" y2="588" class="axis"/>
        <text x="453" y="600" text-anchor="middle">00:30</text>
        <line x1="575.3" y1="494" x2="575.3" y2="584" class="grid"/>
        <line x1="575.3" y1="584" x2="575.3" y2="588" class="axis"/>
        <text x="575.3" y="600" text-anchor="middle">00:40</text>
        <line x1="697.7" y1="494" x2="697.7" y2="584" class="grid"/>
        <line x1="697.7" y1="584" x2="697.7" y2="588" class="axis"/>
        <text x="697.7" y="600" text-anchor="middle">00:50</text>
        <line x1="820" y1="494" x2="820" y2="584" class="grid"/>
        <line x1="820" y1="584" x2="820" y2="588" class="axis"/>
        <text x="820" y="600" text-anchor="middle">01:00</text>
        <line x1="86" y1="584" x2="820" y2="584" class="axis"/>
        <rect x="455" y="521" width="363" height="63" fill="#d62728"><title>00:30–01:00: 7 throttled</title></rect>
        "##);
    }

    #[test]
    fn the_document_is_well_formed_and_titled() {
        let svg = render_string(&tiny("tiny"));
        assert!(svg.starts_with("<svg "));
        assert!(balanced(&svg), "unbalanced tags:\n{svg}");
        assert!(svg.contains(">tiny — 1 min simulated, provisioned mode, seed 9</text>"));
        assert!(svg.contains("id=\"read-capacity-units-per-second\""));
        assert!(svg.contains("id=\"write-capacity-units-per-second\""));
    }

    #[test]
    fn text_is_escaped_for_xml() {
        let svg = render_string(&tiny("a<b> & \"c\""));
        assert!(svg.contains("a&lt;b&gt; &amp; &quot;c&quot; — 1 min"));
        assert!(!svg.contains("a<b>"));
        assert!(balanced(&svg));
    }

    #[test]
    fn the_same_result_gives_the_same_bytes() {
        assert_eq!(render_string(&tiny("x")), render_string(&tiny("x")));
    }

    #[test]
    fn an_empty_run_still_draws_a_valid_document() {
        let mut r = tiny("empty");
        r.series.clear();
        r.tables[0].series.clear();
        r.tables[0].heat.clear();
        let svg = render_string(&r);
        assert!(balanced(&svg), "unbalanced tags:\n{svg}");
        assert!(svg.contains(">no metrics period ended within the run</text>"));
        assert!(svg.contains(">no partition data</text>"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }
}
