//! Password hashing with Argon2id (the crate's defaults: 19 MiB, 2 passes), off the async threads.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rendezvous_platform::BoxError;

pub async fn hash(password: &str) -> Result<String, BoxError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string().into())
    })
    .await?
}

/// True if `password` matches `hash`. A malformed hash is simply no match.
pub async fn verify(password: &str, hash: &str) -> Result<bool, BoxError> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    Ok(tokio::task::spawn_blocking(move || {
        Argon2::default().verify_password(password.as_bytes(), hash.as_str()).is_ok()
    })
    .await?)
}

/// Spends the time of a real verification when there is no account, so the answer's timing
/// does not tell whether an address has one.
pub async fn verify_dummy(password: &str) -> Result<(), BoxError> {
    const DUMMY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Yl8ttYBAaQXxr5aRGEHbcmIM0lNaD6VdHMyZKXZeAOE";
    verify(password, DUMMY).await.map(|_| ())
}
