//! The public summary of the network: counts of current memberships by province and by category,
//! no names, small counts shown as "fewer than 5" so no one can be singled out, and the sensitive
//! category left out. With an SVG bar chart (no script) and the same numbers in a table.

use std::fmt::Write;

use rendezvous_platform::AppState;
use rendezvous_platform::geo::Province;
use rendezvous_platform::i18n::Lang;

use crate::store::memberships;

/// Counts below this are not shown exactly.
pub const SMALL: i64 = 5;

pub struct Summary {
    /// (province code, count or None when fewer than [`SMALL`]).
    pub provinces: Vec<(Province, Option<i64>)>,
    /// (name EN, name FR, count or None).
    pub categories: Vec<(String, String, Option<i64>)>,
}

fn shown(n: i64) -> Option<i64> {
    (n == 0 || n >= SMALL).then_some(n)
}

pub async fn public(state: &AppState) -> Result<Summary, sqlx::Error> {
    let by_province = memberships::current_by_province(&state.db).await?;
    let provinces = Province::ALL
        .into_iter()
        .map(|p| {
            let n = by_province.iter().find(|(code, _)| code.as_deref() == Some(p.code())).map_or(0, |r| r.1);
            (p, shown(n))
        })
        .collect();
    let categories =
        memberships::current_by_category(&state.db).await?.into_iter().map(|(en, fr, n)| (en, fr, shown(n))).collect();
    Ok(Summary { provinces, categories })
}

/// Bars by province; a suppressed count is drawn as a stub and labelled "< 5".
pub fn province_chart(summary: &Summary, lang: Lang) -> String {
    const WIDTH: i64 = 640;
    const LABEL: i64 = 230;
    const ROW: i64 = 28;
    const VALUE_ROOM: i64 = 70;
    let max = summary.provinces.iter().filter_map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let height = summary.provinces.len() as i64 * ROW;
    let title = match lang {
        Lang::En => "Current members by province or territory",
        Lang::Fr => "Membres actuels par province ou territoire",
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>"#
    );
    for (i, (province, n)) in summary.provinces.iter().enumerate() {
        let y = i as i64 * ROW;
        let (bar, label) = match n {
            Some(v) => ((v * (WIDTH - LABEL - VALUE_ROOM) / max).max(i64::from(*v > 0)), v.to_string()),
            None => (2, format!("&lt; {SMALL}")),
        };
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text><rect x="{LABEL}" y="{}" width="{bar}" height="{}" class="chart-bar"/><text x="{}" y="{}" class="chart-value">{label}</text>"#,
            LABEL - 8,
            y + ROW / 2 + 5,
            province.name(lang),
            y + 4,
            ROW - 8,
            LABEL + bar + 6,
            y + ROW / 2 + 5,
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_not_shown_exactly() {
        assert_eq!(shown(0), Some(0));
        assert_eq!(shown(3), None);
        assert_eq!(shown(5), Some(5));
        let summary = Summary { provinces: vec![(Province::ON, Some(10)), (Province::NU, None)], categories: vec![] };
        let svg = province_chart(&summary, Lang::Fr);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("&lt; 5") && svg.contains("Ontario"));
    }
}
