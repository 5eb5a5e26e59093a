//! Signed links that need no login (unsubscribe, preference centre): a payload, an expiry and an
//! HMAC-SHA256 over both with the site's secret. Forged and expired links are told apart so the
//! person reads the right explanation.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignedError {
    #[error("the link is not valid")]
    Invalid,
    #[error("the link has expired")]
    Expired,
}

fn mac(secret: &str, purpose: &str, body: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(purpose.as_bytes());
    mac.update(b"\n");
    mac.update(body.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// A token for `payload`, valid for `purpose` until `expires_at_ms`.
pub fn sign(secret: &str, purpose: &str, payload: &str, expires_at_ms: i64) -> String {
    let body = format!("{expires_at_ms}.{payload}");
    format!("{}.{}", URL_SAFE_NO_PAD.encode(&body), URL_SAFE_NO_PAD.encode(mac(secret, purpose, &body)))
}

/// The payload of a genuine, unexpired token for `purpose`.
pub fn verify(secret: &str, purpose: &str, token: &str, now_ms: i64) -> Result<String, SignedError> {
    let (body, signature) = token.split_once('.').ok_or(SignedError::Invalid)?;
    let body = URL_SAFE_NO_PAD.decode(body).map_err(|_| SignedError::Invalid)?;
    let body = String::from_utf8(body).map_err(|_| SignedError::Invalid)?;
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| SignedError::Invalid)?;
    let mut check = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|_| SignedError::Invalid)?;
    check.update(purpose.as_bytes());
    check.update(b"\n");
    check.update(body.as_bytes());
    check.verify_slice(&signature).map_err(|_| SignedError::Invalid)?;
    let (expires, payload) = body.split_once('.').ok_or(SignedError::Invalid)?;
    let expires: i64 = expires.parse().map_err(|_| SignedError::Invalid)?;
    if now_ms >= expires {
        return Err(SignedError::Expired);
    }
    Ok(payload.to_owned())
}

/// The site's signing secret, created once and shared by every process through the database.
pub async fn site_secret(db: &Db) -> Result<String, sqlx::Error> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ('site_secret', $1) ON CONFLICT (key) DO NOTHING")
        .bind(crate::crypto::random_token())
        .execute(&db.pool)
        .await?;
    sqlx::query_scalar("SELECT value FROM settings WHERE key = 'site_secret'").fetch_one(&db.pool).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_for_its_purpose_until_it_expires() {
        let token = sign("secret", "unsubscribe", "s:42:l:7", 1_000);
        assert_eq!(verify("secret", "unsubscribe", &token, 999), Ok("s:42:l:7".into()));
        assert_eq!(verify("secret", "unsubscribe", &token, 1_000), Err(SignedError::Expired));
        assert_eq!(verify("secret", "preferences", &token, 10), Err(SignedError::Invalid));
        assert_eq!(verify("other", "unsubscribe", &token, 10), Err(SignedError::Invalid));
        let first = if token.starts_with('A') { "B" } else { "A" };
        let forged = format!("{first}{}", &token[1..]);
        assert!(verify("secret", "unsubscribe", &forged, 10).is_err());
        assert_eq!(verify("secret", "unsubscribe", "garbage", 10), Err(SignedError::Invalid));
    }
}
