//! The heat map panel of the simulation SVG (`sim_svg`): one row per
//! partition of each table and GSI, one column per metrics period, the cell
//! coloured by units per second on one shared scale (legend on the right) and
//! outlined in red where the partition throttled.
//!
//! Depends on `sim`'s result types, `report::svg` and `sim_svg`'s frame and
//! axis; computes nothing beyond layout.

use std::collections::BTreeMap;

use super::sim_svg::{Frame, HEAD, THROTTLED, no_data, time_axis};
use super::svg::{Svg, compact, num, palette, ticks, time_label};
use crate::sim::SimResult;

/// Height the heat map aims for, whatever the number of partitions.
const HEAT_H: f64 = 420.0;
const LEGEND_H: f64 = 150.0;

/// The heat map's rows: one per partition of each table and GSI, in order
/// (tables as given, holders by first appearance, partitions by id).
pub(super) struct HeatRows<'a> {
    /// `Table/p3` for a table's partition, `Table/Gsi/p3` for a GSI's.
    pub(super) labels: Vec<String>,
    /// (table index, holder, partition) -> row.
    pub(super) index: BTreeMap<(usize, &'a str, u32), usize>,
    /// Height of one row, and of the whole map (at least the legend's).
    pub(super) row_h: f64,
    pub(super) height: f64,
}

impl<'a> HeatRows<'a> {
    pub(super) fn new(r: &'a SimResult) -> Self {
        let mut labels = Vec::new();
        let mut index = BTreeMap::new();
        for (ti, t) in r.tables.iter().enumerate() {
            let mut holders: Vec<&str> = Vec::new();
            let mut parts: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
            for c in &t.heat {
                if !holders.contains(&c.holder.as_str()) {
                    holders.push(&c.holder);
                }
                let ids = parts.entry(&c.holder).or_default();
                if !ids.contains(&c.partition) {
                    ids.push(c.partition);
                }
            }
            for h in holders {
                let mut ids = parts.remove(h).unwrap_or_default();
                ids.sort_unstable();
                for id in ids {
                    index.insert((ti, h, id), labels.len());
                    labels.push(if h == t.name {
                        format!("{h}/p{id}")
                    } else {
                        format!("{}/{h}/p{id}", t.name)
                    });
                }
            }
        }
        let n = labels.len();
        let row_h = if n == 0 { 16.0 } else { (HEAT_H / n as f64).clamp(3.0, 16.0) };
        let height = (n.max(1) as f64 * row_h).max(LEGEND_H);
        HeatRows { labels, index, row_h, height }
    }
}

/// One row per partition, one column per period; colour from units per
/// second on a shared scale, a red outline where the partition throttled.
pub(super) fn heat_panel(
    svg: &mut Svg,
    f: &Frame,
    starts: &BTreeMap<u64, u64>,
    y: f64,
    r: &SimResult,
    rows: &HeatRows<'_>,
) {
    // crispEdges: no anti-aliased seams between adjacent cells.
    svg.raw("<g class=\"panel\" id=\"heat-map\" shape-rendering=\"crispEdges\">");
    svg.text(
        f.left,
        y + 16.0,
        "start",
        "head",
        "Partition heat map: units per second (read + write) per partition",
    );
    let top = y + HEAD;
    let row_h = rows.row_h;
    let rows_h = rows.labels.len() as f64 * row_h;
    svg.rect(f.left, top, f.right - f.left, rows_h, "fill=\"#eeeeee\"", None);
    let every = (11.0 / row_h).ceil().max(1.0) as usize;
    for (i, label) in rows.labels.iter().enumerate() {
        if i % every == 0 {
            let yc = top + row_h * (i as f64 + 0.5);
            svg.text(f.left - 6.0, yc + 4.0, "end", "", label);
        }
    }
    let max =
        r.tables.iter().flat_map(|t| t.heat.iter()).map(|c| c.units_per_sec).fold(0.0, f64::max);
    let scale = ticks(max, 4);
    let smax = scale.last().copied().unwrap_or(1.0);
    let mut outlines = Vec::new();
    for (ti, t) in r.tables.iter().enumerate() {
        for c in &t.heat {
            let Some(&i) = rows.index.get(&(ti, c.holder.as_str(), c.partition)) else { continue };
            let start = starts.get(&c.time_s).copied().unwrap_or(0);
            // Whole pixels: with crispEdges, adjacent cells then neither
            // overlap nor leave seams.
            let (x0, x1) = (f.x(start).round(), f.x(c.time_s).round());
            let (yr, yb) =
                ((top + row_h * i as f64).round(), (top + row_h * (i + 1) as f64).round());
            let tip = format!(
                "{} {}–{}: {:.1} units/s, {} throttled",
                rows.labels[i],
                time_label(start, f.span_s),
                time_label(c.time_s, f.span_s),
                c.units_per_sec,
                c.throttled
            );
            let fill = palette(c.units_per_sec / smax);
            svg.rect(x0, yr, x1 - x0, yb - yr, &format!("fill=\"{fill}\""), Some(&tip));
            if c.throttled > 0 {
                outlines.push((x0, yr, x1 - x0, yb - yr));
            }
        }
    }
    // Outlines go on top of all cells, inside their cell, thin enough on
    // small cells that the colour still shows.
    for (x, yr, w, h) in outlines {
        let stroke = (w.min(h) / 6.0).clamp(0.5, 2.0);
        let inset = stroke / 2.0;
        svg.rect(
            x + inset,
            yr + inset,
            w - stroke,
            h - stroke,
            &format!("fill=\"none\" stroke=\"{THROTTLED}\" stroke-width=\"{}\"", num(stroke)),
            None,
        );
    }
    if rows.labels.is_empty() {
        no_data(svg, f, top, rows.height, "no partition data");
    }
    time_axis(svg, f, None, top + rows.height);
    heat_legend(svg, f.right + 28.0, top, &scale);
    svg.raw("</g>");
}

/// The colour scale (bottom 0, top the last tick) and the throttle marker.
fn heat_legend(svg: &mut Svg, x: f64, top: f64, scale: &[f64]) {
    let h = LEGEND_H - 50.0;
    let smax = scale.last().copied().unwrap_or(1.0);
    svg.text(x, top + 10.0, "start", "", "units/s");
    let bar_top = top + 20.0;
    let stops: Vec<String> = (0..=10)
        .map(|i| {
            format!(
                "<stop offset=\"{}\" stop-color=\"{}\"/>",
                num(i as f64 / 10.0),
                palette(i as f64 / 10.0)
            )
        })
        .collect();
    svg.raw(&format!(
        "<defs><linearGradient id=\"heat-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">{}</linearGradient></defs>",
        stops.concat()
    ));
    svg.rect(x, bar_top, 14.0, h, "fill=\"url(#heat-scale)\" stroke=\"#888\"", None);
    for v in scale {
        let yv = bar_top + h - h * v / smax;
        svg.line(x + 14.0, yv, x + 18.0, yv, "class=\"axis\"");
        svg.text(x + 21.0, yv + 4.0, "start", "", &compact(*v));
    }
    let ym = bar_top + h + 14.0;
    svg.rect(
        x,
        ym,
        14.0,
        10.0,
        &format!("fill=\"{}\" stroke=\"{THROTTLED}\" stroke-width=\"2\"", palette(0.5)),
        None,
    );
    svg.text(x + 20.0, ym + 9.0, "start", "", "throttled");
    svg.rect(x, ym + 16.0, 14.0, 10.0, "fill=\"#eeeeee\" stroke=\"#888\"", None);
    svg.text(x + 20.0, ym + 25.0, "start", "", "no partition");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::metrics::HeatCell;

    #[test]
    fn rows_follow_tables_then_holders_then_partition_ids() {
        let mut r = crate::report::sim_svg::tests::tiny("rows");
        r.tables[0].heat = ["T:3", "Gsi:0", "T:0", "T:3", "Gsi:1", "T:1"]
            .iter()
            .map(|s| {
                let (holder, id) = s.split_once(':').expect("holder:id");
                HeatCell {
                    time_s: 30,
                    holder: holder.to_string(),
                    partition: id.parse().expect("id"),
                    units_per_sec: 1.0,
                    throttled: 0,
                }
            })
            .collect();
        let rows = HeatRows::new(&r);
        assert_eq!(rows.labels, ["T/p0", "T/p1", "T/p3", "T/Gsi/p0", "T/Gsi/p1"]);
        assert_eq!(rows.index.get(&(0, "Gsi", 1)), Some(&4));
        assert_eq!(rows.row_h, 16.0, "few rows keep the full height");
        assert_eq!(rows.height, LEGEND_H, "the map is at least as tall as its legend");
    }

    #[test]
    fn many_rows_shrink_to_the_target_height_but_not_below_3_px() {
        let mut r = crate::report::sim_svg::tests::tiny("many");
        let cell = |p| HeatCell {
            time_s: 30,
            holder: "T".into(),
            partition: p,
            units_per_sec: 1.0,
            throttled: 0,
        };
        r.tables[0].heat = (0..60).map(cell).collect();
        assert_eq!(HeatRows::new(&r).row_h, 7.0);
        r.tables[0].heat = (0..1000).map(cell).collect();
        assert_eq!(HeatRows::new(&r).row_h, 3.0);
    }
}
