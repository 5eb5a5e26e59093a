//! The rules of subscribing and leaving, each change recorded in the consent ledger in the same
//! transaction: subscribe with stated consent (admin, API, import, membership), double opt-in
//! (request, then confirm), unsubscribe (suppressed at once for that list).

use rendezvous_platform::auth::UserId;
use rendezvous_platform::clock::Clock;
use rendezvous_platform::crypto::email_tombstone_hash;
use rendezvous_platform::db::Db;
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::geo::{Country, Province};
use rendezvous_platform::i18n::Lang;

use crate::ids::{ListId, SubscriberId};
use crate::model::{ConsentKind, FORM_WORDING_VERSION, Source, Status, tags_column};
use crate::store::{self, Consent, Event, NewSubscriber};

/// Who a subscriber is, as far as a form, an admin or an import says.
#[derive(Debug, Clone)]
pub struct Person {
    pub email: EmailAddress,
    pub name: Option<String>,
    pub lang: Lang,
    pub country: Option<Country>,
    pub province: Option<Province>,
    pub region: Option<String>,
    pub tags: Vec<String>,
}

impl Person {
    pub fn new(email: EmailAddress, lang: Lang) -> Self {
        Self { email, name: None, lang, country: None, province: None, region: None, tags: Vec::new() }
    }
}

/// The consent a subscription rests on, as stated by whoever adds it.
#[derive(Debug, Clone)]
pub struct StatedConsent {
    pub kind: ConsentKind,
    pub source: Source,
    pub evidence: String,
    /// When the relationship or consent began (implied consent runs two years from it).
    pub since_ms: i64,
    pub actor_id: Option<UserId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Subscribed,
    AlreadySubscribed,
    /// Unsubscribed, bounced, complained or erased: only the person can come back.
    Suppressed,
}

#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    #[error("evidence of consent is required")]
    EvidenceMissing,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

fn new_subscriber<'a>(person: &'a Person, email_norm: &'a str, tags: &'a str, now: i64) -> NewSubscriber<'a> {
    NewSubscriber {
        email: person.email.as_str(),
        email_norm,
        name: person.name.as_deref(),
        lang: person.lang.code(),
        country: person.country.as_ref().map(|c| c.code()),
        province: person.province.map(|p| p.code()),
        region: person.region.as_deref(),
        tags,
        now,
    }
}

/// Adds a person to a list on consent stated by someone else (admin, API, membership). A suppressed
/// address is refused; the person can still come back through the double opt-in form.
pub async fn subscribe(
    db: &Db,
    clock: &Clock,
    list_id: ListId,
    person: &Person,
    consent: &StatedConsent,
) -> Result<Outcome, SubscribeError> {
    if rendezvous_platform::validate::evidence(&consent.evidence).is_none() {
        return Err(SubscribeError::EvidenceMissing);
    }
    let now = clock.now_ms();
    let email_norm = person.email.normalized();
    let mut tx = db.begin_write().await?;
    if store::is_suppressed(&mut tx, &email_tombstone_hash(db.hash_key(), &email_norm), list_id).await? {
        return Ok(Outcome::Suppressed);
    }
    let tags = tags_column(&person.tags);
    let subscriber_id = store::upsert_subscriber(&mut tx, &new_subscriber(person, &email_norm, &tags, now)).await?;
    let current = store::subscription(&mut tx, list_id, subscriber_id).await?;
    let already = current.as_ref().is_some_and(|s| s.status == Status::Subscribed);
    let kind = consent.kind.as_str();
    let stated = Consent { kind, at: consent.since_ms, expires_at: consent.kind.expires_at(consent.since_ms) };
    // Re-stating consent for someone already subscribed renews it, never downgrading express
    // consent nor shortening an expiry; an address that left meanwhile is not brought back.
    if !store::state_consent(&mut tx, list_id, subscriber_id, &stated, now).await? {
        tx.rollback().await?;
        return Ok(Outcome::Suppressed);
    }
    let event = Event {
        subscriber_id,
        list_id: Some(list_id),
        action: if already { "renewed" } else { "subscribed" },
        kind: Some(kind),
        source: consent.source.as_str(),
        evidence: consent.evidence.trim(),
        wording_version: None,
        actor_id: consent.actor_id,
        at: now,
    };
    store::insert_event(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(if already { Outcome::AlreadySubscribed } else { Outcome::Subscribed })
}

/// The first half of double opt-in: records the request and returns the subscriber's id, or None
/// when the person is already subscribed (nothing to confirm).
pub async fn request(
    db: &Db,
    clock: &Clock,
    list_id: ListId,
    person: &Person,
) -> Result<Option<SubscriberId>, sqlx::Error> {
    let now = clock.now_ms();
    let email_norm = person.email.normalized();
    let tags = tags_column(&person.tags);
    let mut tx = db.begin_write().await?;
    let subscriber_id = store::upsert_subscriber(&mut tx, &new_subscriber(person, &email_norm, &tags, now)).await?;
    let current = store::subscription(&mut tx, list_id, subscriber_id).await?;
    if current.as_ref().is_some_and(|s| s.status == Status::Subscribed) {
        tx.rollback().await?;
        return Ok(None);
    }
    if current.is_none() {
        store::set_subscription(&mut tx, list_id, subscriber_id, Status::Unconfirmed, None, now).await?;
    }
    let event = Event {
        subscriber_id,
        list_id: Some(list_id),
        action: "requested",
        kind: Some(ConsentKind::ExpressForm.as_str()),
        source: Source::Form.as_str(),
        evidence: "",
        wording_version: Some(FORM_WORDING_VERSION),
        actor_id: None,
        at: now,
    };
    store::insert_event(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(subscriber_id))
}

/// The second half of double opt-in, or a subscription by the person themselves (preference
/// centre, account page): express consent, and their own suppressions lifted.
pub async fn confirm(
    db: &Db,
    clock: &Clock,
    list_id: ListId,
    subscriber_id: SubscriberId,
    source: Source,
) -> Result<Outcome, sqlx::Error> {
    let now = clock.now_ms();
    let Some(subscriber) = store::subscriber_by_id(db, subscriber_id).await? else { return Ok(Outcome::Suppressed) };
    let mut tx = db.begin_write().await?;
    let current = store::subscription(&mut tx, list_id, subscriber_id).await?;
    if current.as_ref().is_some_and(|s| s.status == Status::Subscribed) {
        tx.rollback().await?;
        return Ok(Outcome::AlreadySubscribed);
    }
    store::lift_suppressions(&mut tx, &email_tombstone_hash(db.hash_key(), &subscriber.email), list_id).await?;
    let kind = ConsentKind::ExpressForm.as_str();
    let consent = Consent { kind, at: now, expires_at: None };
    store::set_subscription(&mut tx, list_id, subscriber_id, Status::Subscribed, Some(&consent), now).await?;
    let event = Event {
        subscriber_id,
        list_id: Some(list_id),
        action: "subscribed",
        kind: Some(kind),
        source: source.as_str(),
        evidence: "",
        wording_version: Some(FORM_WORDING_VERSION),
        actor_id: None,
        at: now,
    };
    store::insert_event(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Outcome::Subscribed)
}

/// Ends a subscription at once and suppresses the address for that list. Returns false when there
/// was nothing to end.
pub async fn unsubscribe(
    db: &Db,
    clock: &Clock,
    list_id: ListId,
    subscriber_id: SubscriberId,
    source: Source,
    actor_id: Option<UserId>,
) -> Result<bool, sqlx::Error> {
    end(db, clock, list_id, subscriber_id, Status::Unsubscribed, source, actor_id).await
}

/// Ends a subscription with a status (unsubscribed, bounced, complained) and suppresses the
/// address: for that list, or for every list when bounced or complained.
pub async fn end(
    db: &Db,
    clock: &Clock,
    list_id: ListId,
    subscriber_id: SubscriberId,
    status: Status,
    source: Source,
    actor_id: Option<UserId>,
) -> Result<bool, sqlx::Error> {
    let now = clock.now_ms();
    let Some(subscriber) = store::subscriber_by_id(db, subscriber_id).await? else { return Ok(false) };
    let mut tx = db.begin_write().await?;
    let current = store::subscription(&mut tx, list_id, subscriber_id).await?;
    let Some(current) = current.filter(|s| s.status == Status::Subscribed || s.status == Status::Unconfirmed) else {
        tx.rollback().await?;
        return Ok(false);
    };
    let _ = current;
    store::set_subscription(&mut tx, list_id, subscriber_id, status, None, now).await?;
    let scope = if status == Status::Unsubscribed { list_id } else { ListId::EVERY_LIST };
    store::add_suppression(
        &mut tx,
        &email_tombstone_hash(db.hash_key(), &subscriber.email),
        scope,
        status.as_str(),
        now,
    )
    .await?;
    let event = Event {
        subscriber_id,
        list_id: Some(list_id),
        action: status.as_str(),
        kind: None,
        source: source.as_str(),
        evidence: "",
        wording_version: None,
        actor_id,
        at: now,
    };
    store::insert_event(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(true)
}

/// Suppresses an address on every list (bounced, complained), whatever its subscriptions.
pub async fn suppress_everywhere(db: &Db, clock: &Clock, email: &str, status: Status) -> Result<(), sqlx::Error> {
    let mut conn = db.pool.acquire().await?;
    store::add_suppression(
        &mut conn,
        &email_tombstone_hash(db.hash_key(), email),
        ListId::EVERY_LIST,
        status.as_str(),
        clock.now_ms(),
    )
    .await
}

/// Double opt-in for a list whose form another feature shows (the alerts feature's, which also
/// asks for areas): records the request and mails the confirmation link. Returns the subscriber
/// when a confirmation was sent; None when the person is already subscribed (then nothing is sent
/// and nothing changes, so the form cannot tell who is on the list).
pub async fn request_by_mail(
    state: &rendezvous_platform::AppState,
    list: &crate::store::ListRow,
    person: &Person,
) -> Result<Option<SubscriberId>, rendezvous_platform::BoxError> {
    let Some(subscriber_id) = request(&state.db, &state.clock, list.id, person).await? else { return Ok(None) };
    let link = crate::links::confirm_url(state, subscriber_id, list.id);
    let (email, name) = (person.email.as_str(), person.name.as_deref());
    crate::mails::send_confirmation(state, email, name, person.lang, list, &link).await?;
    Ok(Some(subscriber_id))
}
