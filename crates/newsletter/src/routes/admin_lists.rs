//! Admin (administrators and the communications role): lists, their subscribers, adding one with
//! stated consent, and the exports (subscribers, proof of consent).

use crate::CommsUser;
use crate::ids::SubscriberId;
use crate::lists::{self, ListRefused, NewListInput};
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::geo::{Country, Province};
use rendezvous_platform::header_text;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::{AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status};
use rendezvous_platform::{AppState, audit};
use serde::Deserialize;

use crate::csv_export;
use crate::model::{ConsentKind, Source, Status};
use crate::store::{self, ListRow, MemberRow};
use crate::subscriptions::{self, Outcome, Person, StatedConsent};

#[derive(askama::Template)]
#[template(path = "admin/lists.html")]
struct ListsPage {
    ctx: PageContext,
    lists: Vec<(ListRow, HashMap<Status, i64>)>,
    errors: FieldErrors,
    form: CreateForm,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CreateForm {
    slug: String,
    name_en: String,
    name_fr: String,
    description_en: String,
    description_fr: String,
    public: Option<String>,
    default_lang: String,
}

async fn lists_with_counts(state: &AppState) -> Result<Vec<(ListRow, HashMap<Status, i64>)>, sqlx::Error> {
    let counts = store::status_counts(&state.db).await?;
    Ok(store::all_lists(&state.db)
        .await?
        .into_iter()
        .map(|l| {
            let by_status = counts.iter().filter(|(id, _, _)| *id == l.id).map(|(_, s, n)| (*s, *n)).collect();
            (l, by_status)
        })
        .collect())
}

pub async fn index(State(state): State<AppState>, _: CommsUser, ctx: PageContext) -> Result<Response, AppError> {
    let lists = lists_with_counts(&state).await?;
    render(&ListsPage { ctx, lists, errors: FieldErrors::default(), form: CreateForm::default() })
}

pub async fn create(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    ctx: PageContext,
    Form(form): Form<CreateForm>,
) -> Result<Response, AppError> {
    let input = NewListInput {
        slug: &form.slug,
        name_en: &form.name_en,
        name_fr: &form.name_fr,
        description_en: &form.description_en,
        description_fr: &form.description_fr,
        public: form.public.is_some(),
        default_lang: Lang::parse(&form.default_lang).unwrap_or_default(),
    };
    let errors = match lists::create(&state.db, &state.clock, &input).await {
        Ok(id) => {
            let slug = form.slug.trim();
            audit::record(&state.db, &state.clock, Some(user.id), "list.create", None, &format!("list {id} {slug}"))
                .await?;
            return Ok(redirect_with_flash(&format!("/admin/lists/{slug}"), "list-created"));
        }
        Err(ListRefused::Invalid(errors)) => errors,
        Err(ListRefused::Db(e)) => return Err(e.into()),
    };
    let lists = lists_with_counts(&state).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &ListsPage { ctx, lists, errors, form })
}

#[derive(askama::Template)]
#[template(path = "admin/list.html")]
struct ListPage {
    ctx: PageContext,
    list: ListRow,
    counts: Vec<(Status, i64)>,
    members: Vec<MemberRow>,
    query: String,
    page: i64,
    has_more: bool,
    errors: FieldErrors,
    add: AddForm,
    kinds: Vec<ConsentKind>,
    /// False on a private list for anyone but an administrator: counts only.
    members_shown: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
}

async fn list_or_404(state: &AppState, slug: &str) -> Result<ListRow, AppError> {
    store::list_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

async fn list_page(
    state: &AppState,
    ctx: PageContext,
    user: &AuthUser,
    list: ListRow,
    q: ListQuery,
    errors: FieldErrors,
    add: AddForm,
) -> Result<ListPage, AppError> {
    // Fifty rows keep a page well under the 50 KB budget with long addresses and names.
    const PER_PAGE: i64 = 50;
    let page = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let members_shown = list.members_visible_to(user);
    let mut members = if members_shown {
        store::list_members(&state.db, list.id, &q.q, PER_PAGE + 1, (page - 1) * PER_PAGE).await?
    } else {
        Vec::new()
    };
    let has_more = members.len() as i64 > PER_PAGE;
    members.truncate(PER_PAGE as usize);
    let all = store::status_counts(&state.db).await?;
    let counts = Status::ALL
        .iter()
        .map(|s| (*s, all.iter().find(|(id, st, _)| *id == list.id && st == s).map_or(0, |c| c.2)))
        .collect();
    let kinds = ConsentKind::ALL.into_iter().filter(|k| *k != ConsentKind::ExpressForm).collect();
    Ok(ListPage { ctx, list, counts, members, query: q.q, page, has_more, errors, add, kinds, members_shown })
}

pub async fn show(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    ctx: PageContext,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let list = list_or_404(&state, &slug).await?;
    render(&list_page(&state, ctx, &user, list, q, FieldErrors::default(), AddForm::default()).await?)
}

#[derive(Deserialize, Default)]
pub struct AddForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    consent: String,
    #[serde(default)]
    evidence: String,
}

/// An admin adds one person on consent they state, with evidence; a suppressed address is refused.
pub async fn add_subscriber(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    ctx: PageContext,
    Path(slug): Path<String>,
    Form(form): Form<AddForm>,
) -> Result<Response, AppError> {
    let list = list_or_404(&state, &slug).await?;
    let mut errors = FieldErrors::default();
    let email = EmailAddress::parse(&form.email).map_err(|m| errors.add("email", m)).ok();
    let country = match form.country.trim() {
        "" => None,
        c => Country::parse(c).or_else(|| {
            errors.add("country", "country-unknown");
            None
        }),
    };
    let province = match form.province.trim() {
        "" => None,
        p => Province::parse(p).or_else(|| {
            errors.add("province", "province-unknown");
            None
        }),
    };
    let kind = ConsentKind::parse_stated(&form.consent).or_else(|| {
        errors.add("consent", "consent-kind-missing");
        None
    });
    if rendezvous_platform::validate::evidence(&form.evidence).is_none() {
        errors.add("evidence", "consent-evidence-missing");
    }
    let name = header_text::clean(&form.name, header_text::NAME_MAX).unwrap_or_else(|e| {
        errors.add("name", e.message_id());
        String::new()
    });
    let (Some(email), Some(kind), true) = (email, kind, errors.is_empty()) else {
        let page = list_page(&state, ctx, &user, list, ListQuery::default(), errors, form).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let lang = Lang::parse(&form.lang).unwrap_or(Lang::parse(&list.default_lang).unwrap_or_default());
    let mut person = Person::new(email, lang);
    person.name = Some(name).filter(|n| !n.is_empty());
    person.country = country.or(province.map(|_| Country::canada()));
    person.province = province;
    let consent = StatedConsent {
        kind,
        source: Source::Admin,
        evidence: form.evidence.trim().to_owned(),
        since_ms: state.clock.now_ms(),
        actor_id: Some(user.id),
    };
    let outcome = subscriptions::subscribe(&state.db, &state.clock, list.id, &person, &consent)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    if outcome == Outcome::Subscribed {
        crate::events::subscribed_address(&state, list.id, person.email.as_str()).await;
    }
    let flash = match outcome {
        Outcome::Subscribed => "subscriber-added",
        Outcome::AlreadySubscribed => "subscriber-renewed",
        Outcome::Suppressed => "subscriber-suppressed",
    };
    Ok(redirect_with_flash(&format!("/admin/lists/{}", list.slug), flash))
}

#[derive(askama::Template)]
#[template(path = "admin/unsubscribe_confirm.html")]
struct UnsubscribeConfirm {
    ctx: PageContext,
    list: ListRow,
    subscriber: store::SubscriberRow,
}

/// Unsubscribing someone is a step of its own, a page with a button, so it needs no JavaScript
/// confirm() and one stray click on the list cannot end a subscription.
pub async fn confirm_unsubscribe(
    State(state): State<AppState>,
    _: CommsUser,
    ctx: PageContext,
    Path((slug, id)): Path<(String, SubscriberId)>,
) -> Result<Response, AppError> {
    let list = list_or_404(&state, &slug).await?;
    let subscribed = store::subscriptions_of(&state.db, id)
        .await?
        .iter()
        .any(|s| s.list_id == list.id && s.status == Status::Subscribed);
    let subscriber = store::subscriber_by_id(&state.db, id).await?.filter(|_| subscribed).ok_or(AppError::NotFound)?;
    render(&UnsubscribeConfirm { ctx, list, subscriber })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UnsubscribeForm {
    confirm: String,
}

pub async fn unsubscribe(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    Path((slug, id)): Path<(String, SubscriberId)>,
    Form(form): Form<UnsubscribeForm>,
) -> Result<Response, AppError> {
    let list = list_or_404(&state, &slug).await?;
    if form.confirm != "yes" {
        let confirm = format!("/admin/lists/{}/subscribers/{id}/unsubscribe", list.slug);
        return Ok(Redirect::to(&confirm).into_response());
    }
    if subscriptions::unsubscribe(&state.db, &state.clock, list.id, id, Source::Admin, Some(user.id)).await? {
        crate::events::unsubscribed(&state, list.id, id).await;
    }
    Ok(redirect_with_flash(&format!("/admin/lists/{}", list.slug), "subscriber-unsubscribed"))
}

fn csv_response(file_name: &str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response()
}

/// What an export of a private list needs: the list's short name, typed by an administrator.
#[derive(Deserialize, Default)]
pub struct ExportForm {
    #[serde(default)]
    name: String,
}

/// A private list's addresses leave only when an administrator names the list.
fn may_export(user: &AuthUser, list: &ListRow, form: &ExportForm) -> Result<(), AppError> {
    if !list.members_visible_to(user) {
        return Err(AppError::Forbidden);
    }
    if list.private_members == 1 && form.name.trim() != list.slug {
        return Err(AppError::BadRequest("admin-list-export-name-wrong"));
    }
    Ok(())
}

/// The list's current subscribers as CSV (the columns an import reads back).
pub async fn export_csv(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    Path(slug): Path<String>,
    Form(form): Form<ExportForm>,
) -> Result<Response, AppError> {
    let list = list_or_404(&state, &slug).await?;
    may_export(&user, &list, &form)?;
    let members = store::list_members_with_status(&state.db, list.id, Status::Subscribed).await?;
    let body = csv_export::subscribers(&members).map_err(AppError::internal)?;
    audit::record(&state.db, &state.clock, Some(user.id), "list.export", None, &format!("list {}", list.id)).await?;
    Ok(csv_response(&format!("{}-subscribers.csv", list.slug), body))
}

/// Proof of consent for a whole list: every ledger entry, as CSV.
pub async fn consent_csv(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    Path(slug): Path<String>,
    Form(form): Form<ExportForm>,
) -> Result<Response, AppError> {
    let list = list_or_404(&state, &slug).await?;
    may_export(&user, &list, &form)?;
    let events = store::events_of_list(&state.db, list.id).await?;
    let body = csv_export::consent(&events).map_err(AppError::internal)?;
    audit::record(&state.db, &state.clock, Some(user.id), "list.consent_export", None, &format!("list {}", list.id))
        .await?;
    Ok(csv_response(&format!("{}-consent.csv", list.slug), body))
}
