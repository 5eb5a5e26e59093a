//! The outbox: where mail goes when no SMTP server is configured, readable by admins.

use serde::Serialize;

use super::OutgoingMail;
use crate::clock::Clock;
use crate::db::Db;

crate::id_type!(
    /// A message kept in the outbox (no SMTP server configured).
    pub OutboxMailId
);

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct OutboxMail {
    pub id: OutboxMailId,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub created_at: i64,
}

pub async fn store(db: &Db, clock: &Clock, mail: &OutgoingMail) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (to_address, subject, text_body, html_body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(clock.now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn recent(db: &Db, limit: i64, offset: i64) -> Result<Vec<OutboxMail>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, to_address, subject, text_body, html_body, created_at FROM outbox
         ORDER BY id DESC LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

pub async fn get(db: &Db, id: OutboxMailId) -> Result<Option<OutboxMail>, sqlx::Error> {
    sqlx::query_as("SELECT id, to_address, subject, text_body, html_body, created_at FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Forgets every mail to an address (erasure): kept in the outbox, or still waiting to be sent.
pub async fn forget_address(db: &Db, address: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM outbox WHERE lower(to_address) = lower($1)").bind(address).execute(&db.pool).await?;
    // The payload is serde_json's compact form of OutgoingMail, so the address appears as "to":"...".
    let to = format!("%\"to\":{}%", serde_json::Value::String(address.to_owned()));
    sqlx::query("DELETE FROM jobs WHERE kind = $1 AND lower(payload) LIKE lower($2)")
        .bind(super::SEND_JOB)
        .bind(to)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Deletes the mail kept longer than `days`: the outbox is a window on recent mail, not an archive
/// of the links it carried. Returns how many went.
pub async fn purge_older_than(db: &Db, clock: &Clock, days: i64) -> Result<u64, sqlx::Error> {
    let cutoff = clock.now_ms() - days.max(1) * 24 * 60 * 60 * 1000;
    let done = sqlx::query("DELETE FROM outbox WHERE created_at < $1").bind(cutoff).execute(&db.pool).await?;
    Ok(done.rows_affected())
}

/// What an admin sees of a mail's text: every long, token-like part of a link (a path segment or
/// a query value) replaced, so the outbox view hands nobody a verification, reset or sign-in link.
/// The mail itself is kept whole (it is what would have been sent).
pub fn mask_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = find_url(rest) {
        out.push_str(&rest[..start]);
        let url_len =
            rest[start..].find(|c: char| c.is_whitespace() || "\"'<>()[]".contains(c)).unwrap_or(rest.len() - start);
        out.push_str(&mask_url(&rest[start..start + url_len]));
        rest = &rest[start + url_len..];
    }
    out.push_str(rest);
    out
}

fn find_url(text: &str) -> Option<usize> {
    [text.find("http://"), text.find("https://")].into_iter().flatten().min()
}

/// Keeps scheme and host; masks each part after them that is long enough to be a secret.
fn mask_url(url: &str) -> String {
    const SECRET_LEN: usize = 16;
    const MASK: &str = "********";
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = url[after_scheme..].find(['/', '?', '#']).map(|i| after_scheme + i).unwrap_or(url.len());
    let mut out = String::from(&url[..path_start]);
    let mut part = String::new();
    for c in url[path_start..].chars() {
        if "/?&=#".contains(c) {
            out.push_str(if part.chars().count() >= SECRET_LEN { MASK } else { &part });
            part.clear();
            out.push(c);
        } else {
            part.push(c);
        }
    }
    out.push_str(if part.chars().count() >= SECRET_LEN { MASK } else { &part });
    out
}

#[cfg(test)]
mod tests {
    use super::mask_links;

    #[test]
    fn links_lose_their_tokens_and_keep_their_shape() {
        let text = "Confirm: https://site.example/verify?token=abcDEF123_-abcDEF123_-abcDEF123_-xyz1234 now.\n\
                    See http://site.example/lists/news and https://site.example/u/AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBB";
        let masked = mask_links(text);
        assert_eq!(
            masked,
            "Confirm: https://site.example/verify?token=******** now.\n\
             See http://site.example/lists/news and https://site.example/u/********"
        );
        assert_eq!(mask_links("no links here"), "no links here");
    }
}
