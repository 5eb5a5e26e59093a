//! The members' part of a person's export and erasure: their profile, memberships and
//! applications, delegations and groups. An organisation's own membership stays when one of its
//! delegates leaves.

use rendezvous_platform::auth::LookupFuture;
use rendezvous_platform::db::Db;
use rendezvous_platform::personal_data::{ContentChoice, Person, PersonalDataSection};
use serde_json::json;

use crate::store::{groups, invitations, memberships, organisations, profiles};

pub struct Members {
    pub db: Db,
}

impl PersonalDataSection for Members {
    fn name(&self) -> &'static str {
        "members"
    }

    fn export<'a>(&'a self, person: &'a Person) -> LookupFuture<'a, serde_json::Value> {
        Box::pin(async move {
            let id = person.id;
            Ok(json!({
                "profile": profiles::by_user(&self.db, id).await?,
                "memberships": memberships::exported(&self.db, id).await?,
                "organisations": organisations::of_delegate(&self.db, id).await?,
                "groups": groups::of_user(&self.db, id).await?,
            }))
        })
    }

    fn erase<'a>(&'a self, person: &'a Person, _choice: ContentChoice) -> LookupFuture<'a, ()> {
        Box::pin(async move {
            let id = person.id;
            profiles::erase(&self.db, id).await?;
            memberships::erase_person(&self.db, id).await?;
            organisations::erase_delegate(&self.db, id).await?;
            groups::erase_person(&self.db, id).await?;
            invitations::erase(&self.db, id, &person.email).await?;
            Ok(())
        })
    }
}
