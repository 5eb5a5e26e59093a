//! A person's directory profile page: opt in, fill in, and choose who sees each field.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::web::{
    AppError, FieldErrors, Form, PageContext, SignedIn, redirect_with_flash, render, render_status,
};
use rendezvous_platform::{audit, geo::Province};

use crate::model::{LANGUAGES, Visibility, set_from_column};
use crate::profiles::{FIELDS, apply_changes, visibility_of};
use crate::store::catalogue::{self, CategoryRow};
use crate::store::profiles::{self as store, ProfileRow};

#[derive(askama::Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    ctx: PageContext,
    profile: ProfileRow,
    categories: Vec<CategoryRow>,
    errors: FieldErrors,
}

impl ProfilePage {
    fn fields(&self) -> [&'static str; 8] {
        FIELDS
    }

    fn levels(&self) -> &'static [Visibility] {
        Visibility::ALL
    }

    fn level_is(&self, field: &&str, level: &Visibility) -> bool {
        visibility_of(&self.profile, field) == *level
    }

    fn provinces(&self) -> [Province; 13] {
        Province::ALL
    }

    fn province_name(&self, p: &Province) -> &'static str {
        p.name(self.ctx.lang)
    }

    fn languages(&self) -> [&'static str; 3] {
        LANGUAGES
    }

    fn speaks(&self, code: &&str) -> bool {
        set_from_column(&self.profile.languages).iter().any(|l| l == code)
    }

    fn category_slug(&self) -> &str {
        self.profile
            .category_id
            .and_then(|id| self.categories.iter().find(|c| c.id == id))
            .map(|c| c.slug.as_str())
            .unwrap_or_default()
    }

    fn label_of(&self, field: &&str) -> String {
        self.ctx.t(crate::profiles::field_label_id(field))
    }
}

/// A person's profile, or the safe default (unlisted, their account's name) before they save one.
pub async fn current(state: &AppState, user: &AuthUser) -> Result<ProfileRow, sqlx::Error> {
    Ok(store::by_user(&state.db, user.id)
        .await?
        .unwrap_or_else(|| ProfileRow { display_name: user.display_name.clone(), ..ProfileRow::default_for(user.id) }))
}

pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
) -> Result<Response, AppError> {
    let profile = current(&state, &user).await?;
    let categories = catalogue::categories(&state.db).await?;
    render(&ProfilePage { ctx, profile, categories, errors: FieldErrors::default() })
}

/// The HTML form sends every key; unchecked boxes are absent, so they are read as "no".
fn form_input(mut map: HashMap<String, String>) -> HashMap<String, String> {
    for key in ["listed", "reveal_sensitive", "reveal_hidden_groups"] {
        map.entry(key.to_owned()).or_insert_with(|| "0".to_owned());
    }
    let languages: Vec<&str> =
        LANGUAGES.iter().copied().filter(|l| map.contains_key(&format!("language-{l}"))).collect();
    map.insert("languages".to_owned(), languages.join(","));
    map
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let categories = catalogue::categories(&state.db).await?;
    let before = current(&state, &user).await?;
    let input = form_input(map);
    match apply_changes(before.clone(), &input, &categories) {
        Ok(profile) => {
            store::save(&state.db, &profile, state.clock.now_ms()).await?;
            audit::record(&state.db, &state.clock, Some(user.id), "profile.update", Some(user.id), "").await?;
            Ok(redirect_with_flash("/members/profile", "members-profile-saved"))
        }
        Err(errors) => {
            let profile = as_typed(before, &input, &errors, &categories);
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &ProfilePage { ctx, profile, categories, errors })
        }
    }
}

/// The profile as the person submitted it, to show again beside the errors: the good fields as
/// they would be saved, the bad text fields exactly as typed. Nothing of it is saved.
fn as_typed(
    before: ProfileRow,
    input: &HashMap<String, String>,
    errors: &FieldErrors,
    categories: &[CategoryRow],
) -> ProfileRow {
    let good: HashMap<String, String> =
        input.iter().filter(|(k, _)| errors.get(k).is_none()).map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut shown = apply_changes(before.clone(), &good, categories).unwrap_or(before);
    for (key, column) in [
        ("display_name", &mut shown.display_name),
        ("city", &mut shown.city),
        ("bio", &mut shown.bio),
        ("contact_email", &mut shown.contact_email),
    ] {
        if let (Some(typed), Some(_)) = (input.get(key), errors.get(key)) {
            column.clone_from(typed);
        }
    }
    shown
}
