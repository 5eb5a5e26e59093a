//! A person's letters in their export, and erased with their account: the writings kept under
//! their address (until the retention period ends).

use std::sync::Arc;

use rendezvous_platform::auth::LookupFuture;
use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::personal_data::{ContentChoice, Person, PersonalDataSection};
use serde_json::json;

use crate::store::messages as store;

pub struct Letters {
    db: Db,
}

pub fn section(db: &Db, _clock: &Clock) -> Arc<dyn PersonalDataSection> {
    Arc::new(Letters { db: db.clone() })
}

impl PersonalDataSection for Letters {
    fn name(&self) -> &'static str {
        "letters"
    }

    fn export<'a>(&'a self, person: &'a Person) -> LookupFuture<'a, serde_json::Value> {
        Box::pin(async move {
            let email = person.email.trim().to_lowercase();
            let rows = store::writings_of(&self.db, &email).await?;
            let letters: Vec<_> = rows
                .iter()
                .map(|w| {
                    json!({
                        "state": w.state,
                        "name": w.name,
                        "district": w.district,
                        "postal_code": w.postal_code,
                        "address": w.address,
                        "town": w.town,
                        "signing": w.signing,
                        "shown_as": w.shown_as,
                        "subject": w.subject,
                        "body": w.body,
                        "written_at": w.created_at,
                    })
                })
                .collect();
            Ok(json!(letters))
        })
    }

    fn erase<'a>(&'a self, person: &'a Person, _choice: ContentChoice) -> LookupFuture<'a, ()> {
        Box::pin(async move {
            store::erase_writings_of(&self.db, &person.email.trim().to_lowercase()).await?;
            Ok(())
        })
    }
}
