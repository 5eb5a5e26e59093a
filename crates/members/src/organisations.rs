//! Organisations: their profile checked from what a form or the API says, edited only by their
//! delegates or an administrator.

use crate::ids::OrganisationId;
use crate::model::DelegateRole;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::is_unique_violation;
use rendezvous_platform::geo::{Country, Province};
use rendezvous_platform::web::FieldErrors;
use rendezvous_platform::{AppState, audit};
use serde::Deserialize;

use crate::model::{self, LANGUAGES, MAX_CITY, MAX_NAME, OrgKind, Service, set_column};
use crate::store::organisations::{self as store, OrganisationFields};

/// An organisation's profile as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrganisationForm {
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub name_fr: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub website: String,
    /// Comma-separated service slugs (the HTML form's checkboxes are joined by the handler).
    #[serde(default)]
    pub services: String,
    #[serde(default)]
    pub languages: String,
    #[serde(default)]
    pub visibility: String,
}

impl OrganisationForm {
    pub fn from_row(row: &store::OrganisationRow) -> Self {
        Self {
            name_en: row.name_en.clone(),
            name_fr: row.name_fr.clone(),
            kind: row.kind.clone(),
            city: row.city.clone(),
            province: row.province.clone().unwrap_or_default(),
            country: row.country.clone(),
            website: row.website.clone(),
            services: row.services().join(","),
            languages: row.languages().join(","),
            visibility: row.visibility.as_str().to_owned(),
        }
    }

    /// Reads the form's fields; services and languages come as one checkbox each
    /// (`service-naloxone=1`, `language-fr=1`) or, from the API, as comma-separated lists.
    pub fn from_map(map: &std::collections::HashMap<String, String>) -> Self {
        let get = |k: &str| map.get(k).cloned().unwrap_or_default();
        let picked = |prefix: &str, all: &[&str]| {
            all.iter().filter(|s| map.contains_key(&format!("{prefix}{s}"))).copied().collect::<Vec<_>>().join(",")
        };
        let services: Vec<&str> = Service::ALL.iter().map(|s| s.as_str()).collect();
        Self {
            name_en: get("name_en"),
            name_fr: get("name_fr"),
            kind: get("kind"),
            city: get("city"),
            province: get("province"),
            country: get("country"),
            website: get("website"),
            services: if map.contains_key("services") { get("services") } else { picked("service-", &services) },
            languages: if map.contains_key("languages") { get("languages") } else { picked("language-", &LANGUAGES) },
            visibility: get("visibility"),
        }
    }

    /// The choices the form offers.
    pub fn kinds(&self) -> &'static [OrgKind] {
        OrgKind::ALL
    }

    pub fn all_services(&self) -> &'static [Service] {
        Service::ALL
    }

    pub fn provinces(&self) -> [Province; 13] {
        Province::ALL
    }

    pub fn province_name(&self, province: &Province, lang: &rendezvous_platform::i18n::Lang) -> &'static str {
        province.name(*lang)
    }

    pub fn all_languages(&self) -> [&'static str; 3] {
        LANGUAGES
    }

    pub fn has_service(&self, slug: &str) -> bool {
        self.services.split(',').any(|s| s.trim() == slug)
    }

    pub fn has_language(&self, code: &str) -> bool {
        self.languages.split(',').any(|s| s.trim() == code)
    }

    /// The checked profile, or what is wrong with it, field by field.
    pub fn parse(&self) -> Result<OrganisationFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name_en = model::required_text(&self.name_en, MAX_NAME).map_err(|m| errors.add("name_en", m)).ok();
        let name_fr = if self.name_fr.trim().is_empty() {
            name_en.clone()
        } else {
            model::required_text(&self.name_fr, MAX_NAME).map_err(|m| errors.add("name_fr", m)).ok()
        };
        let kind = OrgKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "members-error-org-kind");
        }
        let city = model::optional_text(&self.city, MAX_CITY).map_err(|m| errors.add("city", m)).ok();
        let province = match self.province.trim() {
            "" => None,
            p => match Province::parse(p) {
                Some(p) => Some(p.code().to_owned()),
                None => {
                    errors.add("province", "members-error-province");
                    None
                }
            },
        };
        let country = match self.country.trim() {
            "" => Some(Country::canada()),
            c => Country::parse(c),
        };
        if country.is_none() {
            errors.add("country", "members-error-country");
        }
        let website = model::website(&self.website).map_err(|m| errors.add("website", m)).ok();
        let mut services = Vec::new();
        for s in self.services.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match Service::parse(s) {
                Some(service) if !services.contains(&service.as_str()) => services.push(service.as_str()),
                Some(_) => {}
                None => errors.add("services", "members-error-service"),
            }
        }
        let mut languages = Vec::new();
        for l in self.languages.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match LANGUAGES.iter().find(|c| **c == l) {
                Some(code) if !languages.contains(code) => languages.push(*code),
                Some(_) => {}
                None => errors.add("languages", "members-error-language"),
            }
        }
        let visibility = match self.visibility.trim() {
            "" => "hidden",
            "hidden" => "hidden",
            "members" => "members",
            "public" => "public",
            _ => {
                errors.add("visibility", "members-error-visibility");
                "hidden"
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(OrganisationFields {
            name_en: name_en.unwrap_or_default(),
            name_fr: name_fr.unwrap_or_default(),
            kind: kind.map(OrgKind::as_str).unwrap_or("other").to_owned(),
            city: city.unwrap_or_default(),
            province: if country.is_some_and(|c| c.is_canada()) { province } else { None },
            country: country.map(|c| c.code().to_owned()).unwrap_or_else(|| "CA".into()),
            website: website.unwrap_or_default(),
            services: set_column(&services),
            languages: set_column(&languages),
            visibility: visibility.to_owned(),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("invalid fields")]
    Invalid(FieldErrors),
    #[error("not a delegate of this organisation")]
    NotDelegate,
    #[error("no such organisation")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Whether `user` may edit the organisation: one of its delegates, or an administrator.
pub async fn may_edit(
    state: &AppState,
    organisation_id: OrganisationId,
    user: UserId,
    is_admin: bool,
) -> Result<bool, sqlx::Error> {
    Ok(is_admin || store::is_delegate(&state.db, organisation_id, user).await?)
}

/// Saves an organisation's profile: delegates and administrators only; bad input changes nothing.
pub async fn update(
    state: &AppState,
    organisation_id: OrganisationId,
    user: UserId,
    is_admin: bool,
    form: &OrganisationForm,
) -> Result<(), EditError> {
    if !may_edit(state, organisation_id, user, is_admin).await? {
        return Err(EditError::NotDelegate);
    }
    // Names are unique, so a delegate trying a name could learn that a hidden organisation holds
    // it: only an administrator (who sees every organisation) renames one.
    let current = store::by_id(&state.db, organisation_id).await?.ok_or(EditError::NotFound)?;
    let mut form = form.clone();
    if !is_admin {
        form.name_en = current.name_en.clone();
        form.name_fr = current.name_fr.clone();
    }
    let fields = form.parse().map_err(EditError::Invalid)?;
    if store::name_taken(&state.db, &fields.name_en, &fields.name_fr, Some(organisation_id)).await? {
        let mut errors = FieldErrors::default();
        errors.add("name_en", "members-error-org-name-taken");
        return Err(EditError::Invalid(errors));
    }
    match store::update(&state.db, organisation_id, &fields, state.clock.now_ms()).await {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) => {
            let mut errors = FieldErrors::default();
            errors.add("name_en", "members-error-org-name-taken");
            return Err(EditError::Invalid(errors));
        }
        Err(e) => return Err(e.into()),
    }
    audit::record(&state.db, &state.clock, Some(user), "organisation.update", None, &format!("org {organisation_id}"))
        .await?;
    Ok(())
}

/// Whether `user` may manage the organisation's delegates: its primary contact, or an administrator.
pub async fn may_manage_delegates(
    state: &AppState,
    organisation_id: OrganisationId,
    user: UserId,
    is_admin: bool,
) -> Result<bool, sqlx::Error> {
    if is_admin {
        return Ok(true);
    }
    let delegates = store::delegates(&state.db, organisation_id).await?;
    Ok(delegates.iter().any(|d| d.user_id == user && d.role == DelegateRole::Primary))
}

/// The primary contact (or an administrator) removes a delegate; audited. Delegates are added
/// only by accepting an invitation (see [`crate::invitations`]).
pub async fn remove_delegate(
    state: &AppState,
    organisation_id: OrganisationId,
    actor: UserId,
    is_admin: bool,
    user_id: UserId,
) -> Result<(), EditError> {
    store::by_id(&state.db, organisation_id).await?.ok_or(EditError::NotFound)?;
    if !may_manage_delegates(state, organisation_id, actor, is_admin).await? {
        return Err(EditError::NotDelegate);
    }
    store::remove_delegate(&state.db, organisation_id, user_id).await?;
    audit::record(
        &state.db,
        &state.clock,
        Some(actor),
        "organisation.delegate_remove",
        Some(user_id),
        &format!("org {organisation_id}"),
    )
    .await?;
    Ok(())
}
