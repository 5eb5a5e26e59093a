//! Where alerts are for: the thirteen provinces and territories always (with their Statistics
//! Canada SGC codes), and the finer regions admins add inside them. An area is kept as a key: a
//! province's code ("BC") or a region's slug ("vancouver-coastal").
//!
//! An alert reaches an area's people when the area is one of the alert's, or contains one of them,
//! or lies inside one of them: an alert for a region reaches those who chose that region or its
//! whole province, and an alert for a province reaches every region in it. Nobody else.

use std::collections::BTreeSet;

use rendezvous_platform::db::Db;
use rendezvous_platform::geo::Province;
use rendezvous_platform::i18n::Lang;

use crate::store::{self, RegionRow};

/// Statistics Canada's Standard Geographical Classification code of a province or territory.
pub fn sgc_code(province: Province) -> &'static str {
    match province {
        Province::NL => "10",
        Province::PE => "11",
        Province::NS => "12",
        Province::NB => "13",
        Province::QC => "24",
        Province::ON => "35",
        Province::MB => "46",
        Province::SK => "47",
        Province::AB => "48",
        Province::BC => "59",
        Province::YT => "60",
        Province::NT => "61",
        Province::NU => "62",
    }
}

/// Every area there is: the provinces and the regions read once.
pub struct Places {
    pub regions: Vec<RegionRow>,
}

impl Places {
    pub async fn load(db: &Db) -> Result<Self, sqlx::Error> {
        Ok(Self { regions: store::all_regions(db).await? })
    }

    fn region(&self, key: &str) -> Option<&RegionRow> {
        self.regions.iter().find(|r| r.slug == key)
    }

    /// The area someone named: a province's code or name in either language, or a region's slug.
    pub fn parse(&self, input: &str) -> Option<String> {
        let input = input.trim();
        if let Some(region) = self.region(&input.to_lowercase()) {
            return Some(region.slug.clone());
        }
        Province::parse(input).map(|p| p.code().to_owned())
    }

    /// The province an area is in (or is).
    pub fn province_of(&self, key: &str) -> Option<Province> {
        match self.region(key) {
            Some(region) => Province::parse(&region.province),
            None => Province::parse(key).filter(|p| p.code() == key),
        }
    }

    /// Every area whose people an alert for `areas` reaches (see the module's rule).
    pub fn reach(&self, areas: &[String]) -> BTreeSet<String> {
        let mut reached = BTreeSet::new();
        for area in areas {
            reached.insert(area.clone());
            match self.region(area) {
                Some(region) => {
                    reached.insert(region.province.clone());
                }
                None => {
                    reached.extend(self.regions.iter().filter(|r| &r.province == area).map(|r| r.slug.clone()));
                }
            }
        }
        reached
    }

    /// Whether an alert for `areas` is for someone who follows `area`.
    pub fn covers(&self, areas: &[String], area: &str) -> bool {
        self.reach(areas).contains(area)
    }

    pub fn name(&self, key: &str, lang: Lang) -> String {
        match self.region(key) {
            Some(region) => match lang {
                Lang::En => region.name_en.clone(),
                Lang::Fr => region.name_fr.clone(),
            },
            None => Province::parse(key).map(|p| p.name(lang).to_owned()).unwrap_or_else(|| key.to_owned()),
        }
    }

    /// "Vancouver Coastal, Ontario"
    pub fn names(&self, keys: &[String], lang: Lang) -> String {
        keys.iter().map(|k| self.name(k, lang)).collect::<Vec<_>>().join(", ")
    }

    /// The SGC geocodes of an area, for CAP's `<geocode>`.
    pub fn geocodes(&self, key: &str) -> Vec<String> {
        match self.region(key) {
            Some(region) => region.geocodes.split_whitespace().map(str::to_owned).collect(),
            None => Province::parse(key).map(|p| vec![sgc_code(p).to_owned()]).unwrap_or_default(),
        }
    }

    /// The choices of a form: each province with its regions under it.
    pub fn choices(&self, lang: Lang) -> Vec<AreaChoice> {
        let mut provinces: Vec<Province> = Province::ALL.to_vec();
        provinces.sort_by_key(|p| p.name(lang));
        provinces
            .into_iter()
            .map(|p| AreaChoice {
                key: p.code().to_owned(),
                name: p.name(lang).to_owned(),
                regions: self
                    .regions
                    .iter()
                    .filter(|r| r.province == p.code())
                    .map(|r| (r.slug.clone(), self.name(&r.slug, lang)))
                    .collect(),
            })
            .collect()
    }
}

/// A province on a form, with its regions.
pub struct AreaChoice {
    pub key: String,
    pub name: String,
    pub regions: Vec<(String, String)>,
}

/// The stored form of an alert's areas: " BC vancouver " (see the `alerts.areas` column).
pub fn column(areas: &[String]) -> String {
    format!(" {} ", areas.join(" "))
}

pub fn from_column(column: &str) -> Vec<String> {
    column.split_whitespace().map(str::to_owned).collect()
}
