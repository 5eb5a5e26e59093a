//! Target sets kept by hand: a custom set made empty with its names, renamed, a representative
//! added or retired. The checks live here so the admin pages (and any later API) share them.

use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::{Db, is_unique_violation};
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::geo::Province;
use rendezvous_platform::validate::{line, slug};

use crate::ids::{TargetId, TargetSetId};
use crate::store::targets::{self as store, TargetFields};

/// What is wrong, as (field, message id).
pub type Problems = Vec<(&'static str, &'static str)>;

/// Slugs that name admin pages of their own under `/admin/letters/sets/`.
const RESERVED: [&str; 1] = ["new"];

/// The two names of a set, checked.
fn names(name_en: &str, name_fr: &str, problems: &mut Problems) -> Option<(String, String)> {
    let en = line(name_en, 200).map_err(|_| problems.push(("name_en", "sets-error-name"))).ok();
    let fr = line(name_fr, 200).map_err(|_| problems.push(("name_fr", "sets-error-name"))).ok();
    en.zip(fr)
}

/// Makes an empty set (targets are added by hand or imported later).
pub async fn create(
    db: &Db,
    clock: &Clock,
    slug_text: &str,
    name_en: &str,
    name_fr: &str,
) -> Result<Result<TargetSetId, Problems>, sqlx::Error> {
    let mut problems = Problems::new();
    let slug = slug(slug_text, 60).filter(|s| !RESERVED.contains(&s.as_str()));
    if slug.is_none() {
        problems.push(("slug", "targets-error-slug"));
    }
    let names = names(name_en, name_fr, &mut problems);
    let (Some(slug), Some((en, fr))) = (slug, names) else { return Ok(Err(problems)) };
    match store::create_set(db, &slug, &en, &fr, clock.now_ms()).await {
        Ok(id) => Ok(Ok(id)),
        Err(e) if is_unique_violation(&e) => Ok(Err(vec![("slug", "sets-error-slug-taken")])),
        Err(e) => Err(e),
    }
}

pub async fn rename(
    db: &Db,
    set: TargetSetId,
    name_en: &str,
    name_fr: &str,
) -> Result<Result<(), Problems>, sqlx::Error> {
    let mut problems = Problems::new();
    let Some((en, fr)) = names(name_en, name_fr, &mut problems) else { return Ok(Err(problems)) };
    store::rename_set(db, set, &en, &fr).await?;
    Ok(Ok(()))
}

/// A representative as an admin types them.
#[derive(Debug, Default, Clone)]
pub struct NewTarget {
    pub name: String,
    pub district: String,
    pub province: String,
    pub email: String,
    pub office: String,
    pub party: String,
}

/// Adds a representative to a set by hand.
pub async fn add_target(
    db: &Db,
    clock: &Clock,
    set: TargetSetId,
    new: &NewTarget,
) -> Result<Result<TargetId, Problems>, sqlx::Error> {
    let mut problems = Problems::new();
    let name = line(&new.name, 200).map_err(|_| problems.push(("name", "targets-error-name"))).ok();
    let email = match new.email.trim() {
        "" => None,
        typed => EmailAddress::parse(typed).map(|e| e.normalized()).map_err(|m| problems.push(("email", m))).ok(),
    };
    let province = match new.province.trim() {
        "" => None,
        typed => Province::parse(typed).map(|p| p.code()).or_else(|| {
            problems.push(("province", "sets-error-province"));
            None
        }),
    };
    // Short free text: cut and cleaned as the hand edit of a target does.
    let text = |value: &str| value.trim().chars().filter(|c| !c.is_control()).take(300).collect::<String>();
    let (district, office, party) = (text(&new.district), text(&new.office), text(&new.party));
    let Some(name) = name.filter(|_| problems.is_empty()) else { return Ok(Err(problems)) };
    let fields = TargetFields {
        name: &name,
        first_name: "",
        last_name: "",
        district: &district,
        province,
        office: &office,
        party: &party,
        email: email.as_deref(),
        phone: "",
        address: "",
        photo_url: None,
        source_url: None,
    };
    Ok(Ok(store::add_target(db, set, &fields, clock.now_ms()).await?))
}

/// Retires a representative: no longer written to, kept for past counts. False when unknown.
pub async fn retire(db: &Db, clock: &Clock, target: TargetId) -> Result<bool, sqlx::Error> {
    store::retire(db, target, clock.now_ms()).await
}
