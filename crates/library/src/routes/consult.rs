//! Consultation requests: the agencies' form and the staff's queue.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::geo::Province;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{
    AppError, FieldErrors, FormPairs, PageContext, SignedIn, redirect_with_flash, render, render_status,
};

use super::submit::MessagePage;
use crate::consultations::{self, Follow, RequestError, RequestInput};
use crate::ids::ConsultationId;
use crate::model::{ConsultationState, ConsultationTopic};
use crate::roles::require_publisher;
use crate::store::consultations::{self as store, ConsultationRow};

#[derive(askama::Template)]
#[template(path = "library/consult.html")]
struct RequestPage {
    ctx: PageContext,
    errors: FieldErrors,
    form: FormPairs,
    provinces: Vec<(&'static str, &'static str)>,
    topics: &'static [ConsultationTopic],
}

impl RequestPage {
    fn value(&self, name: &str) -> String {
        self.form.first(name)
    }
}

fn provinces(lang: Lang) -> Vec<(&'static str, &'static str)> {
    Province::ALL.iter().map(|p| (p.code(), p.name(lang))).collect()
}

pub async fn form(ctx: PageContext) -> Result<Response, AppError> {
    let provinces = provinces(ctx.lang);
    render(&RequestPage {
        ctx,
        errors: FieldErrors::default(),
        form: FormPairs(Vec::new()),
        provinces,
        topics: ConsultationTopic::ALL,
    })
}

pub async fn request(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    form: FormPairs,
) -> Result<Response, AppError> {
    let input = RequestInput {
        organisation: form.first("organisation"),
        region: form.first("region"),
        topic: form.first("topic"),
        need: form.first("need"),
        contact_name: form.first("contact_name"),
        email: form.first("email"),
        lang: ctx.lang,
    };
    match consultations::request(&state, &input, &client).await {
        Ok(_) => render(&MessagePage { ctx, title_id: "consult-thanks-title", message_id: "consult-thanks" }),
        Err(RequestError::TooMany) => Err(AppError::TooManyRequests),
        Err(RequestError::Failed(e)) => Err(AppError::Internal(e)),
        Err(RequestError::Invalid(problems)) => {
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.add(field, message);
            }
            let provinces = provinces(ctx.lang);
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &RequestPage { ctx, errors, form, provinces, topics: ConsultationTopic::ALL },
            )
        }
    }
}

#[derive(askama::Template)]
#[template(path = "admin/consultations.html")]
struct QueuePage {
    ctx: PageContext,
    requests: Vec<ConsultationRow>,
    by_topic: Vec<(ConsultationTopic, i64)>,
    by_region: Vec<(String, i64)>,
}

impl QueuePage {
    fn region_name(&self, code: &str) -> String {
        Province::parse(code).map(|p| p.name(self.ctx.lang).to_owned()).unwrap_or_else(|| code.to_owned())
    }
}

pub async fn queue(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
) -> Result<Response, AppError> {
    require_publisher(user)?;
    let requests = store::all(&state.db).await?;
    let (by_topic, by_region) = store::counts(&state.db).await?;
    render(&QueuePage { ctx, requests, by_topic, by_region })
}

#[derive(askama::Template)]
#[template(path = "admin/consultation.html")]
struct ItemPage {
    ctx: PageContext,
    item: ConsultationRow,
    states: &'static [ConsultationState],
    errors: FieldErrors,
    mine: bool,
}

pub async fn item(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<ConsultationId>,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    let item = store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mine = item.assignee == Some(user.id.0);
    render(&ItemPage { ctx, item, states: ConsultationState::ALL, errors: FieldErrors::default(), mine })
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<ConsultationId>,
    form: FormPairs,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    let item = store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let status = ConsultationState::parse(&form.first("state")).unwrap_or(item.state);
    // The person in charge: whoever takes it (or nobody); the one in charge can keep it.
    let assignee = match form.first("assignee").as_str() {
        "me" => Some(user.id.0),
        "nobody" => None,
        _ => item.assignee,
    };
    let (notes, answer) = (form.first("notes"), form.first("answer"));
    let follow = Follow { state: status, assignee, notes: &notes, answer: &answer };
    match consultations::follow(&state, id, &follow).await.map_err(AppError::Internal)? {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/consultations/{id}"),
            if answer.trim().is_empty() { "consult-saved" } else { "consult-answered" },
        )),
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.add(field, message);
            }
            let mine = item.assignee == Some(user.id.0);
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ItemPage { ctx, item, states: ConsultationState::ALL, errors, mine },
            )
        }
    }
}
