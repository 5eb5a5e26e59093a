//! Admin: campaigns. The list, compose and edit a draft, preview both languages, send a test,
//! then send now (after seeing how many it reaches), schedule, pause, resume or cancel; the
//! campaign's page shows its progress, kept current by a script polling `progress.json`.

use crate::CommsUser;
use crate::ids::{CampaignId, SegmentId};
use crate::model::CampaignState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::{AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status};
use rendezvous_platform::{AppState, audit};
use serde::{Deserialize, Serialize};

use crate::campaigns::drafts::{self, DraftError, DraftInput};
use crate::campaigns::lifecycle::{self, LifecycleError};
use crate::campaigns::pace::{self, LiveProgress};
use crate::campaigns::preview::{self, Rendered};
use crate::campaigns::report::Report;
use crate::campaigns::schedule;
use crate::campaigns::{self, CampaignRow};
use crate::segment::{self, SegmentRow};
use crate::store::{self, ListRow};

fn subject(campaign: &CampaignRow, lang: Lang) -> String {
    let shown = campaign.version(lang).or_else(|| campaign.version(lang.other()));
    shown.map(|(s, _)| s.to_owned()).unwrap_or_default()
}

async fn campaign_and_list(state: &AppState, id: CampaignId) -> Result<(CampaignRow, ListRow), AppError> {
    let campaign = campaigns::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let list = store::list_by_id(&state.db, campaign.list_id).await?.ok_or(AppError::NotFound)?;
    Ok((campaign, list))
}

// ---- the list ----

struct Listed {
    id: CampaignId,
    subject: String,
    list_name: String,
    state_label: &'static str,
    when: String,
}

#[derive(askama::Template)]
#[template(path = "admin/campaigns.html")]
struct CampaignsPage {
    ctx: PageContext,
    campaigns: Vec<Listed>,
}

pub async fn index(State(state): State<AppState>, _: CommsUser, ctx: PageContext) -> Result<Response, AppError> {
    let lists = store::all_lists(&state.db).await?;
    let tz = &state.config.timezone;
    let campaigns = campaigns::all(&state.db)
        .await?
        .into_iter()
        .map(|c| {
            let when = c.finished_at.or(c.started_at).or(c.scheduled_at).unwrap_or(c.created_at);
            Listed {
                id: c.id,
                subject: subject(&c, ctx.lang),
                list_name: lists
                    .iter()
                    .find(|l| l.id == c.list_id)
                    .map(|l| l.name(ctx.lang).to_owned())
                    .unwrap_or_default(),
                state_label: c.state.label_id(),
                when: schedule::format_local(tz, when),
            }
        })
        .collect();
    render(&CampaignsPage { ctx, campaigns })
}

// ---- compose and edit ----

#[derive(askama::Template)]
#[template(path = "admin/campaign_form.html")]
struct ComposePage {
    ctx: PageContext,
    /// None: a new campaign.
    id: Option<CampaignId>,
    lists: Vec<ListRow>,
    segments: Vec<SegmentRow>,
    draft: DraftInput,
    errors: FieldErrors,
}

impl ComposePage {
    fn segment_selected(&self, id: &SegmentId) -> bool {
        self.draft.segment_id == Some(*id)
    }
}

async fn compose(
    state: &AppState,
    ctx: PageContext,
    id: Option<CampaignId>,
    draft: DraftInput,
    errors: FieldErrors,
) -> Result<ComposePage, AppError> {
    let lists = store::all_lists(&state.db).await?;
    let segments = segment::all(&state.db).await?;
    Ok(ComposePage { ctx, id, lists, segments, draft, errors })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ComposeForm {
    list: String,
    segment: String,
    subject_en: String,
    preheader_en: String,
    body_en: String,
    subject_fr: String,
    preheader_fr: String,
    body_fr: String,
}

impl ComposeForm {
    fn into_draft(self, errors: &mut FieldErrors) -> DraftInput {
        let segment = self.segment.trim();
        let segment_id = if segment.is_empty() {
            None
        } else {
            let parsed = segment.parse().ok();
            if parsed.is_none() {
                errors.add("segment", "campaign-segment-missing");
            }
            parsed
        };
        DraftInput {
            list_slug: self.list,
            segment_id,
            subject_en: self.subject_en,
            preheader_en: self.preheader_en,
            body_en: self.body_en,
            subject_fr: self.subject_fr,
            preheader_fr: self.preheader_fr,
            body_fr: self.body_fr,
        }
    }
}

pub async fn new_form(State(state): State<AppState>, _: CommsUser, ctx: PageContext) -> Result<Response, AppError> {
    render(&compose(&state, ctx, None, DraftInput::default(), FieldErrors::default()).await?)
}

fn draft_problems(problems: Vec<(&'static str, &'static str)>, errors: &mut FieldErrors) {
    for (field, message) in problems {
        errors.add(field, message);
    }
}

pub async fn create(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    ctx: PageContext,
    Form(form): Form<ComposeForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    let draft = form.into_draft(&mut errors);
    if !errors.is_empty() {
        // A bad segment still gets every other problem named in the same answer.
        draft_problems(drafts::problems_in(&state.db, &draft).await?, &mut errors);
    } else {
        match drafts::create(&state.db, &state.clock, &draft, Some(user.id)).await {
            Ok(id) => {
                audit::record(
                    &state.db,
                    &state.clock,
                    Some(user.id),
                    "campaign.create",
                    None,
                    &format!("campaign {id}"),
                )
                .await?;
                return Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), "campaign-saved"));
            }
            Err(DraftError::Invalid(problems)) => draft_problems(problems, &mut errors),
            Err(DraftError::Db(e)) => return Err(e.into()),
            Err(_) => return Err(AppError::NotFound),
        }
    }
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &compose(&state, ctx, None, draft, errors).await?)
}

pub async fn edit_form(
    State(state): State<AppState>,
    _: CommsUser,
    ctx: PageContext,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    let (campaign, list) = campaign_and_list(&state, id).await?;
    if campaign.state != CampaignState::Draft {
        return Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), "campaign-not-editable"));
    }
    let draft = DraftInput::from_campaign(&campaign, &list.slug);
    render(&compose(&state, ctx, Some(id), draft, FieldErrors::default()).await?)
}

pub async fn update(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    ctx: PageContext,
    Path(id): Path<CampaignId>,
    Form(form): Form<ComposeForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    let draft = form.into_draft(&mut errors);
    if !errors.is_empty() {
        draft_problems(drafts::problems_in(&state.db, &draft).await?, &mut errors);
    } else {
        match drafts::update(&state.db, &state.clock, id, &draft).await {
            Ok(()) => {
                audit::record(&state.db, &state.clock, Some(user.id), "campaign.edit", None, &format!("campaign {id}"))
                    .await?;
                return Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), "campaign-saved"));
            }
            Err(DraftError::Invalid(problems)) => draft_problems(problems, &mut errors),
            Err(DraftError::NotDraft(_)) => {
                return Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), "campaign-not-editable"));
            }
            Err(DraftError::NoSuchCampaign) => return Err(AppError::NotFound),
            Err(DraftError::Db(e)) => return Err(e.into()),
        }
    }
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &compose(&state, ctx, Some(id), draft, errors).await?)
}

// ---- the campaign's page: details, actions, progress ----

/// The progress numbers, as the page shows them and as `progress.json` sends them.
#[derive(Debug, Clone, Serialize)]
pub struct Numbers {
    pub state: CampaignState,
    pub state_label: String,
    pub recipients: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
    pub remaining: i64,
    /// sent + failed + skipped, out of `total`.
    pub done: i64,
    pub total: i64,
    pub per_minute: i64,
    pub seconds_left: Option<i64>,
    /// The time left in words, in the reader's language.
    pub time_left: String,
    /// Nothing will change any more (sent or cancelled).
    pub finished: bool,
}

fn numbers(ctx: &PageContext, live: LiveProgress) -> Numbers {
    let p = live.progress;
    let time_left = match live.seconds_left {
        None => ctx.t("campaign-time-left-unknown"),
        Some(s) if s < 60 => ctx.tn("campaign-seconds-left", "seconds", &s),
        Some(s) => ctx.tn("campaign-minutes-left", "minutes", &((s + 59) / 60)),
    };
    let done = p.sent + p.failed + p.skipped;
    Numbers {
        state_label: ctx.t(p.state.label_id()),
        finished: matches!(p.state, CampaignState::Sent | CampaignState::Cancelled),
        state: p.state,
        recipients: p.recipients,
        sent: p.sent,
        failed: p.failed,
        skipped: p.skipped,
        remaining: p.remaining,
        done,
        total: p.recipients.max(done + p.remaining),
        per_minute: live.per_minute,
        seconds_left: live.seconds_left,
        time_left,
    }
}

async fn live_numbers(state: &AppState, ctx: &PageContext, id: CampaignId) -> Result<Numbers, AppError> {
    let live = pace::live(&state.db, &state.clock, id).await?.ok_or(AppError::NotFound)?;
    Ok(numbers(ctx, live))
}

#[derive(askama::Template)]
#[template(path = "admin/campaign.html")]
struct CampaignPage {
    ctx: PageContext,
    campaign: CampaignRow,
    list: ListRow,
    segment_name: Option<String>,
    subject: String,
    /// Who it would reach if sent now (draft and scheduled).
    reach: Option<i64>,
    numbers: Numbers,
    report: Option<Report>,
    bounces: Vec<BounceLine>,
    created: String,
    scheduled: Option<String>,
    started: Option<String>,
    finished: Option<String>,
    time_zone: String,
    errors: FieldErrors,
    date: String,
    time: String,
    test_to: String,
    test_lang: Lang,
}

/// One line of the campaign's bounce log, as the page shows it.
struct BounceLine {
    when: String,
    email: String,
    kind: String,
    status: String,
    diagnostic: String,
}

impl CampaignPage {
    fn is(&self, state: CampaignState) -> bool {
        self.campaign.state == state
    }
}

/// What the schedule and test forms said, kept when they are shown again with errors.
#[derive(Default)]
struct Entered {
    date: String,
    time: String,
    test_to: Option<String>,
    test_lang: Option<Lang>,
}

async fn campaign_page(
    state: &AppState,
    ctx: PageContext,
    id: CampaignId,
    errors: FieldErrors,
    entered: Entered,
) -> Result<CampaignPage, AppError> {
    let (campaign, list) = campaign_and_list(state, id).await?;
    let segment_name = match campaign.segment_id {
        Some(s) => segment::by_id(&state.db, s).await?.map(|s| s.name),
        None => None,
    };
    let reach = if campaign.state.before_sending() {
        Some(campaigns::recipient_count(&state.db, &state.clock, &campaign).await?)
    } else {
        None
    };
    let numbers = live_numbers(state, &ctx, id).await?;
    let report = campaigns::report::report(&state.db, id).await?;
    let tz = &state.config.timezone;
    let bounces = store::bounces_of_campaign(&state.db, id, 50)
        .await?
        .into_iter()
        .map(|b| BounceLine {
            when: schedule::format_local(tz, b.created_at),
            email: b.email,
            kind: b.kind,
            status: b.status.unwrap_or_default(),
            diagnostic: b.diagnostic.unwrap_or_default(),
        })
        .collect();
    let local = |ms: Option<i64>| ms.map(|ms| schedule::format_local(tz, ms));
    let test_to = entered.test_to.unwrap_or_else(|| ctx.user.as_ref().map(|u| u.email.clone()).unwrap_or_default());
    let test_lang = entered.test_lang.unwrap_or(ctx.lang);
    Ok(CampaignPage {
        subject: subject(&campaign, ctx.lang),
        created: schedule::format_local(tz, campaign.created_at),
        scheduled: local(campaign.scheduled_at),
        started: local(campaign.started_at),
        finished: local(campaign.finished_at),
        time_zone: tz.iana_name().unwrap_or("UTC").to_owned(),
        ctx,
        campaign,
        list,
        segment_name,
        reach,
        numbers,
        report,
        bounces,
        errors,
        date: entered.date,
        time: entered.time,
        test_to,
        test_lang,
    })
}

pub async fn show(
    State(state): State<AppState>,
    _: CommsUser,
    ctx: PageContext,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    render(&campaign_page(&state, ctx, id, FieldErrors::default(), Entered::default()).await?)
}

/// The progress numbers for the page's script; needs the same session and role as the page.
pub async fn progress_json(
    State(state): State<AppState>,
    _: CommsUser,
    ctx: PageContext,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    let numbers = live_numbers(&state, &ctx, id).await?;
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], Json(numbers)).into_response())
}

// ---- preview and test ----

#[derive(askama::Template)]
#[template(path = "admin/campaign_preview.html")]
struct PreviewPage {
    ctx: PageContext,
    campaign: CampaignRow,
    sample_name: String,
    versions: Vec<Rendered>,
}

pub async fn preview(
    State(state): State<AppState>,
    _: CommsUser,
    ctx: PageContext,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    let (campaign, list) = campaign_and_list(&state, id).await?;
    let sample_name = ctx.t("campaign-sample-name");
    let mut versions = Vec::new();
    for lang in [Lang::En, Lang::Fr] {
        // A language the campaign lacks goes out in the list's language: the preview says so.
        let rendered = preview::render(&state, &campaign, &list, lang, Some(&sample_name)).map_err(anyhow_free)?;
        versions.push(rendered);
    }
    render(&PreviewPage { ctx, campaign, sample_name, versions })
}

fn anyhow_free(e: askama::Error) -> AppError {
    AppError::Internal(Box::new(e))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TestForm {
    to: String,
    lang: String,
}

pub async fn test_send(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    ctx: PageContext,
    Path(id): Path<CampaignId>,
    Form(form): Form<TestForm>,
) -> Result<Response, AppError> {
    let (campaign, list) = campaign_and_list(&state, id).await?;
    let lang = Lang::parse(&form.lang).unwrap_or(ctx.lang);
    let to = form.to.trim().to_owned();
    let Ok(address) = rendezvous_platform::email::EmailAddress::parse(&to) else {
        let mut errors = FieldErrors::default();
        errors.add("to", "campaign-test-address-invalid");
        let entered = Entered { test_to: Some(to), test_lang: Some(lang), ..Default::default() };
        let page = campaign_page(&state, ctx, id, errors, entered).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    preview::send_test(&state, &campaign, &list, lang, address.as_str(), Some(&user.display_name))
        .await
        .map_err(AppError::Internal)?;
    // The audit entry names no address (personal data stays out of the log).
    let detail = format!("campaign {id} test in {}", lang.code());
    audit::record(&state.db, &state.clock, Some(user.id), "campaign.test", None, &detail).await?;
    Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), "campaign-test-sent"))
}

// ---- send, schedule, pause, resume, cancel ----

#[derive(askama::Template)]
#[template(path = "admin/campaign_confirm.html")]
struct ConfirmPage {
    ctx: PageContext,
    campaign: CampaignRow,
    list: ListRow,
    subject: String,
    reach: i64,
    /// No French version: French-speaking subscribers would get the English one.
    no_french: bool,
}

/// "Send now" first shows who it reaches and asks to confirm.
pub async fn confirm_send(
    State(state): State<AppState>,
    _: CommsUser,
    ctx: PageContext,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    let (campaign, list) = campaign_and_list(&state, id).await?;
    if campaign.state != CampaignState::Draft {
        return Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), "campaign-wrong-state"));
    }
    let reach = campaigns::recipient_count(&state.db, &state.clock, &campaign).await?;
    let no_french = campaign.version(Lang::Fr).is_none();
    render(&ConfirmPage { subject: subject(&campaign, ctx.lang), ctx, campaign, list, reach, no_french })
}

/// Turns a refused action into the campaign page with its message (a bad schedule) or a flash.
fn refused(id: CampaignId, error: LifecycleError) -> Result<Response, AppError> {
    match error {
        LifecycleError::NoSuchCampaign => Err(AppError::NotFound),
        LifecycleError::Db(e) => Err(e.into()),
        LifecycleError::Queue(e) => Err(AppError::Internal(e)),
        other => Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), other.message_id())),
    }
}

async fn done(state: &AppState, user: &CommsUser, action: &str, detail: &str) -> Result<(), AppError> {
    audit::record(&state.db, &state.clock, Some(user.0.id), action, None, detail).await?;
    Ok(())
}

pub async fn send(
    State(state): State<AppState>,
    user: CommsUser,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    match lifecycle::send_now(&state, id).await {
        Ok(recipients) => {
            done(&state, &user, "campaign.send", &format!("campaign {id} to {recipients} recipients")).await?;
            Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), "campaign-sending"))
        }
        Err(e) => refused(id, e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ScheduleForm {
    date: String,
    time: String,
}

pub async fn schedule(
    State(state): State<AppState>,
    user: CommsUser,
    ctx: PageContext,
    Path(id): Path<CampaignId>,
    Form(form): Form<ScheduleForm>,
) -> Result<Response, AppError> {
    match lifecycle::schedule(&state, id, &form.date, &form.time).await {
        Ok(at) => {
            done(&state, &user, "campaign.schedule", &format!("campaign {id} at {}", schedule::rfc3339(at))).await?;
            Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), "campaign-scheduled"))
        }
        Err(LifecycleError::Schedule(e)) => {
            let mut errors = FieldErrors::default();
            let mut problems = schedule::field_problems(&form.date, &form.time);
            if problems.is_empty() {
                problems.push(e);
            }
            for problem in problems {
                errors.add(problem.field(), problem.message_id());
            }
            let entered = Entered { date: form.date, time: form.time, ..Default::default() };
            let page = campaign_page(&state, ctx, id, errors, entered).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => refused(id, e),
    }
}

/// After a state change: audit it and go back to the campaign's page, or say why it was refused.
async fn changed(
    state: &AppState,
    user: &CommsUser,
    id: CampaignId,
    result: Result<(), LifecycleError>,
    action: &str,
    flash: &'static str,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => {
            done(state, user, action, &format!("campaign {id}")).await?;
            Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), flash))
        }
        Err(e) => refused(id, e),
    }
}

pub async fn unschedule(
    State(state): State<AppState>,
    user: CommsUser,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    let result = lifecycle::unschedule(&state, id).await;
    changed(&state, &user, id, result, "campaign.unschedule", "campaign-unscheduled").await
}

pub async fn pause(
    State(state): State<AppState>,
    user: CommsUser,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    let result = lifecycle::pause(&state, id).await;
    changed(&state, &user, id, result, "campaign.pause", "campaign-paused").await
}

pub async fn resume(
    State(state): State<AppState>,
    user: CommsUser,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    let result = lifecycle::resume(&state, id).await;
    changed(&state, &user, id, result, "campaign.resume", "campaign-resumed").await
}

pub async fn cancel(
    State(state): State<AppState>,
    user: CommsUser,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    match lifecycle::cancel(&state, id).await {
        Ok(cancelled) => {
            let detail = format!("campaign {id}, {cancelled} deliveries cancelled");
            done(&state, &user, "campaign.cancel", &detail).await?;
            Ok(redirect_with_flash(&format!("/admin/campaigns/{id}"), "campaign-cancelled"))
        }
        Err(e) => refused(id, e),
    }
}
