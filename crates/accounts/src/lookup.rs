//! platform's view of accounts ([`UserLookup`]).

use std::collections::HashMap;

use rendezvous_platform::auth::{AuthUser, LookupFuture, UserId, UserLookup};
use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Lang;

use crate::store;

pub struct Accounts {
    pub db: Db,
}

impl UserLookup for Accounts {
    fn user_by_id(&self, id: UserId) -> LookupFuture<'_, Option<AuthUser>> {
        Box::pin(async move {
            let Some((row, roles)) = store::user_with_roles(&self.db, id).await? else { return Ok(None) };
            if row.email_verified_at.is_none() {
                return Ok(None);
            }
            Ok(Some(AuthUser {
                id,
                lang: row.lang(),
                two_factor_enabled: row.two_factor_enabled(),
                email: row.email,
                display_name: row.display_name,
                roles,
            }))
        })
    }

    fn display_names<'a>(&'a self, ids: &'a [UserId]) -> LookupFuture<'a, HashMap<UserId, String>> {
        Box::pin(async move {
            let rows = store::display_names(&self.db, ids).await?;
            Ok(rows.into_iter().map(|(id, name)| (UserId(id), name)).collect())
        })
    }

    fn any_admin_exists(&self) -> LookupFuture<'_, bool> {
        Box::pin(async move { Ok(store::any_admin_exists(&self.db).await?) })
    }

    fn set_lang(&self, id: UserId, lang: Lang) -> LookupFuture<'_, ()> {
        Box::pin(async move { Ok(store::set_lang(&self.db, id, lang).await?) })
    }
}
