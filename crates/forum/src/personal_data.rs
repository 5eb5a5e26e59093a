//! The forum's part of a person's export (their posts, watches, email mode) and erasure (their
//! marks and settings; their posts' words too when they choose to delete what they wrote,
//! otherwise the posts stay, shown as by "former member").

use rendezvous_platform::auth::LookupFuture;
use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::personal_data::{ContentChoice, Person, PersonalDataSection};
use serde_json::json;

use crate::store::personal;

pub struct Forum {
    pub db: Db,
    pub clock: Clock,
}

impl PersonalDataSection for Forum {
    fn name(&self) -> &'static str {
        "forum"
    }

    fn export<'a>(&'a self, person: &'a Person) -> LookupFuture<'a, serde_json::Value> {
        Box::pin(async move {
            let id = person.id;
            let (threads, spaces, email_mode) = personal::settings_of(&self.db, id).await?;
            Ok(json!({
                "posts": personal::posts_of(&self.db, id).await?,
                "watched_threads": threads,
                "watched_spaces": spaces,
                "email_mode": email_mode,
            }))
        })
    }

    fn erase<'a>(&'a self, person: &'a Person, choice: ContentChoice) -> LookupFuture<'a, ()> {
        Box::pin(async move {
            personal::erase(&self.db, person.id, choice == ContentChoice::Delete, self.clock.now_ms()).await?;
            Ok(())
        })
    }
}
