//! Admin: segments. The form counts who a filter reaches before it is saved ("Count"), and a
//! saved segment's page shows its count as of now.

use crate::CommsUser;
use crate::ids::{ListId, SegmentId};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::geo::{Country, Province};
use rendezvous_platform::web::{AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status};
use rendezvous_platform::{AppState, audit};

use crate::model::ConsentKind;
use crate::segment::{self, SegmentFilter, SegmentRow};
use crate::store::{self, ListRow};

#[derive(askama::Template)]
#[template(path = "admin/segments.html")]
struct SegmentsPage {
    ctx: PageContext,
    segments: Vec<(SegmentRow, i64)>,
    lists: Vec<ListRow>,
    provinces: Vec<Province>,
    kinds: Vec<ConsentKind>,
    errors: FieldErrors,
    name: String,
    filter: SegmentFilter,
    countries: String,
    tags: String,
    expiring: String,
    since: String,
    preview: Option<i64>,
}

async fn page(
    state: &AppState,
    ctx: PageContext,
    draft: Draft,
    errors: FieldErrors,
    preview: Option<i64>,
) -> Result<SegmentsPage, AppError> {
    let now = state.clock.now_ms();
    let mut segments = Vec::new();
    for s in segment::all(&state.db).await? {
        let count = s.filter().count(&state.db, now).await?;
        segments.push((s, count));
    }
    Ok(SegmentsPage {
        ctx,
        segments,
        lists: store::all_lists(&state.db).await?,
        provinces: Province::ALL.to_vec(),
        kinds: ConsentKind::ALL.to_vec(),
        errors,
        name: draft.name,
        filter: draft.filter,
        countries: draft.countries,
        tags: draft.tags,
        expiring: draft.expiring,
        since: draft.since,
        preview,
    })
}

pub async fn index(State(state): State<AppState>, _: CommsUser, ctx: PageContext) -> Result<Response, AppError> {
    render(&page(&state, ctx, Draft::default(), FieldErrors::default(), None).await?)
}

/// What the form said, kept to show it again.
#[derive(Default)]
struct Draft {
    name: String,
    filter: SegmentFilter,
    countries: String,
    tags: String,
    expiring: String,
    since: String,
    save: bool,
}

fn parse_form(form: &[(String, String)], errors: &mut FieldErrors) -> Draft {
    let mut d = Draft::default();
    for (key, value) in form {
        let value = value.trim();
        match key.as_str() {
            "name" => d.name = value.to_owned(),
            "list" => d.filter.lists.extend(value.parse::<ListId>().ok()),
            "lang" => d.filter.langs.push(value.to_owned()),
            "province" => d.filter.provinces.extend(Province::parse(value).map(|p| p.code().to_owned())),
            "consent_kind" => d.filter.consent_kinds.extend(ConsentKind::parse(value).map(|k| k.as_str().to_owned())),
            "countries" => d.countries = value.to_owned(),
            "tags" => d.tags = value.to_owned(),
            "expiring_within_days" => d.expiring = value.to_owned(),
            "subscribed_since" => d.since = value.to_owned(),
            "action" => d.save = value == "save",
            _ => {}
        }
    }
    for country in d.countries.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        match Country::parse(country) {
            Some(c) => d.filter.countries.push(c.code().to_owned()),
            None => errors.add("countries", "country-unknown"),
        }
    }
    d.filter.tags = d.tags.split(',').map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
    if !d.expiring.is_empty() {
        match d.expiring.parse::<i64>() {
            Ok(days) if (0..=3650).contains(&days) => d.filter.expiring_within_days = Some(days),
            _ => errors.add("expiring_within_days", "segment-days-invalid"),
        }
    }
    if !d.since.is_empty() {
        match crate::model::parse_date(&d.since) {
            Some(ms) => d.filter.subscribed_since_ms = Some(ms),
            None => errors.add("subscribed_since", "segment-date-invalid"),
        }
    }
    if d.filter.lists.is_empty() {
        errors.add("lists", "segment-lists-missing");
    }
    d
}

pub async fn create(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    ctx: PageContext,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    let draft = parse_form(&form, &mut errors);
    if draft.save && draft.name.trim().is_empty() {
        errors.add("name", "segment-name-missing");
    } else if draft.save && draft.name.chars().count() > 120 {
        errors.add("name", "segment-name-too-long");
    }
    if !errors.is_empty() {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, ctx, draft, errors, None).await?);
    }
    if !draft.save {
        let count = draft.filter.count(&state.db, state.clock.now_ms()).await?;
        return render(&page(&state, ctx, draft, errors, Some(count)).await?);
    }
    let id = segment::save(&state.db, &draft.name, &draft.filter, Some(user.id.0), state.clock.now_ms()).await?;
    audit::record(&state.db, &state.clock, Some(user.id), "segment.create", None, &format!("segment {id}")).await?;
    Ok(redirect_with_flash(&format!("/admin/segments/{id}"), "segment-saved"))
}

#[derive(askama::Template)]
#[template(path = "admin/segment.html")]
struct SegmentPage {
    ctx: PageContext,
    segment: SegmentRow,
    filter: SegmentFilter,
    list_names: Vec<String>,
    count: i64,
}

pub async fn show(
    State(state): State<AppState>,
    _: CommsUser,
    ctx: PageContext,
    Path(id): Path<SegmentId>,
) -> Result<Response, AppError> {
    let segment = segment::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let filter = segment.filter();
    let count = filter.count(&state.db, state.clock.now_ms()).await?;
    let lists = store::all_lists(&state.db).await?;
    let list_names =
        lists.iter().filter(|l| filter.lists.contains(&l.id)).map(|l| l.name(ctx.lang).to_owned()).collect();
    render(&SegmentPage { ctx, segment, filter, list_names, count })
}
