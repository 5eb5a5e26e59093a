//! Committees as admins edit them: a code (as the legislature writes it), names in both
//! languages and the committee's public page.

use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::validate::line;

/// Saves a committee; a problem is (field, message id).
pub async fn save(
    db: &Db,
    clock: &Clock,
    code: &str,
    name_en: &str,
    name_fr: &str,
    url: &str,
) -> Result<Result<(), Vec<(&'static str, &'static str)>>, sqlx::Error> {
    let mut problems = Vec::new();
    let code = code.trim();
    if code.is_empty() || code.len() > 20 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        problems.push(("code", "committees-error-code"));
    }
    let name_en = line(name_en, 200).map_err(|_| problems.push(("name_en", "committees-error-name")));
    let name_fr = line(name_fr, 200).map_err(|_| problems.push(("name_fr", "committees-error-name")));
    let url = url.trim();
    if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
        problems.push(("url", "committees-error-url"));
    }
    match (name_en, name_fr) {
        (Ok(en), Ok(fr)) if problems.is_empty() => {
            let url = Some(url).filter(|u| !u.is_empty());
            crate::store::targets::save_committee(db, code, &en, &fr, url, clock.now_ms()).await?;
            Ok(Ok(()))
        }
        _ => Ok(Err(problems)),
    }
}
