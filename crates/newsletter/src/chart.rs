//! Server-rendered SVG bar charts: no script, no other host, readable by screen readers through a
//! title and a description, with the same numbers in a table beside them.

use std::fmt::Write;

/// One bar: its label, its value (None: a count withheld, drawn as a stub and not scaled), and
/// the text written beside it.
pub struct Bar {
    pub label: String,
    pub value: Option<i64>,
    pub shown: String,
}

/// A horizontal bar chart of (label, value) rows.
pub fn bars(title: &str, rows: &[(String, i64)]) -> String {
    let rows: Vec<Bar> =
        rows.iter().map(|(label, v)| Bar { label: label.clone(), value: Some(*v), shown: v.to_string() }).collect();
    bars_with(title, &rows)
}

/// A horizontal bar chart whose bars say what they show (e.g. "< 5" for a withheld count).
pub fn bars_with(title: &str, rows: &[Bar]) -> String {
    const WIDTH: i64 = 640;
    const LABEL: i64 = 220;
    const ROW: i64 = 28;
    const VALUE_ROOM: i64 = 70;
    const STUB: i64 = 2;
    let max = rows.iter().filter_map(|r| r.value).max().unwrap_or(0).max(1);
    let height = (rows.len() as i64 * ROW).max(ROW);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape(title)
    );
    for (i, row) in rows.iter().enumerate() {
        let y = i as i64 * ROW;
        let bar = match row.value {
            Some(value) => (value * (WIDTH - LABEL - VALUE_ROOM) / max).max(i64::from(value > 0)),
            None => STUB,
        };
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text><rect x="{LABEL}" y="{}" width="{bar}" height="{}" class="chart-bar"/><text x="{}" y="{}" class="chart-value">{}</text>"#,
            LABEL - 8,
            y + ROW / 2 + 5,
            escape(&row.label),
            y + 4,
            ROW - 8,
            LABEL + bar + 6,
            y + ROW / 2 + 5,
            escape(&row.shown),
        );
    }
    svg.push_str("</svg>");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::bars;

    #[test]
    fn one_bar_per_row_scaled_to_the_largest_and_labels_escaped() {
        let svg = bars("By <province>", &[("ON".into(), 100), ("Q&C".into(), 50)]);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("<title>By &lt;province&gt;</title>"));
        assert!(svg.contains("Q&amp;C"));
        assert!(svg.contains(r#"width="350""#) && svg.contains(r#"width="175""#));
    }
}
