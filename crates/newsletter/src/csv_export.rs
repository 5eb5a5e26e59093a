//! CSV exports: a list's subscribers (in the columns an import reads back) and the consent ledger.

use rendezvous_platform::clock::format_ms;

use crate::model::tags_from_column;
use crate::store::{EventRow, MemberRow};

use rendezvous_platform::spreadsheet;

fn when(ms: Option<i64>) -> String {
    ms.map(format_ms).unwrap_or_default()
}

pub fn subscribers(members: &[MemberRow]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "email",
        "name",
        "language",
        "country",
        "province",
        "region",
        "tags",
        "consent_kind",
        "consent_date",
        "consent_expires",
        "subscribed_at",
    ])?;
    for m in members {
        // Every column is defused, the address included (`=cmd@example.org` is a valid one).
        out.write_record(spreadsheet::record([
            m.email.as_str(),
            m.name.as_deref().unwrap_or_default(),
            &m.lang,
            m.country.as_deref().unwrap_or_default(),
            m.province.as_deref().unwrap_or_default(),
            m.region.as_deref().unwrap_or_default(),
            &tags_from_column(&m.tags).join(";"),
            m.consent_kind.as_deref().unwrap_or_default(),
            &when(m.consent_at),
            &when(m.consent_expires_at),
            &when(m.subscribed_at),
        ]))?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

pub fn consent(events: &[EventRow]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "time",
        "email",
        "list",
        "action",
        "consent_kind",
        "source",
        "evidence",
        "wording_version",
        "by_account",
    ])?;
    for e in events {
        out.write_record(spreadsheet::record([
            format_ms(e.created_at).as_str(),
            &e.email,
            e.list_slug.as_deref().unwrap_or_default(),
            &e.action,
            e.kind.as_deref().unwrap_or_default(),
            &e.source,
            &e.evidence,
            e.wording_version.as_deref().unwrap_or_default(),
            &e.actor_id.map(|a| a.to_string()).unwrap_or_default(),
        ]))?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
