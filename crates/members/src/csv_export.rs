//! The admin's CSV export of memberships. Person fields come from [`crate::visibility`] with the
//! export purpose, so what leaves is what an administrator may see, without the sensitive
//! category or hidden groups unless explicitly included.

use rendezvous_platform::clock::format_ms;

use crate::visibility::PersonView;

/// A spreadsheet would run a cell starting with = + - @ as a formula: such text gets a leading
/// apostrophe, which spreadsheets show as text.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

fn when(ms: Option<i64>) -> String {
    ms.map(format_ms).unwrap_or_default()
}

/// One line of the export: the membership and what may be shown of its person.
pub struct ExportRow {
    pub membership_id: i64,
    pub type_slug: String,
    pub status: String,
    pub organisation: String,
    pub started_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub person: Option<PersonView>,
}

pub fn memberships(rows: &[ExportRow]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "membership_id",
        "type",
        "status",
        "organisation",
        "started",
        "expires",
        "display_name",
        "city",
        "province",
        "category",
        "languages",
        "bio",
        "contact_email",
        "groups",
    ])?;
    for r in rows {
        let p = r.person.clone().unwrap_or_default();
        let groups: Vec<String> = p.groups.unwrap_or_default().into_iter().map(|g| g.slug).collect();
        out.write_record([
            r.membership_id.to_string().as_str(),
            &r.type_slug,
            &r.status,
            &cell(&r.organisation),
            &when(r.started_at),
            &when(r.expires_at),
            &cell(p.display_name.as_deref().unwrap_or_default()),
            &cell(p.city.as_deref().unwrap_or_default()),
            p.province.as_deref().unwrap_or_default(),
            p.category.map(|c| c.slug).as_deref().unwrap_or_default(),
            &p.languages.unwrap_or_default().join(";"),
            &cell(p.bio.as_deref().unwrap_or_default()),
            &cell(p.contact_email.as_deref().unwrap_or_default()),
            &groups.join(";"),
        ])?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
