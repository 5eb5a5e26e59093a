//! The newsletter's part of a person's export (their subscriptions and consent ledger) and of
//! their erasure (the subscriber row and everything hanging off it; the address stays suppressed
//! through the account's hashed tombstone).

use rendezvous_platform::auth::LookupFuture;
use rendezvous_platform::db::Db;
use rendezvous_platform::personal_data::{ContentChoice, Person, PersonalDataSection};
use serde_json::json;

use crate::store;

pub struct Subscriptions {
    pub db: Db,
}

impl PersonalDataSection for Subscriptions {
    fn name(&self) -> &'static str {
        "mailing_lists"
    }

    fn export<'a>(&'a self, person: &'a Person) -> LookupFuture<'a, serde_json::Value> {
        Box::pin(async move {
            let Some(subscriber) = store::subscriber_by_email(&self.db, &person.email.to_lowercase()).await? else {
                return Ok(json!(null));
            };
            let subscriptions = store::subscriptions_of(&self.db, subscriber.id).await?;
            let ledger = store::events_of_subscriber(&self.db, subscriber.id).await?;
            let bounces = store::bounces_of(&self.db, subscriber.id).await?;
            Ok(
                json!({ "subscriber": subscriber, "subscriptions": subscriptions, "consent_ledger": ledger, "bounces": bounces }),
            )
        })
    }

    fn erase<'a>(&'a self, person: &'a Person, _: ContentChoice) -> LookupFuture<'a, ()> {
        Box::pin(async move {
            crate::store::delete_subscriber(&self.db, &person.email.to_lowercase()).await?;
            Ok(())
        })
    }
}
