//! Creating a list: one path, with its checks, for the admin page, the command line, the demo and
//! the members' list.

use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::{Db, is_unique_violation};
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::FieldErrors;

use crate::ids::ListId;
use crate::model::ListSlug;
use crate::store;

/// Longest list name, in either language.
const MAX_NAME_CHARS: usize = 120;

/// A list as someone asked for it, before any check.
pub struct NewListInput<'a> {
    pub slug: &'a str,
    pub name_en: &'a str,
    pub name_fr: &'a str,
    pub description_en: &'a str,
    pub description_fr: &'a str,
    pub public: bool,
    pub default_lang: Lang,
}

#[derive(Debug)]
pub enum ListRefused {
    /// What is wrong, field by field, as message ids (a taken slug included).
    Invalid(FieldErrors),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ListRefused {
    fn from(e: sqlx::Error) -> Self {
        Self::Db(e)
    }
}

/// Why a new list cannot be created, as (field, message id) pairs; empty when it can.
pub fn check(input: &NewListInput<'_>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if let Err(m) = ListSlug::parse(input.slug) {
        errors.add("slug", m);
    }
    // Each name gets its own message, saying which language and whether it is missing or long.
    let names = [
        ("name_en", input.name_en, "list-name-en-missing", "list-name-en-too-long"),
        ("name_fr", input.name_fr, "list-name-fr-missing", "list-name-fr-too-long"),
    ];
    for (field, name, missing, too_long) in names {
        if name.trim().is_empty() {
            errors.add(field, missing);
        } else if name.trim().chars().count() > MAX_NAME_CHARS {
            errors.add(field, too_long);
        }
    }
    errors
}

/// Checks and creates the list; returns its id.
pub async fn create(db: &Db, clock: &Clock, input: &NewListInput<'_>) -> Result<ListId, ListRefused> {
    let errors = check(input);
    if !errors.is_empty() {
        return Err(ListRefused::Invalid(errors));
    }
    let new = store::NewList {
        slug: input.slug.trim(),
        name_en: input.name_en.trim(),
        name_fr: input.name_fr.trim(),
        description_en: input.description_en.trim(),
        description_fr: input.description_fr.trim(),
        is_public: input.public,
        default_lang: input.default_lang.code(),
        now: clock.now_ms(),
    };
    match store::create_list(db, &new).await {
        Ok(id) => Ok(id),
        Err(e) if is_unique_violation(&e) => {
            let mut errors = FieldErrors::default();
            errors.add("slug", "list-slug-taken");
            Err(ListRefused::Invalid(errors))
        }
        Err(e) => Err(e.into()),
    }
}

/// A page of a feature's own settings for the subscribers of one list (the alerts feature's
/// areas), linked from the preference centre beside that list. The feature provides it (see
/// `rendezvous_platform::feature::Provided`); `href` makes a link that needs no login.
pub struct ListSettings {
    pub list_slug: &'static str,
    pub label_id: &'static str,
    pub href: fn(&rendezvous_platform::AppState, crate::ids::SubscriberId) -> String,
}
