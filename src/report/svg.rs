//! A small hand-written SVG writer: elements appended to a string with
//! coordinates at fixed precision, XML escaping, "nice" axis ticks, time
//! labels and a sequential colour palette.
//!
//! Output is byte-identical for the same calls: numbers go through [`num`]
//! (one decimal, never `-0.0` or `NaN`) and nothing depends on hashing or
//! the clock. Depends on nothing else in the crate; `sim_svg` draws with it.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A coordinate or length with one decimal; `-0.0` and non-finite values
/// print as `0` so that output never depends on float noise.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let s = format!("{v:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s);
    if s == "-0" { "0".to_string() } else { s.to_string() }
}

/// An axis value for people: `950`, `2.5`, `1.5k`, `12k`, `3M`.
pub fn compact(v: f64) -> String {
    let (scaled, suffix) = if v.abs() >= 1e6 {
        (v / 1e6, "M")
    } else if v.abs() >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let s = format!("{scaled:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let s = if s == "-0" { "0" } else { s };
    format!("{s}{suffix}")
}

/// Ticks from 0 to at least `max` in steps of 1, 2 or 5 x 10^k, about
/// `target` of them. The last tick is the axis top. `max <= 0` gives `[0, 1]`.
pub fn ticks(max: f64, target: usize) -> Vec<f64> {
    if max.is_nan() || max <= 0.0 || max.is_infinite() {
        return vec![0.0, 1.0];
    }
    let raw = max / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step =
        [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let n = (max / step).ceil() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// Seconds between time-axis ticks for a run of `span_s` seconds: a
/// round clock step giving at most `max_ticks` intervals.
pub fn time_step(span_s: u64, max_ticks: u64) -> u64 {
    const STEPS: [u64; 21] = [
        1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10_800, 21_600,
        43_200, 86_400, 172_800,
    ];
    let max_ticks = max_ticks.max(1);
    STEPS
        .iter()
        .copied()
        .find(|s| span_s.div_ceil(*s) <= max_ticks)
        .unwrap_or_else(|| span_s.div_ceil(max_ticks).max(1))
}

/// A time-axis label: `mm:ss` for runs under an hour, `hh:mm` from an hour.
pub fn time_label(secs: u64, span_s: u64) -> String {
    if span_s < 3600 {
        format!("{:02}:{:02}", secs / 60, secs % 60)
    } else {
        format!("{:02}:{:02}", secs / 3600, secs / 60 % 60)
    }
}

/// Viridis at ten stops (perceptually uniform, readable in grey and by
/// most colour-blind readers): dark blue-violet for 0, yellow for 1.
const VIRIDIS: [(u8, u8, u8); 10] = [
    (0x44, 0x01, 0x54),
    (0x48, 0x28, 0x78),
    (0x3e, 0x49, 0x89),
    (0x31, 0x68, 0x8e),
    (0x26, 0x82, 0x8e),
    (0x1f, 0x9e, 0x89),
    (0x35, 0xb7, 0x79),
    (0x6e, 0xce, 0x58),
    (0xb5, 0xde, 0x2b),
    (0xfd, 0xe7, 0x25),
];

/// The palette colour at `t` in 0..=1 (clamped), as `#rrggbb`.
pub fn palette(t: f64) -> String {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let pos = t * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// An SVG document being written: elements are appended in order.
pub struct Svg {
    buf: String,
}

impl Svg {
    /// Starts a document `width` x `height` pixels with a white background
    /// and the shared text styles.
    pub fn new(width: f64, height: f64) -> Self {
        let mut buf = String::new();
        let (w, h) = (num(width), num(height));
        let _ = write!(
            buf,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n\
             <style>text{{font-family:Helvetica,Arial,sans-serif;font-size:11px;fill:#333}}\
             .title{{font-size:16px;font-weight:bold;fill:#111}}.head{{font-size:13px;font-weight:bold;fill:#111}}\
             .note{{fill:#666}}.grid{{stroke:#e4e4e4;stroke-width:1}}.axis{{stroke:#888;stroke-width:1}}</style>\n\
             <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n"
        );
        Svg { buf }
    }

    /// Raw markup (already escaped), e.g. `<g>` and `</g>`.
    pub fn raw(&mut self, markup: &str) {
        self.buf.push_str(markup);
        self.buf.push('\n');
    }

    /// A rectangle; `attrs` holds fill/stroke attributes; `tip` becomes a
    /// `<title>` (a hover tooltip in browsers).
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, attrs: &str, tip: Option<&str>) {
        let _ = write!(
            self.buf,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {attrs}",
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
        match tip {
            Some(t) => {
                let _ = writeln!(self.buf, "><title>{}</title></rect>", escape(t));
            }
            None => self.buf.push_str("/>\n"),
        }
    }

    /// A straight line.
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, attrs: &str) {
        let _ = writeln!(
            self.buf,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {attrs}/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
    }

    /// A polyline (`closed` makes it a polygon).
    pub fn poly(&mut self, points: &[(f64, f64)], closed: bool, attrs: &str) {
        if points.is_empty() {
            return;
        }
        let pts: Vec<String> =
            points.iter().map(|(x, y)| format!("{},{}", num(*x), num(*y))).collect();
        let tag = if closed { "polygon" } else { "polyline" };
        let _ = writeln!(self.buf, "<{tag} points=\"{}\" {attrs}/>", pts.join(" "));
    }

    /// Text at (x, y); `anchor` is `start`, `middle` or `end`; `class` one
    /// of the styles (`title`, `head`, `note`) or empty. `text` is escaped.
    pub fn text(&mut self, x: f64, y: f64, anchor: &str, class: &str, text: &str) {
        let class = if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") };
        let _ = writeln!(
            self.buf,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{class}>{}</text>",
            num(x),
            num(y),
            escape(text)
        );
    }

    /// Closes the document and returns its text.
    pub fn finish(mut self) -> String {
        self.buf.push_str("</svg>\n");
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_xml_special_characters() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn numbers_have_fixed_precision_and_no_negative_zero() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-3.25), "-3.2");
    }

    #[test]
    fn compact_axis_values() {
        assert_eq!(compact(0.0), "0");
        assert_eq!(compact(2.5), "2.5");
        assert_eq!(compact(950.0), "950");
        assert_eq!(compact(1500.0), "1.5k");
        assert_eq!(compact(12_000.0), "12k");
        assert_eq!(compact(3_000_000.0), "3M");
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(3600.0, 4), vec![0.0, 1000.0, 2000.0, 3000.0, 4000.0]);
        assert_eq!(ticks(12_000.0, 4), vec![0.0, 5000.0, 10_000.0, 15_000.0]);
        assert_eq!(ticks(7.0, 4), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(ticks(0.0, 4), vec![0.0, 1.0]);
        assert_eq!(ticks(f64::NAN, 4), vec![0.0, 1.0]);
    }

    #[test]
    fn time_steps_are_clock_steps() {
        assert_eq!(time_step(60, 8), 10);
        assert_eq!(time_step(240, 8), 30);
        assert_eq!(time_step(3600, 8), 600);
        assert_eq!(time_step(86_400, 8), 10_800);
        assert_eq!(time_step(0, 8), 1);
    }

    #[test]
    fn time_labels_are_mm_ss_under_an_hour_else_hh_mm() {
        assert_eq!(time_label(90, 240), "01:30");
        assert_eq!(time_label(0, 240), "00:00");
        assert_eq!(time_label(5400, 7200), "01:30");
        assert_eq!(time_label(86_400, 86_400), "24:00");
    }

    #[test]
    fn palette_runs_from_violet_to_yellow() {
        assert_eq!(palette(0.0), "#440154");
        assert_eq!(palette(1.0), "#fde725");
        assert_eq!(palette(2.0), "#fde725");
        assert_eq!(palette(f64::NAN), "#440154");
        // Halfway between stops 4 (#26828e) and 5 (#1f9e89).
        assert_eq!(palette(0.5), "#23908c");
    }

    #[test]
    fn a_document_is_closed_and_escapes_its_text() {
        let mut s = Svg::new(10.0, 5.0);
        s.text(1.0, 2.0, "start", "", "a & b");
        s.rect(0.0, 0.0, 2.0, -1.0, "fill=\"red\"", Some("<tip>"));
        let out = s.finish();
        assert!(
            out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"5\"")
        );
        assert!(out.contains(">a &amp; b</text>"));
        assert!(out.contains("height=\"0\" fill=\"red\"><title>&lt;tip&gt;</title></rect>"));
        assert!(out.ends_with("</svg>\n"));
    }
}
