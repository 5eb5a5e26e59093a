//! Importing a target set from a Represent-style file: all or nothing, matching each row to the
//! target it was before (same address, else same name and district), retiring those the file no
//! longer has, and setting committee memberships from the committees column. Portraits are
//! fetched once afterwards and served from here, never hot-linked.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use rendezvous_platform::clock::{Clock, DAY_MS};
use rendezvous_platform::db::Db;
use rendezvous_platform::geo::name_key;
use rendezvous_platform::images::{ImageLimits, reencode_jpeg};

use crate::ids::TargetSetId;
use crate::represent::{self, FileError, Rejected};
use crate::store::targets::{self as store, SetRow, TargetFields};

/// After this long without an import, a set's data is called out of date.
pub const STALE_AFTER_MS: i64 = 90 * DAY_MS;

/// What an import did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportReport {
    pub set: String,
    pub added: usize,
    pub updated: usize,
    /// Targets the file no longer has: kept for past counts, no longer written to.
    pub retired: usize,
    pub without_email: usize,
    pub rejected: Vec<Rejected>,
    /// Committee codes the file named that were not known (made with the code as their name).
    pub new_committees: Vec<String>,
    pub photos_fetched: usize,
    pub photos_failed: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("a set's name is 2 to 60 lower-case letters, digits and dashes")]
    BadSlug,
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl ImportError {
    pub fn message_id(&self) -> &'static str {
        match self {
            ImportError::BadSlug => "targets-error-slug",
            ImportError::File(e) => e.message_id(),
            ImportError::Db(_) => "error-internal",
        }
    }
}

/// Creates or replaces the set's targets from the file.
pub async fn import(
    db: &Db,
    clock: &Clock,
    slug: &str,
    name_en: Option<&str>,
    name_fr: Option<&str>,
    bytes: &[u8],
) -> Result<ImportReport, ImportError> {
    let slug = rendezvous_platform::validate::slug(slug, 60).ok_or(ImportError::BadSlug)?;
    let file = represent::parse(bytes)?;
    let now = clock.now_ms();
    let mut report = ImportReport { set: slug.clone(), rejected: file.rejected.clone(), ..ImportReport::default() };
    let mut tx = db.begin_write().await?;
    let set = store::upsert_set(&mut tx, &slug, name_en, name_fr, now).await?;
    let existing = store::existing_targets(&mut tx, set).await?;
    // An office address can be shared by several people: an address names a list of targets.
    let mut by_email: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in existing.iter().enumerate() {
        if let Some(e) = t.email.as_deref() {
            by_email.entry(e).or_default().push(i);
        }
    }
    let keys: Vec<(String, &str)> = existing.iter().map(|t| (name_key(&t.name), t.district_key.as_str())).collect();
    let mut matched: HashSet<usize> = HashSet::new();
    let mut committees: HashMap<String, crate::ids::CommitteeId> = HashMap::new();
    for row in &file.rows {
        let (name, district) = (name_key(&row.name), crate::model::district_key(&row.district));
        let same_person = |i: &usize| keys[*i].0 == name && keys[*i].1 == district;
        let free = |i: &&usize| !matched.contains(*i);
        let with_address: Vec<usize> = row
            .email
            .as_deref()
            .and_then(|e| by_email.get(e))
            .map(|v| v.iter().filter(free).copied().collect())
            .unwrap_or_default();
        // The same address (the one with the same name and district first when several share
        // it), else the same name and district.
        let found = with_address
            .iter()
            .find(|i| same_person(i))
            .or(with_address.first())
            .copied()
            .or_else(|| (0..existing.len()).find(|i| !matched.contains(i) && same_person(i)));
        let fields = TargetFields::of_row(row);
        let id = match found {
            Some(i) => {
                matched.insert(i);
                store::update_target(&mut tx, existing[i].id, &fields, now).await?;
                report.updated += 1;
                existing[i].id
            }
            None => {
                report.added += 1;
                store::insert_target(&mut tx, Some(set), &fields, now).await?
            }
        };
        if row.email.is_none() {
            report.without_email += 1;
        }
        if file.has_committees {
            let mut ids = Vec::with_capacity(row.committees.len());
            for code in &row.committees {
                let committee = match committees.get(code) {
                    Some(id) => *id,
                    None => {
                        let (id, made) = store::ensure_committee(&mut tx, code, now).await?;
                        if made {
                            report.new_committees.push(code.clone());
                        }
                        committees.insert(code.clone(), id);
                        id
                    }
                };
                ids.push(committee);
            }
            store::set_memberships(&mut tx, id, &ids).await?;
        }
    }
    for (i, target) in existing.iter().enumerate() {
        if !matched.contains(&i) && target.active == 1 {
            store::retire_target(&mut tx, target.id, now).await?;
            report.retired += 1;
        }
    }
    store::mark_imported(&mut tx, set, now).await?;
    tx.commit().await?;
    Ok(report)
}

/// The job that fetches a set's portraits after an import from the admin page (payload: the
/// set's id).
pub const PHOTOS_JOB: &str = "advocacy.photos";

pub(crate) async fn photos_job(
    state: rendezvous_platform::AppState,
    payload: serde_json::Value,
) -> Result<(), rendezvous_platform::BoxError> {
    let set: TargetSetId = serde_json::from_value(payload)?;
    fetch_photos(&state.db, set).await?;
    Ok(())
}

/// Portraits: at most this many bytes fetched, kept as a JPEG this size.
const PHOTO_LIMITS: ImageLimits = ImageLimits { max_bytes: 5 * 1024 * 1024, max_pixels: 40_000_000, kept_side: 400 };

impl ImportReport {
    pub fn added_count(&self) -> i64 {
        self.added as i64
    }
    pub fn updated_count(&self) -> i64 {
        self.updated as i64
    }
    pub fn retired_count(&self) -> i64 {
        self.retired as i64
    }
    pub fn rejected_count(&self) -> i64 {
        self.rejected.len() as i64
    }
}

/// Fetches the portraits the set has an address for and no copy of yet; returns (fetched, failed).
pub async fn fetch_photos(db: &Db, set: TargetSetId) -> Result<(usize, usize), sqlx::Error> {
    let wanted = store::photos_to_fetch(db, set).await?;
    if wanted.is_empty() {
        return Ok((0, 0));
    }
    let Ok(client) = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()
    else {
        return Ok((0, wanted.len()));
    };
    let (mut fetched, mut failed) = (0, 0);
    for (id, url) in wanted {
        match fetch_one(&client, &url).await {
            Some(photo) => {
                store::set_photo(db, id, &photo).await?;
                fetched += 1;
            }
            None => {
                tracing::info!(target_id = %id, "a portrait could not be fetched or read");
                failed += 1;
            }
        }
    }
    Ok((fetched, failed))
}

async fn fetch_one(client: &reqwest::Client, url: &str) -> Option<Vec<u8>> {
    let mut response = client.get(url).send().await.ok()?.error_for_status().ok()?;
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.ok()? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > PHOTO_LIMITS.max_bytes {
            return None;
        }
    }
    tokio::task::spawn_blocking(move || reencode_jpeg(&bytes, PHOTO_LIMITS).ok()).await.ok()?
}

/// Why a set's data may be out of date: not imported for 90 days, or its election has passed. A
/// set kept by hand (never imported, with representatives) has no import to be old.
pub fn staleness(set: &SetRow, now: i64, today: &str) -> Option<&'static str> {
    if set.election_on.as_deref().is_some_and(|day| day <= today) {
        return Some("targets-stale-election");
    }
    match set.imported_at {
        Some(at) if now - at > STALE_AFTER_MS => Some("targets-stale-old"),
        None if set.active == 0 => Some("targets-stale-never"),
        _ => None,
    }
}

/// Reads a postal-code table (two columns: postal code, district name) for a set, replacing the
/// one it had unless no row could be read; returns how many codes were kept and the lines left
/// out.
pub async fn import_postcodes(db: &Db, set: TargetSetId, bytes: &[u8]) -> Result<(usize, Vec<u64>), sqlx::Error> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
    let mut rows = Vec::new();
    let mut rejected = Vec::new();
    for record in reader.records() {
        let Ok(record) = record else {
            rejected.push(0);
            continue;
        };
        let line = record.position().map_or(0, |p| p.line());
        let code = record.get(0).and_then(crate::model::postal_code);
        let district = record.get(1).map(crate::model::district_key).filter(|d| !d.is_empty());
        match (code, district) {
            (Some(code), Some(district)) => rows.push((code, district)),
            _ => rejected.push(line),
        }
    }
    // A file with nothing readable is refused: the table stays as it was.
    if !rows.is_empty() {
        store::replace_postcodes(db, set, &rows).await?;
    }
    Ok((rows.len(), rejected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(imported_at: Option<i64>, election_on: Option<&str>) -> SetRow {
        SetRow { active: 338, ..empty(imported_at, election_on) }
    }

    fn empty(imported_at: Option<i64>, election_on: Option<&str>) -> SetRow {
        SetRow {
            id: TargetSetId(1),
            slug: "house".into(),
            name_en: "House".into(),
            name_fr: "Chambre".into(),
            imported_at,
            election_on: election_on.map(str::to_owned),
            active: 0,
        }
    }

    #[test]
    fn a_set_is_out_of_date_after_90_days_or_its_election() {
        let now = 200 * DAY_MS;
        assert_eq!(staleness(&set(Some(now - 10 * DAY_MS), None), now, "2027-04-01"), None);
        assert_eq!(staleness(&set(Some(now - 91 * DAY_MS), None), now, "2027-04-01"), Some("targets-stale-old"));
        let election = set(Some(now - DAY_MS), Some("2027-03-31"));
        assert_eq!(staleness(&election, now, "2027-04-01"), Some("targets-stale-election"));
        assert_eq!(staleness(&set(Some(now), Some("2027-10-20")), now, "2027-04-01"), None);
        assert_eq!(staleness(&empty(None, None), now, "2027-04-01"), Some("targets-stale-never"));
        assert_eq!(staleness(&set(None, None), now, "2027-04-01"), None, "kept by hand");
        assert_eq!(staleness(&set(None, Some("2027-03-31")), now, "2027-04-01"), Some("targets-stale-election"));
    }
}
