//! Demo data with the network's shape: 34,000 subscribers on the public news list, about 75% in
//! Canada spread over the provinces and territories by population, the rest abroad; French where
//! people mostly speak it; four kinds of consent; subscriptions spread over three years. It goes
//! through the real import, so the demo exercises the same path as a real file.

use rendezvous_platform::clock::{Clock, DAY_MS};
use rendezvous_platform::db::Db;
use rendezvous_platform::geo::Province;
use rendezvous_platform::i18n::Lang;

use crate::import::{self, ImportError, ImportOptions};
use crate::model::ConsentKind;

pub const DEMO_SUBSCRIBERS: usize = 34_000;

/// A small deterministic generator: the demo looks the same every time.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const ABROAD: &[(&str, u64, bool)] = &[
    ("US", 40, false),
    ("FR", 20, true),
    ("GB", 8, false),
    ("BE", 6, true),
    ("CH", 4, true),
    ("AU", 6, false),
    ("MX", 4, false),
    ("HT", 3, true),
    ("MA", 2, true),
    ("SN", 2, true),
    ("DE", 3, false),
    ("NL", 2, false),
];

const TAGS: &[&str] = &["outreach", "naloxone", "drug-checking", "peer-support", "research", "policy", "housing"];

struct Row {
    line: String,
    kind: ConsentKind,
}

fn province_for(dice: &mut Dice) -> Province {
    let total: u64 = Province::ALL.iter().map(|p| u64::from(p.population_weight())).sum();
    let mut pick = dice.below(total);
    for province in Province::ALL {
        let weight = u64::from(province.population_weight());
        if pick < weight {
            return province;
        }
        pick -= weight;
    }
    Province::ON
}

fn french_share(province: Province) -> u64 {
    match province {
        Province::QC => 80,
        Province::NB => 33,
        Province::ON => 8,
        _ => 4,
    }
}

fn date(ms: i64) -> String {
    crate::model::format_date(ms)
}

fn rows(now: i64) -> Vec<Row> {
    let mut dice = Dice(2026);
    let abroad_total: u64 = ABROAD.iter().map(|a| a.1).sum();
    (0..DEMO_SUBSCRIBERS)
        .map(|i| {
            let (country, province, french) = if dice.below(100) < 75 {
                let p = province_for(&mut dice);
                ("CA", p.code(), dice.below(100) < french_share(p))
            } else {
                let mut pick = dice.below(abroad_total);
                let (code, _, fr) = ABROAD
                    .iter()
                    .find(|a| {
                        let hit = pick < a.1;
                        pick = pick.saturating_sub(a.1);
                        hit
                    })
                    .copied()
                    .unwrap_or(("US", 0, false));
                (code, "", fr)
            };
            let kind = match dice.below(100) {
                0..60 => ConsentKind::ExpressImport,
                60..85 => ConsentKind::ImpliedMembership,
                85..95 => ConsentKind::ImpliedRelationship,
                _ => ConsentKind::Published,
            };
            // Express consent over three years, growing; implied consent within its two years.
            let span = if kind.is_implied() { 660 } else { 1095 };
            let days_ago = (span as f64 * (dice.below(1000) as f64 / 1000.0).powf(1.6)) as i64;
            let lang = if french { "fr" } else { "en" };
            let tag = if dice.below(3) == 0 { TAGS[dice.below(TAGS.len() as u64) as usize] } else { "" };
            let line =
                format!("person{i}@demo.example,{lang},{country},{province},{tag},{}\n", date(now - days_ago * DAY_MS));
            Row { line, kind }
        })
        .collect()
}

/// Creates the demo lists and fills them. Returns how many subscribers were imported.
pub async fn fill(db: &Db, clock: &Clock) -> Result<u64, ImportError> {
    let list = |slug, en, fr, public| crate::create_list(db, clock, slug, en, fr, public, Lang::En);
    let news = list("network-news", "Network news", "Nouvelles du réseau", true).await.map_err(db_error)?;
    let members = list("members", "Members’ list", "Liste des membres", false).await.map_err(db_error)?;
    list("partners", "Partner coalitions", "Coalitions partenaires", false).await.map_err(db_error)?;
    let now = clock.now_ms();
    let all = rows(now);
    let mut imported = 0;
    for kind in [
        ConsentKind::ExpressImport,
        ConsentKind::ImpliedMembership,
        ConsentKind::ImpliedRelationship,
        ConsentKind::Published,
    ] {
        let mut file = String::from("email,language,country,province,tags,consent date\n");
        all.iter().filter(|r| r.kind == kind).for_each(|r| file.push_str(&r.line));
        let evidence = match kind {
            ConsentKind::ImpliedMembership => "membership roll (demo)",
            ConsentKind::ImpliedRelationship => "partner and donor records (demo)",
            ConsentKind::Published => "addresses published on agency websites (demo)",
            _ => "forum sign-up sheets and web form 2023-2026 (demo)",
        };
        let options = ImportOptions {
            list_id: news,
            consent: kind,
            evidence: evidence.into(),
            dry_run: false,
            actor_id: None,
            keep_places: false,
        };
        imported += import::run(db, clock, file.as_bytes(), &options, |_, _| {}).await?.imported;
        if kind == ConsentKind::ImpliedMembership {
            let first_thousand: String = file.lines().take(1001).map(|l| format!("{l}\n")).collect();
            let options = ImportOptions { list_id: members, ..options };
            import::run(db, clock, first_thousand.as_bytes(), &options, |_, _| {}).await?;
        }
    }
    Ok(imported)
}

fn db_error(e: crate::CreateListError) -> ImportError {
    match e {
        crate::CreateListError::Db(e) => ImportError::Db(e),
        other => ImportError::Db(sqlx::Error::Protocol(other.to_string())),
    }
}
