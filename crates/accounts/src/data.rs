//! A person's own data: the export (everything held about them, as JSON) and the erasure of their
//! account (every feature's part first, then the account; the address kept only as a hashed
//! tombstone).

use rendezvous_platform::auth::UserId;
use rendezvous_platform::crypto::email_tombstone_hash;
use rendezvous_platform::mail::outbox;
use rendezvous_platform::personal_data::{ContentChoice, Person};
use rendezvous_platform::{AppState, BoxError, audit, tombstones};
use serde_json::{Value, json};

use crate::store;

/// Everything held about a person, by section.
pub async fn export(state: &AppState, id: UserId) -> Result<Value, BoxError> {
    let user = store::user_by_id(&state.db, id).await?.ok_or("no such account")?;
    let roles = store::roles_of(&state.db, id).await?;
    let sessions = state.sessions.list_for(id).await?;
    let tokens = store::api_tokens_of(&state.db, id).await?;
    let actions = audit::by_actor(&state.db, id).await?;
    let mut out = json!({
        "exported_at_ms": state.clock.now_ms(),
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "language": user.lang,
            "created_at_ms": user.created_at,
            "email_verified_at_ms": user.email_verified_at,
            "two_factor_enabled": user.totp_enabled_at.is_some(),
            "recovery_codes_left": store::recovery_codes_left(&state.db, id).await?,
            "roles": roles,
        },
        "sessions": sessions.iter().map(|(created, seen)| json!({"started_at_ms": created, "last_seen_at_ms": seen})).collect::<Vec<_>>(),
        "api_tokens": tokens
            .iter()
            .map(|t| json!({
                "label": t.label,
                "scopes": t.scopes,
                "created_at_ms": t.created_at,
                "expires_at_ms": t.expires_at,
                "last_used_on": t.last_used_on,
            }))
            .collect::<Vec<_>>(),
        "admin_actions": actions,
        "stored_about_your_visits": "nothing: no IP address, no user agent, no tracking",
    });
    let person = Person { id, email: user.email.clone() };
    for section in &state.personal_data {
        out[section.name()] = section.export(&person).await?;
    }
    Ok(out)
}

/// Erases the account: each feature's data (as the person chose for their contributions), their
/// sessions, mail kept for them, then the account row with everything hanging off it.
pub async fn erase(state: &AppState, id: UserId, choice: ContentChoice) -> Result<(), BoxError> {
    let user = store::user_by_id(&state.db, id).await?.ok_or("no such account")?;
    let person = Person { id, email: user.email.clone() };
    // The tombstone first: if anything below fails, the address is already kept out of imports.
    tombstones::record(&state.db, &email_tombstone_hash(state.db.hash_key(), &user.email), state.clock.now_ms())
        .await?;
    for section in &state.personal_data {
        section.erase(&person, choice).await?;
    }
    state.sessions.delete_all_for(id).await?;
    outbox::forget_address(&state.db, &user.email).await?;
    store::delete_user(&state.db, id).await?;
    Ok(())
}
