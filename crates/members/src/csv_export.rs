//! The admin's CSV export of memberships. Person fields come from [`crate::visibility`] with the
//! export purpose, so what leaves is what an administrator may see, without the sensitive
//! category or hidden groups unless explicitly included.

use rendezvous_platform::clock::format_ms;

use crate::ids::MembershipId;
use crate::visibility::PersonView;

use rendezvous_platform::spreadsheet;

fn when(ms: Option<i64>) -> String {
    ms.map(format_ms).unwrap_or_default()
}

/// One line of the export: the membership and what may be shown of its person.
pub struct ExportRow {
    pub membership_id: MembershipId,
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
        // Every column is defused (`spreadsheet::record`), not only the free-text ones.
        out.write_record(spreadsheet::record([
            r.membership_id.to_string().as_str(),
            &r.type_slug,
            &r.status,
            &r.organisation,
            &when(r.started_at),
            &when(r.expires_at),
            p.display_name.as_deref().unwrap_or_default(),
            p.city.as_deref().unwrap_or_default(),
            p.province.as_deref().unwrap_or_default(),
            p.category.map(|c| c.slug).as_deref().unwrap_or_default(),
            &p.languages.unwrap_or_default().join(";"),
            p.bio.as_deref().unwrap_or_default(),
            p.contact_email.as_deref().unwrap_or_default(),
            &groups.join(";"),
        ]))?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::MembershipId;
    use rendezvous_platform::auth::UserId;

    #[test]
    fn every_column_is_defused_the_email_included() {
        let person = PersonView {
            user_id: UserId(1),
            display_name: Some("=HYPERLINK(\"https://evil.example\")".into()),
            city: Some("+Halifax".into()),
            province: Some("NS".into()),
            category: None,
            languages: Some(vec!["en".into()]),
            bio: Some("\tcmd".into()),
            contact_email: Some("=cmd@example.org".into()),
            groups: None,
        };
        let row = ExportRow {
            membership_id: MembershipId(7),
            type_slug: "-slug".into(),
            status: "@status".into(),
            organisation: "\rOrg".into(),
            started_at: None,
            expires_at: None,
            person: Some(person),
        };
        let csv = String::from_utf8(memberships(&[row]).expect("csv")).expect("utf-8");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let record = reader.records().next().expect("a row").expect("csv");
        let cells: Vec<&str> = record.iter().collect();
        assert_eq!(cells[0], "7");
        for (i, value) in cells.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            assert!(!value.starts_with(['=', '+', '-', '@', '\t', '\r']), "column {i} runs as a formula: {value:?}");
        }
        assert!(cells.contains(&"'=cmd@example.org") && cells.contains(&"'-slug") && cells.contains(&"'\rOrg"));
    }
}
