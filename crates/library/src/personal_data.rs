//! A person's submissions and comments in their export, and erased with their account.

use std::sync::Arc;

use rendezvous_platform::auth::LookupFuture;
use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::personal_data::{ContentChoice, Person, PersonalDataSection};
use serde_json::json;

use crate::store::submissions as store;

pub struct Submissions {
    db: Db,
}

pub fn section(db: &Db, _clock: &Clock) -> Arc<dyn PersonalDataSection> {
    Arc::new(Submissions { db: db.clone() })
}

impl PersonalDataSection for Submissions {
    fn name(&self) -> &'static str {
        "library_submissions"
    }

    fn export<'a>(&'a self, person: &'a Person) -> LookupFuture<'a, serde_json::Value> {
        Box::pin(async move {
            let rows = store::of_person(&self.db, person.id, &person.email.trim().to_lowercase()).await?;
            Ok(json!(rows
                .iter()
                .map(|r| json!({"kind": r.kind, "state": r.state, "fields": r.field_map(), "shown_name": r.shown_name, "submitted_at": r.created_at}))
                .collect::<Vec<_>>()))
        })
    }

    fn erase<'a>(&'a self, person: &'a Person, _choice: ContentChoice) -> LookupFuture<'a, ()> {
        Box::pin(async move {
            store::erase_person(&self.db, person.id, &person.email.trim().to_lowercase()).await?;
            Ok(())
        })
    }
}
