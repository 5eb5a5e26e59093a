//! The rest of the newsletter's API, for integrations (administrators and the communications
//! role): lists (all, create), subscribers (search, one with their lists, their consent history),
//! segments (all, how many they reach), campaigns (create a draft, schedule, send). Paged answers
//! carry `total`, `page` and a `next` link. A private list's members (the alerts list) are seen by
//! administrators only, as on the pages.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::api::{FieldProblems, Refused};
use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::AppError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::api::require_comms;
use crate::campaigns::{self, CampaignError, NewCampaign, lifecycle};
use crate::ids::{CampaignId, ListId, SegmentId, SubscriberId};
use crate::lists::{self, ListRefused, NewListInput};
use crate::store::{self, ListRow};

fn is_admin(user: &AuthUser) -> bool {
    user.can_use(Role::ADMIN)
}

/// A list, as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct ListInfo {
    id: ListId,
    slug: String,
    name_en: String,
    name_fr: String,
    public: bool,
    default_lang: String,
}

impl From<&ListRow> for ListInfo {
    fn from(l: &ListRow) -> Self {
        Self {
            id: l.id,
            slug: l.slug.clone(),
            name_en: l.name_en.clone(),
            name_fr: l.name_fr.clone(),
            public: l.public(),
            default_lang: l.default_lang.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Lists {
    lists: Vec<ListInfo>,
}

/// Every list.
#[utoipa::path(get, path = "/api/v1/lists", security(("bearer" = [])),
    responses((status = 200, description = "Lists", body = Lists)))]
pub async fn all_lists(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Lists>, AppError> {
    require_comms(&user)?;
    let lists = store::all_lists(&state.db).await?.iter().map(ListInfo::from).collect();
    Ok(Json(Lists { lists }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewList {
    slug: String,
    name_en: String,
    name_fr: String,
    #[serde(default)]
    description_en: String,
    #[serde(default)]
    description_fr: String,
    #[serde(default)]
    public: bool,
    /// en or fr (en when absent).
    default_lang: Option<String>,
}

/// Creates a list.
#[utoipa::path(post, path = "/api/v1/lists", security(("bearer" = [])), request_body = NewList,
    responses(
        (status = 201, description = "Created", body = ListInfo),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn create_list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<NewList>,
) -> Result<Response, AppError> {
    require_comms(&user)?;
    let input = NewListInput {
        slug: body.slug.trim(),
        name_en: body.name_en.trim(),
        name_fr: body.name_fr.trim(),
        description_en: body.description_en.trim(),
        description_fr: body.description_fr.trim(),
        public: body.public,
        default_lang: body.default_lang.as_deref().and_then(Lang::parse).unwrap_or_default(),
    };
    match lists::create(&state.db, &state.clock, &input).await {
        Ok(id) => {
            let list = store::list_by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
            Ok((StatusCode::CREATED, Json(ListInfo::from(&list))).into_response())
        }
        Err(ListRefused::Invalid(errors)) => Ok(FieldProblems::response(&state, user.lang, &errors.items())),
        Err(ListRefused::Db(e)) => Err(e.into()),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Part of an address or a name.
    #[serde(default)]
    q: String,
    /// From 1.
    page: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct SubscriberInfo {
    id: SubscriberId,
    email: String,
    name: Option<String>,
    lang: String,
    country: Option<String>,
    province: Option<String>,
}

impl From<store::SubscriberRow> for SubscriberInfo {
    fn from(s: store::SubscriberRow) -> Self {
        Self { id: s.id, email: s.email, name: s.name, lang: s.lang, country: s.country, province: s.province }
    }
}

/// A page of subscribers.
#[derive(Serialize, ToSchema)]
pub struct SubscriberPage {
    subscribers: Vec<SubscriberInfo>,
    total: i64,
    page: i64,
    /// The next page's URL, when there is one.
    next: Option<String>,
}

const PER_PAGE: i64 = 100;

/// Finds subscribers by address or name.
#[utoipa::path(get, path = "/api/v1/subscribers", security(("bearer" = [])), params(SearchQuery),
    responses((status = 200, description = "A page of subscribers", body = SubscriberPage)))]
pub async fn search_subscribers(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<SearchQuery>,
) -> Result<Json<SubscriberPage>, AppError> {
    require_comms(&user)?;
    let page = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let (rows, total) =
        store::search_subscribers(&state.db, &q.q, is_admin(&user), PER_PAGE, (page - 1) * PER_PAGE).await?;
    let next = (page * PER_PAGE < total).then(|| {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &q.q)
            .append_pair("page", &(page + 1).to_string())
            .finish();
        format!("{}/api/v1/subscribers?{query}", state.base_url)
    });
    Ok(Json(SubscriberPage { subscribers: rows.into_iter().map(SubscriberInfo::from).collect(), total, page, next }))
}

#[derive(Serialize, ToSchema)]
pub struct Subscription {
    list: String,
    status: String,
    consent_kind: Option<String>,
    consent_expires_at: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct SubscriberDetail {
    subscriber: SubscriberInfo,
    subscriptions: Vec<Subscription>,
}

/// The subscriber and the lists they may be seen on (not found when only on a private list, to
/// anyone but an administrator).
async fn visible_subscriber(
    state: &AppState,
    user: &AuthUser,
    email: &str,
) -> Result<(store::SubscriberRow, Vec<(store::SubscriptionRow, ListRow)>), AppError> {
    let subscriber =
        store::subscriber_by_email(&state.db, &email.trim().to_lowercase()).await?.ok_or(AppError::NotFound)?;
    let lists = store::all_lists(&state.db).await?;
    let all: Vec<_> = store::subscriptions_of(&state.db, subscriber.id)
        .await?
        .into_iter()
        .filter_map(|s| lists.iter().find(|l| l.id == s.list_id).cloned().map(|l| (s, l)))
        .collect();
    let had_any = !all.is_empty();
    let shown: Vec<_> = all.into_iter().filter(|(_, l)| l.members_visible_to(user)).collect();
    if had_any && shown.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok((subscriber, shown))
}

/// One subscriber and their lists.
#[utoipa::path(get, path = "/api/v1/subscribers/{email}", security(("bearer" = [])),
    params(("email" = String, Path, description = "The address")),
    responses((status = 200, description = "The subscriber", body = SubscriberDetail), (status = 404, description = "Unknown address")))]
pub async fn subscriber(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(email): Path<String>,
) -> Result<Json<SubscriberDetail>, AppError> {
    require_comms(&user)?;
    let (subscriber, subscriptions) = visible_subscriber(&state, &user, &email).await?;
    let subscriptions = subscriptions
        .into_iter()
        .map(|(s, l)| Subscription {
            list: l.slug,
            status: s.status.as_str().to_owned(),
            consent_kind: s.consent_kind,
            consent_expires_at: s.consent_expires_at,
        })
        .collect();
    Ok(Json(SubscriberDetail { subscriber: subscriber.into(), subscriptions }))
}

#[derive(Serialize, ToSchema)]
pub struct ConsentEntry {
    list: Option<String>,
    action: String,
    kind: Option<String>,
    source: String,
    evidence: String,
    at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ConsentHistory {
    events: Vec<ConsentEntry>,
}

/// A subscriber's consent history (the ledger), oldest first.
#[utoipa::path(get, path = "/api/v1/subscribers/{email}/consent", security(("bearer" = [])),
    params(("email" = String, Path, description = "The address")),
    responses((status = 200, description = "The ledger", body = ConsentHistory), (status = 404, description = "Unknown address")))]
pub async fn consent_history(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(email): Path<String>,
) -> Result<Json<ConsentHistory>, AppError> {
    require_comms(&user)?;
    let (subscriber, shown) = visible_subscriber(&state, &user, &email).await?;
    let visible: Vec<String> = shown.iter().map(|(_, l)| l.slug.clone()).collect();
    let events = store::events_of_subscriber(&state.db, subscriber.id)
        .await?
        .into_iter()
        .filter(|e| e.list_slug.as_ref().is_none_or(|slug| visible.contains(slug) || is_admin(&user)))
        .map(|e| ConsentEntry {
            list: e.list_slug,
            action: e.action,
            kind: e.kind,
            source: e.source,
            evidence: e.evidence,
            at: e.created_at,
        })
        .collect();
    Ok(Json(ConsentHistory { events }))
}

#[derive(Serialize, ToSchema)]
pub struct SegmentInfo {
    id: SegmentId,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Segments {
    segments: Vec<SegmentInfo>,
}

/// Every saved segment.
#[utoipa::path(get, path = "/api/v1/segments", security(("bearer" = [])),
    responses((status = 200, description = "Segments", body = Segments)))]
pub async fn segments(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Segments>, AppError> {
    require_comms(&user)?;
    let segments =
        crate::segment::all(&state.db).await?.into_iter().map(|s| SegmentInfo { id: s.id, name: s.name }).collect();
    Ok(Json(Segments { segments }))
}

#[derive(Serialize, ToSchema)]
pub struct SegmentCount {
    id: SegmentId,
    count: i64,
}

/// How many subscribers a segment reaches now.
#[utoipa::path(get, path = "/api/v1/segments/{id}/count", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The segment's id")),
    responses((status = 200, description = "The count", body = SegmentCount), (status = 404, description = "No such segment")))]
pub async fn segment_count(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<SegmentId>,
) -> Result<Json<SegmentCount>, AppError> {
    require_comms(&user)?;
    let segment = crate::segment::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let count = segment.filter().count(&state.db, state.clock.now_ms()).await?;
    Ok(Json(SegmentCount { id, count }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCampaignBody {
    list: String,
    #[serde(default)]
    subject_en: String,
    #[serde(default)]
    body_en: String,
    #[serde(default)]
    subject_fr: String,
    #[serde(default)]
    body_fr: String,
    segment_id: Option<SegmentId>,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignCreated {
    id: CampaignId,
    state: String,
}

/// Writes a campaign draft (Markdown bodies; the list's default language is required).
#[utoipa::path(post, path = "/api/v1/campaigns", security(("bearer" = [])), request_body = NewCampaignBody,
    responses(
        (status = 201, description = "Draft written", body = CampaignCreated),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn create_campaign(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<NewCampaignBody>,
) -> Result<Response, AppError> {
    require_comms(&user)?;
    let new = NewCampaign {
        list_slug: body.list.trim(),
        subject_en: &body.subject_en,
        body_en: &body.body_en,
        subject_fr: &body.subject_fr,
        body_fr: &body.body_fr,
        segment_id: body.segment_id,
        created_by: Some(user.id),
    };
    let problem = match campaigns::create(&state.db, &state.clock, &new).await {
        Ok(id) => {
            return Ok((StatusCode::CREATED, Json(CampaignCreated { id, state: "draft".into() })).into_response());
        }
        Err(CampaignError::NoSuchList) => ("list", "campaign-list-missing"),
        Err(CampaignError::Subject) => ("subject_en", "campaign-subject-invalid"),
        Err(CampaignError::DefaultVersionMissing(_)) => ("body_en", "campaign-default-body-missing"),
        Err(CampaignError::Db(e)) => return Err(e.into()),
        Err(e) => return Err(AppError::internal(e)),
    };
    Ok(FieldProblems::response(&state, user.lang, &[problem]))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleBody {
    /// YYYY-MM-DD, in the site's time zone.
    date: String,
    /// HH:MM.
    time: String,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignQueued {
    id: CampaignId,
    /// How many it goes to.
    recipients: i64,
}

fn lifecycle_refusal(state: &AppState, user: &AuthUser, e: lifecycle::LifecycleError) -> Result<Response, AppError> {
    match e {
        lifecycle::LifecycleError::NoSuchCampaign => Err(AppError::NotFound),
        lifecycle::LifecycleError::WrongState(_) => {
            Ok(Refused::response(state, user.lang, StatusCode::CONFLICT, "campaign-wrong-state"))
        }
        lifecycle::LifecycleError::Schedule(s) => {
            Ok(FieldProblems::response(state, user.lang, &[(s.field(), s.message_id())]))
        }
        other => Err(AppError::internal(other.to_string())),
    }
}

/// Schedules a draft for a date and time in the site's time zone.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/schedule", security(("bearer" = [])), request_body = ScheduleBody,
    params(("id" = i64, Path, description = "The campaign's id")),
    responses(
        (status = 200, description = "Scheduled", body = CampaignQueued),
        (status = 404, description = "No such campaign"),
        (status = 409, description = "Not a draft"),
        (status = 422, description = "Bad date or time", body = FieldProblems),
    ))]
pub async fn schedule_campaign(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<CampaignId>,
    Json(body): Json<ScheduleBody>,
) -> Result<Response, AppError> {
    require_comms(&user)?;
    match lifecycle::schedule(&state, id, &body.date, &body.time).await {
        Ok(recipients) => Ok(Json(CampaignQueued { id, recipients }).into_response()),
        Err(e) => lifecycle_refusal(&state, &user, e),
    }
}

/// Sends a draft now.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/send", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign's id")),
    responses(
        (status = 200, description = "Sending", body = CampaignQueued),
        (status = 404, description = "No such campaign"),
        (status = 409, description = "Not a draft"),
    ))]
pub async fn send_campaign(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    require_comms(&user)?;
    match lifecycle::send_now(&state, id).await {
        Ok(recipients) => Ok(Json(CampaignQueued { id, recipients }).into_response()),
        Err(e) => lifecycle_refusal(&state, &user, e),
    }
}
