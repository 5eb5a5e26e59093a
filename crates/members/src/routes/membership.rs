//! A person's membership: what they hold and have applied for, applying (for themself or an
//! organisation), answering a request for more information, and renewing.

use rendezvous_platform::auth::UserId;
use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{
    AppError, FieldErrors, Form, PageContext, SignedIn, Viewer, redirect_with_flash, render, render_status,
};

use crate::ids::{MembershipId, MembershipTypeId};
use crate::memberships::{self, Applicant, Application, MembershipError};
use crate::model::{MAX_TEXT, optional_text};
use crate::organisations::OrganisationForm;
use crate::store::catalogue::{self, CategoryRow, TypeRow};
use crate::store::memberships::{self as store, MembershipRow};
use crate::store::organisations::{self as org_store, OrganisationRow};

/// A membership with its type and organisation, for listing.
pub struct Held {
    pub membership: MembershipRow,
    pub kind: TypeRow,
    pub organisation: Option<OrganisationRow>,
}

impl Held {
    pub fn may_renew(&self) -> bool {
        self.membership.status().is_current() && self.membership.expires_at.is_some()
    }
}

pub async fn held(state: &AppState, rows: Vec<MembershipRow>) -> Result<Vec<Held>, sqlx::Error> {
    let types = catalogue::types(&state.db).await?;
    let mut out = Vec::new();
    for membership in rows {
        let Some(kind) = types.iter().find(|t| t.id == membership.type_id).cloned() else { continue };
        let organisation = match membership.organisation_id {
            Some(id) => org_store::by_id(&state.db, id).await?,
            None => None,
        };
        out.push(Held { membership, kind, organisation });
    }
    Ok(out)
}

/// What an applicant sees of the organisations they applied for: the name they typed, until they
/// act for it. An application that claims an existing (perhaps hidden) organisation then reads
/// exactly like one for a new organisation.
async fn as_applicant(state: &AppState, mut held: Vec<Held>, user: UserId) -> Result<Vec<Held>, sqlx::Error> {
    for h in &mut held {
        if let Some(org) = &h.organisation
            && !org_store::is_delegate(&state.db, org.id, user).await?
        {
            h.organisation = None;
        }
    }
    Ok(held)
}

#[derive(askama::Template)]
#[template(path = "membership/me.html")]
struct MePage {
    ctx: PageContext,
    held: Vec<Held>,
    organisations: Vec<OrganisationRow>,
}

pub async fn me(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
) -> Result<Response, AppError> {
    let held = as_applicant(&state, held(&state, store::of_user(&state.db, user.id).await?).await?, user.id).await?;
    let organisations = org_store::of_delegate(&state.db, user.id).await?;
    render(&MePage { ctx, held, organisations })
}

#[derive(askama::Template)]
#[template(path = "membership/choose.html")]
struct ChoosePage {
    ctx: PageContext,
    types: Vec<TypeRow>,
}

#[derive(askama::Template)]
#[template(path = "membership/apply_signed_out.html")]
struct SignedOutPage {
    ctx: PageContext,
}

/// The membership types open to applications. A visitor who is not signed in is told why an
/// account comes first (an account is how one logs in; a membership is joining the network),
/// rather than sent to a bare log-in page.
pub async fn choose(State(state): State<AppState>, viewer: Viewer, ctx: PageContext) -> Result<Response, AppError> {
    if viewer.user.is_none() {
        return render(&SignedOutPage { ctx });
    }
    let types = catalogue::types(&state.db).await?.into_iter().filter(TypeRow::open).collect();
    render(&ChoosePage { ctx, types })
}

#[derive(askama::Template)]
#[template(path = "membership/apply.html")]
struct ApplyPage {
    ctx: PageContext,
    kind: TypeRow,
    questions: Vec<String>,
    categories: Vec<CategoryRow>,
    errors: FieldErrors,
    answers: Vec<String>,
    category: String,
    mode: String,
    claim_name: String,
    org: OrganisationForm,
    /// Always false here: org_fields.html locks the names only on a delegate's edit page.
    names_locked: bool,
}

impl ApplyPage {
    fn answer(&self, i: &usize) -> &str {
        self.answers.get(*i).map(String::as_str).unwrap_or_default()
    }

    fn answer_error(&self, i: &usize) -> Option<&'static str> {
        ANSWER_FIELDS.get(*i).and_then(|f| self.errors.get(f))
    }
}

async fn kind_or_404(state: &AppState, id: MembershipTypeId) -> Result<TypeRow, AppError> {
    catalogue::type_by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

pub async fn form(
    State(state): State<AppState>,
    _: SignedIn,
    ctx: PageContext,
    Path(type_id): Path<MembershipTypeId>,
) -> Result<Response, AppError> {
    let kind = kind_or_404(&state, type_id).await?;
    let mut errors = FieldErrors::default();
    if !kind.open() {
        errors.add("type", "members-error-type-closed");
    }
    let page = ApplyPage {
        questions: kind.questions(ctx.lang),
        categories: catalogue::categories(&state.db).await?,
        ctx,
        kind,
        errors,
        answers: Vec::new(),
        category: String::new(),
        mode: "new".into(),
        claim_name: String::new(),
        org: OrganisationForm::default(),
        names_locked: false,
    };
    render(&page)
}

fn field(map: &HashMap<String, String>, name: &str) -> String {
    map.get(name).cloned().unwrap_or_default()
}

/// Reads the answers to the type's questions (`answer-0`, `answer-1` ...): each required.
pub fn read_answers(map: &HashMap<String, String>, count: usize, errors: &mut FieldErrors) -> Vec<String> {
    let mut answers = Vec::new();
    for i in 0..count {
        let raw = field(map, &format!("answer-{i}"));
        match optional_text(&raw, MAX_TEXT) {
            Ok(a) if a.is_empty() => {
                errors.add(ANSWER_FIELDS.get(i).copied().unwrap_or("answer-0"), "members-error-answer-required");
                answers.push(a);
            }
            Ok(a) => answers.push(a),
            Err(m) => {
                errors.add(ANSWER_FIELDS.get(i).copied().unwrap_or("answer-0"), m);
                answers.push(raw);
            }
        }
    }
    answers
}

/// Field names for the error summary (it needs static names).
const ANSWER_FIELDS: [&str; 10] = [
    "answer-0", "answer-1", "answer-2", "answer-3", "answer-4", "answer-5", "answer-6", "answer-7", "answer-8",
    "answer-9",
];

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(type_id): Path<MembershipTypeId>,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let kind = kind_or_404(&state, type_id).await?;
    let questions = kind.questions(ctx.lang);
    let categories = catalogue::categories(&state.db).await?;
    let mut errors = FieldErrors::default();
    let answers = read_answers(&map, questions.len().min(ANSWER_FIELDS.len()), &mut errors);
    let category = field(&map, "category");
    let category_id = match category.as_str() {
        "" => None,
        slug => match categories.iter().find(|c| c.slug == slug) {
            Some(c) => Some(c.id),
            None => {
                errors.add("category", "members-error-category");
                None
            }
        },
    };
    let mode = field(&map, "mode");
    let claim_name = field(&map, "claim_name");
    let org = OrganisationForm::from_map(&map);
    let applicant = if !kind.for_organisation() {
        Some(Applicant::Myself)
    } else if mode == "claim" {
        // A claim names the organisation only: the answer is the same whether or not one of that
        // name exists (it may be hidden), and an administrator sorts it out.
        let claim =
            OrganisationForm { name_en: claim_name.clone(), kind: "other".into(), ..OrganisationForm::default() };
        match claim.parse() {
            Ok(fields) => Some(Applicant::Organisation(Box::new(fields))),
            Err(claim_errors) => {
                for (_, message) in claim_errors.0 {
                    errors.add("claim_name", message);
                }
                None
            }
        }
    } else {
        match org.parse() {
            Ok(fields) => Some(Applicant::Organisation(Box::new(fields))),
            Err(org_errors) => {
                errors.0.extend(org_errors.0);
                None
            }
        }
    };
    if let Some(applicant) = applicant.filter(|_| errors.is_empty()) {
        let application = Application { type_id: kind.id, category_id, answers: answers.clone(), applicant };
        match memberships::apply(&state, user.id, &application).await {
            Ok(id) => return Ok(redirect_with_flash(&format!("/members/applications/{id}"), "members-applied")),
            Err(MembershipError::Other(e)) => return Err(AppError::Internal(e)),
            Err(e) => errors.add("type", e.message_id()),
        }
    }
    let page = ApplyPage {
        ctx,
        kind,
        questions,
        categories,
        errors,
        answers,
        category,
        mode,
        claim_name,
        org,
        names_locked: false,
    };
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(askama::Template)]
#[template(path = "membership/application.html")]
struct ApplicationPage {
    ctx: PageContext,
    held: Held,
    questions: Vec<String>,
    answers: Vec<String>,
    errors: FieldErrors,
}

impl ApplicationPage {
    fn answer(&self, i: &usize) -> &str {
        self.answers.get(*i).map(String::as_str).unwrap_or_default()
    }
}

async fn own_application(state: &AppState, id: MembershipId, user: UserId) -> Result<Held, AppError> {
    let row = store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let may = row.user_id == user || memberships::may_act_for(state, &row, user).await?;
    if !may {
        return Err(AppError::NotFound);
    }
    as_applicant(state, held(state, vec![row]).await?, user).await?.pop().ok_or(AppError::NotFound)
}

pub async fn application(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<MembershipId>,
) -> Result<Response, AppError> {
    let held = own_application(&state, id, user.id).await?;
    let questions = held.kind.questions(ctx.lang);
    let answers = held.membership.answers();
    render(&ApplicationPage { ctx, held, questions, answers, errors: FieldErrors::default() })
}

pub async fn answer(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<MembershipId>,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let held = own_application(&state, id, user.id).await?;
    let questions = held.kind.questions(ctx.lang);
    let mut errors = FieldErrors::default();
    let mut answers = read_answers(&map, questions.len().min(ANSWER_FIELDS.len()), &mut errors);
    let note = field(&map, "note");
    match optional_text(&note, MAX_TEXT) {
        Ok(n) if !n.is_empty() => answers.push(n),
        Ok(_) => {}
        Err(m) => errors.add("note", m),
    }
    if errors.is_empty() {
        match memberships::answer_info(&state, id, user.id, &answers).await {
            Ok(()) => return Ok(redirect_with_flash(&format!("/members/applications/{id}"), "members-answered")),
            Err(MembershipError::Other(e)) => return Err(AppError::Internal(e)),
            Err(e) => errors.add("note", e.message_id()),
        }
    }
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &ApplicationPage { ctx, held, questions, answers, errors })
}

pub async fn renew(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<MembershipId>,
) -> Result<Response, AppError> {
    match memberships::renew(&state, id, user.id).await {
        Ok(()) => Ok(redirect_with_flash("/members/me", "members-renewed")),
        Err(MembershipError::Other(e)) => Err(AppError::Internal(e)),
        Err(MembershipError::NotYours) => Err(AppError::NotFound),
        Err(_) => Ok(redirect_with_flash("/members/me", "members-error-wrong-status")),
    }
}
