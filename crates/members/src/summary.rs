//! The public summary of the network: counts of current memberships by province and by category,
//! no names, small counts shown as "fewer than 5" so no one can be singled out, and the sensitive
//! category left out. With an SVG bar chart (no script) and the same numbers in a table.

use rendezvous_newsletter::chart::{Bar, bars_with};
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
    let title = match lang {
        Lang::En => "Current members by province or territory",
        Lang::Fr => "Membres actuels par province ou territoire",
    };
    let rows: Vec<Bar> = summary
        .provinces
        .iter()
        .map(|(province, n)| Bar {
            label: province.name(lang).to_owned(),
            value: *n,
            shown: n.map_or_else(|| format!("< {SMALL}"), |v| v.to_string()),
        })
        .collect();
    bars_with(title, &rows)
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
