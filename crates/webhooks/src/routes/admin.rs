//! The webhooks' pages (administrators with two-factor): endpoints, adding one (its secret shown
//! once), an endpoint's delivery log with "send again", a test ping, rotating the secret (the old
//! one signs for 24 more hours), enabling a disabled endpoint, deleting.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::audit;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::web::{AdminUser, AppError, FieldErrors, FormPairs, PageContext, render, render_status};

use crate::endpoints::{self, EndpointInput};
use crate::ids::{EndpointId, WebhookDeliveryId};
use crate::model::EVENT_TYPES;
use crate::signing;
use crate::store::{self, DeliveryRow, EndpointRow};

#[derive(askama::Template)]
#[template(path = "webhooks/index.html")]
struct IndexPage {
    ctx: PageContext,
    endpoints: Vec<EndpointRow>,
    errors: FieldErrors,
    url: String,
    description: String,
    chosen: Vec<String>,
    personal_data: bool,
    event_types: &'static [&'static str],
}

impl IndexPage {
    fn is_chosen(&self, event: &str) -> bool {
        self.chosen.iter().any(|c| c == event)
    }
}

pub async fn index(State(state): State<AppState>, ctx: PageContext, _: AdminUser) -> Result<Response, AppError> {
    render(&IndexPage {
        endpoints: store::endpoints(&state.db).await?,
        errors: FieldErrors::default(),
        url: String::new(),
        description: String::new(),
        chosen: Vec::new(),
        personal_data: false,
        event_types: EVENT_TYPES,
        ctx,
    })
}

#[derive(askama::Template)]
#[template(path = "webhooks/secret.html")]
struct SecretPage {
    ctx: PageContext,
    id: EndpointId,
    secret: String,
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    AdminUser(user): AdminUser,
    form: FormPairs,
) -> Result<Response, AppError> {
    let input = EndpointInput {
        url: form.first("url"),
        events: form.all("event"),
        description: form.first("description"),
        personal_data: form.first("personal_data") == "1",
    };
    match endpoints::add(&state, user.id, &input).await? {
        Ok((id, secret)) => {
            audit::record(
                &state.db,
                &state.clock,
                Some(user.id),
                "webhook.create",
                None,
                &format!("webhook {id} {}", input.url),
            )
            .await?;
            render(&SecretPage { ctx, id, secret })
        }
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.add(field, message);
            }
            let page = IndexPage {
                endpoints: store::endpoints(&state.db).await?,
                errors,
                url: input.url,
                description: input.description,
                chosen: input.events,
                personal_data: input.personal_data,
                event_types: EVENT_TYPES,
                ctx,
            };
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(askama::Template)]
#[template(path = "webhooks/endpoint.html")]
struct EndpointPage {
    ctx: PageContext,
    endpoint: EndpointRow,
    deliveries: Vec<DeliveryRow>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    _: AdminUser,
    Path(id): Path<EndpointId>,
) -> Result<Response, AppError> {
    let endpoint = store::endpoint(&state.db, id).await?.ok_or(AppError::NotFound)?;
    render(&EndpointPage { ctx, endpoint, deliveries: store::deliveries(&state.db, id, 100).await? })
}

fn back(id: EndpointId) -> Response {
    Redirect::to(&format!("/admin/webhooks/{id}")).into_response()
}

pub async fn rotate(
    State(state): State<AppState>,
    ctx: PageContext,
    AdminUser(user): AdminUser,
    Path(id): Path<EndpointId>,
) -> Result<Response, AppError> {
    let secret = signing::new_secret();
    if !store::rotate_secret(&state.db, id, &secret, state.clock.now_ms() + DAY_MS).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&state.db, &state.clock, Some(user.id), "webhook.rotate", None, &format!("webhook {id}")).await?;
    render(&SecretPage { ctx, id, secret })
}

pub async fn ping(
    State(state): State<AppState>,
    _: AdminUser,
    Path(id): Path<EndpointId>,
) -> Result<Response, AppError> {
    store::endpoint(&state.db, id).await?.ok_or(AppError::NotFound)?;
    endpoints::ping(&state, id).await?;
    Ok(back(id))
}

pub async fn enable(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<EndpointId>,
) -> Result<Response, AppError> {
    store::endpoint(&state.db, id).await?.ok_or(AppError::NotFound)?;
    store::enable_endpoint(&state.db, id).await?;
    audit::record(&state.db, &state.clock, Some(user.id), "webhook.enable", None, &format!("webhook {id}")).await?;
    Ok(back(id))
}

pub async fn delete(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<EndpointId>,
) -> Result<Response, AppError> {
    if !store::delete_endpoint(&state.db, id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&state.db, &state.clock, Some(user.id), "webhook.delete", None, &format!("webhook {id}")).await?;
    Ok(Redirect::to("/admin/webhooks").into_response())
}

/// "Send again": the same message, with the same id, queued anew.
pub async fn again(
    State(state): State<AppState>,
    _: AdminUser,
    Path(id): Path<WebhookDeliveryId>,
) -> Result<Response, AppError> {
    let delivery = store::delivery(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if store::requeue(&state.db, id, state.clock.now_ms()).await? {
        state.jobs.enqueue(crate::deliver::KIND, &crate::deliver::DeliverJob { delivery: id }).await?;
    }
    Ok(back(delivery.endpoint_id))
}
