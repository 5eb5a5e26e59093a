//! Public submissions: an event, a job posting, a news tip or a resource from anyone, and comments
//! on news and resources. Each needs the site policy accepted (its version and the time kept)
//! and an account or a confirmed address (a link mailed to it; no account is made). Everything
//! lands in one moderation queue, where a moderator edits, approves (it becomes the event, the
//! posting, the news post or the resource) or rejects with a reason mailed in the submitter's
//! language. Members' comments may skip the queue where an administrator allows it.

use std::collections::BTreeMap;

use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::crypto::{random_token, sha256_hex};
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::validate::line;
use rendezvous_platform::{AppState, BoxError};

use crate::events::{self, EventInput};
use crate::ids::SubmissionId;
use crate::model::{SubmissionKind, SubmissionState};
use crate::news::{self, NewsInput};
use crate::pages::SITE_POLICY;
use crate::postings::{self, PostingInput};
use crate::resources::{self, ResourceInput};
use crate::store::pages as page_store;
use crate::store::submissions::{self as store, NewSubmission, SubmissionRow};

/// The option that lets members' comments skip the queue.
pub const MEMBER_COMMENTS_SKIP_QUEUE: &str = "member_comments_skip_queue";

/// The fields of each kind's public form, in order.
pub fn form_fields(kind: SubmissionKind) -> &'static [&'static str] {
    match kind {
        SubmissionKind::Event => {
            &["title", "description", "starts_at", "ends_at", "timezone", "location", "address", "online_url"]
        }
        SubmissionKind::Job => &["title", "organisation", "description", "pay", "closes_on", "place", "how_to_apply"],
        SubmissionKind::NewsTip => &["title", "body"],
        SubmissionKind::Resource => &["title", "summary", "link"],
        SubmissionKind::Comment => &["body"],
    }
}

/// The message naming a field of a submission form or of the moderation page.
pub fn field_label_id(name: &str) -> &'static str {
    match name {
        "title" => "submit-field-title",
        "title_en" => "submit-field-title-en",
        "title_fr" => "submit-field-title-fr",
        "description" => "submit-field-description",
        "description_en" => "submit-field-description-en",
        "description_fr" => "submit-field-description-fr",
        "body" => "submit-field-body",
        "body_en" => "submit-field-body-en",
        "body_fr" => "submit-field-body-fr",
        "summary" => "submit-field-summary",
        "summary_en" => "submit-field-summary-en",
        "summary_fr" => "submit-field-summary-fr",
        "link" => "submit-field-link",
        "starts_at" => "submit-field-starts-at",
        "ends_at" => "submit-field-ends-at",
        "timezone" => "submit-field-timezone",
        "location" => "submit-field-location",
        "address" => "submit-field-address",
        "online_url" => "submit-field-online-url",
        "organisation" => "submit-field-organisation",
        "pay" => "submit-field-pay",
        "closes_on" => "submit-field-closes-on",
        "place" => "submit-field-place",
        "how_to_apply" => "submit-field-how-to-apply",
        "kind" => "submit-field-kind",
        _ => "submit-field-other",
    }
}

/// The message naming a kind of submission.
pub fn kind_label_id(kind: SubmissionKind) -> &'static str {
    match kind {
        SubmissionKind::Event => "submit-kind-event",
        SubmissionKind::Job => "submit-kind-job",
        SubmissionKind::NewsTip => "submit-kind-news-tip",
        SubmissionKind::Resource => "submit-kind-resource",
        SubmissionKind::Comment => "submit-kind-comment",
    }
}

/// The fields as the thing to publish takes them: both languages filled with what was typed
/// (the moderator translates), so approving is one step.
fn stored_fields(kind: SubmissionKind, typed: &BTreeMap<String, String>, tz: &str) -> BTreeMap<String, String> {
    let get = |k: &str| typed.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let both = |out: &mut BTreeMap<String, String>, name: &str, value: String| {
        out.insert(format!("{name}_en"), value.clone());
        out.insert(format!("{name}_fr"), value);
    };
    let mut out = BTreeMap::new();
    match kind {
        SubmissionKind::Event => {
            both(&mut out, "title", get("title"));
            both(&mut out, "description", get("description"));
            for k in ["starts_at", "ends_at", "location", "address", "online_url"] {
                out.insert(k.to_owned(), get(k));
            }
            let zone = get("timezone");
            out.insert("timezone".to_owned(), if zone.is_empty() { tz.to_owned() } else { zone });
        }
        SubmissionKind::Job => {
            both(&mut out, "title", get("title"));
            both(&mut out, "description", get("description"));
            for k in ["organisation", "pay", "closes_on", "place", "how_to_apply"] {
                out.insert(k.to_owned(), get(k));
            }
        }
        SubmissionKind::NewsTip => {
            both(&mut out, "title", get("title"));
            both(&mut out, "body", get("body"));
        }
        SubmissionKind::Resource => {
            let summary = match (get("summary"), get("link")) {
                (s, l) if l.is_empty() => s,
                (s, l) => format!("{s}\n\n{l}"),
            };
            both(&mut out, "title", get("title"));
            both(&mut out, "summary", summary);
            out.insert("kind".to_owned(), "research-report".to_owned());
        }
        SubmissionKind::Comment => {
            out.insert("body".to_owned(), get("body"));
        }
    }
    out
}

/// The problems of stored fields, named by the public form's fields (`title_en` is `title`).
fn problems(
    state: &AppState,
    kind: SubmissionKind,
    fields: &BTreeMap<String, String>,
) -> Vec<(&'static str, &'static str)> {
    let value = serde_json::to_value(fields).unwrap_or_default();
    let mut out: Vec<(&'static str, &'static str)> = match kind {
        SubmissionKind::Event => match serde_json::from_value::<EventInput>(value) {
            Ok(input) => events::problems(&input),
            Err(_) => vec![("title", "submit-error-fields")],
        },
        SubmissionKind::Job => match serde_json::from_value::<PostingInput>(value) {
            Ok(input) => postings::problems(state, &input),
            Err(_) => vec![("title", "submit-error-fields")],
        },
        SubmissionKind::NewsTip => {
            let mut p = Vec::new();
            if line(fields.get("title_en").map_or("", String::as_str), 200).is_err() {
                p.push(("title", "submit-error-title"));
            }
            if fields.get("body_en").is_none_or(|b| b.trim().is_empty() || b.chars().count() > 20_000) {
                p.push(("body", "submit-error-body"));
            }
            p
        }
        SubmissionKind::Resource => {
            let mut p = Vec::new();
            if line(fields.get("title_en").map_or("", String::as_str), 300).is_err() {
                p.push(("title", "submit-error-title"));
            }
            if fields.get("summary_en").is_some_and(|s| s.chars().count() > 5000) {
                p.push(("summary", "submit-error-too-long"));
            }
            p
        }
        SubmissionKind::Comment => {
            let body = fields.get("body").map_or("", String::as_str);
            if body.trim().is_empty() || body.chars().count() > 5000 {
                vec![("body", "submit-error-body")]
            } else {
                Vec::new()
            }
        }
    };
    for problem in &mut out {
        problem.0 = match problem.0 {
            "title_en" | "title_fr" => "title",
            "description_en" | "description_fr" => "description",
            "body_en" | "body_fr" => "body",
            other => other,
        };
    }
    out.dedup();
    out
}

/// Who submits: a signed-in person, or an address to confirm.
pub struct Submitter<'a> {
    pub user: Option<&'a AuthUser>,
    pub email: &'a str,
    pub shown_name: &'a str,
    pub lang: Lang,
    pub client: &'a str,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Submitted {
    /// In the moderation queue.
    Queued,
    /// A member's comment, published at once (the administrators allow it).
    Published,
    /// A confirmation link was mailed.
    MailedLink,
}

#[derive(Debug)]
pub enum SubmitError {
    Invalid(Vec<(&'static str, &'static str)>),
    TooMany,
    Failed(BoxError),
}

impl From<sqlx::Error> for SubmitError {
    fn from(e: sqlx::Error) -> Self {
        SubmitError::Failed(e.into())
    }
}

pub async fn submit(
    state: &AppState,
    kind: SubmissionKind,
    typed: &BTreeMap<String, String>,
    target: Option<&str>,
    policy_accepted: bool,
    who: &Submitter<'_>,
) -> Result<Submitted, SubmitError> {
    let tz = state.config.timezone.iana_name().unwrap_or("America/Toronto");
    let fields = stored_fields(kind, typed, tz);
    let mut all = problems(state, kind, &fields);
    if !policy_accepted {
        all.push(("policy", "submit-error-policy"));
    }
    let email = match who.user {
        Some(_) => None,
        None => match EmailAddress::parse(who.email) {
            Ok(e) => Some(e.normalized()),
            Err(m) => {
                all.push(("email", m));
                None
            }
        },
    };
    let shown = who.shown_name.trim();
    if shown.chars().count() > 60 || shown.chars().any(char::is_control) {
        all.push(("shown_name", "submit-error-too-long"));
    }
    if !all.is_empty() {
        return Err(SubmitError::Invalid(all));
    }
    let account = who.user.map(|u| u.id.to_string()).or(email.clone()).unwrap_or_default();
    if !state.limits.check_client(Action::Post, who.client) || !state.limits.check_account(Action::Post, &account) {
        return Err(SubmitError::TooMany);
    }
    let text: String = fields.values().cloned().collect::<Vec<_>>().join("\n");
    let warning = crate::names::looks_like_a_name(&text);
    let policy_version = page_store::current(&state.db, SITE_POLICY).await?.map_or(0, |p| p.id.0);
    let skip = kind == SubmissionKind::Comment
        && who.user.is_some_and(|u| u.has_role(rendezvous_members::MEMBER))
        && store::option(&state.db, MEMBER_COMMENTS_SKIP_QUEUE).await?;
    let token = random_token();
    let (state_now, token_hash) = match (who.user, skip) {
        (Some(_), true) => (SubmissionState::Approved, None),
        (Some(_), false) => (SubmissionState::Queued, None),
        (None, _) => (SubmissionState::Unconfirmed, Some(sha256_hex(&token))),
    };
    let shown_name = match (shown.is_empty(), who.user) {
        (false, _) => shown.to_owned(),
        (true, Some(user)) => user.display_name.clone(),
        (true, None) => String::new(),
    };
    let json = serde_json::to_string(&fields).map_err(|e| SubmitError::Failed(e.into()))?;
    let new = NewSubmission {
        kind,
        state: state_now,
        fields: &json,
        target,
        user_id: who.user.map(|u| u.id),
        email: email.as_deref(),
        shown_name: &shown_name,
        lang: who.lang.code(),
        token_hash: token_hash.as_deref(),
        policy_version,
        name_warning: warning.as_deref(),
    };
    let now = state.clock.now_ms();
    store::insert(&state.db, &new, now).await?;
    match (email, state_now) {
        (Some(email), SubmissionState::Unconfirmed) => {
            let lang = who.lang;
            let notice = Notice {
                lang,
                to: &email,
                name: None,
                subject: state.tr.t(lang, "submit-confirm-subject"),
                paragraphs: vec![state.tr.t(lang, "submit-confirm-body")],
                action: Some((
                    state.tr.t(lang, "submit-confirm-action"),
                    format!("{}/submit/confirm?token={token}", state.base_url),
                )),
                why_id: "submit-confirm-why",
            };
            mail::enqueue(state, &notice.render(state).map_err(|e| SubmitError::Failed(e.into()))?)
                .await
                .map_err(SubmitError::Failed)?;
            Ok(Submitted::MailedLink)
        }
        (_, SubmissionState::Approved) => Ok(Submitted::Published),
        _ => Ok(Submitted::Queued),
    }
}

/// Confirms an address's submission from the mailed link; false when the link is unknown or used.
pub async fn confirm(state: &AppState, token: &str) -> Result<bool, sqlx::Error> {
    match store::by_token(&state.db, &sha256_hex(token.trim())).await? {
        Some(row) => store::confirm(&state.db, row.id).await,
        None => Ok(false),
    }
}

#[derive(Debug)]
pub enum DecideError {
    /// The fields as edited cannot be published: (field, message id).
    Invalid(Vec<(&'static str, &'static str)>),
    /// Decided already.
    Decided,
    NotFound,
    Failed(BoxError),
}

impl From<sqlx::Error> for DecideError {
    fn from(e: sqlx::Error) -> Self {
        DecideError::Failed(e.into())
    }
}

/// Approves a queued submission with the fields as the moderator edited them: it becomes what it
/// is (a comment is shown under its post). Returns where it can be seen.
pub async fn approve(
    state: &AppState,
    id: SubmissionId,
    fields: &BTreeMap<String, String>,
    by: &AuthUser,
) -> Result<String, DecideError> {
    let row = store::by_id(&state.db, id).await?.ok_or(DecideError::NotFound)?;
    if row.state != SubmissionState::Queued {
        return Err(DecideError::Decided);
    }
    let value = serde_json::to_value(fields).unwrap_or_default();
    let invalid = |_| DecideError::Invalid(vec![("fields", "submit-error-fields")]);
    let author = Some(by.id.0);
    let url = match row.kind {
        SubmissionKind::Event => {
            let input: EventInput = serde_json::from_value(value).map_err(invalid)?;
            let id = events::create(state, author, &input).await.map_err(|e| match e {
                events::EventError::Invalid(p) => DecideError::Invalid(p),
                other => DecideError::Failed(format!("{other:?}").into()),
            })?;
            format!("/events/{id}")
        }
        SubmissionKind::Job => {
            let input: PostingInput = serde_json::from_value(value).map_err(invalid)?;
            let id = postings::create(state, author, &input, Some(row.id)).await.map_err(|e| match e {
                Ok(p) => DecideError::Invalid(p),
                Err(e) => DecideError::Failed(e.into()),
            })?;
            format!("/jobs/{id}")
        }
        SubmissionKind::NewsTip => {
            let mut input: NewsInput = serde_json::from_value(value).map_err(invalid)?;
            if !row.shown_name.is_empty() {
                input.author_line = Some(row.shown_name.clone());
            }
            let (_, slug) = news::create(state, author, &input).await.map_err(|e| match e {
                news::NewsError::Invalid(p) => DecideError::Invalid(p),
                news::NewsError::SlugTaken => DecideError::Invalid(vec![("title_en", "news-error-slug-taken")]),
                other => DecideError::Failed(format!("{other:?}").into()),
            })?;
            format!("/news/{slug}")
        }
        SubmissionKind::Resource => {
            let input: ResourceInput = serde_json::from_value(value).map_err(invalid)?;
            let (_, slug) = resources::create(state, author, &input).await.map_err(|e| match e {
                resources::ResourceError::Invalid(p) => DecideError::Invalid(p),
                resources::ResourceError::SlugTaken => {
                    DecideError::Invalid(vec![("title_en", "resources-error-slug-taken")])
                }
                other => DecideError::Failed(format!("{other:?}").into()),
            })?;
            format!("/library/{slug}")
        }
        SubmissionKind::Comment => {
            let body = fields.get("body").map_or("", String::as_str);
            if body.trim().is_empty() || body.chars().count() > 5000 {
                return Err(DecideError::Invalid(vec![("body", "submit-error-body")]));
            }
            comment_page(state, row.target.as_deref()).await?
        }
    };
    let json = serde_json::to_string(fields).map_err(|e| DecideError::Failed(e.into()))?;
    if !store::decide(&state.db, id, SubmissionState::Approved, &json, None, by.id.0, state.clock.now_ms()).await? {
        return Err(DecideError::Decided);
    }
    Ok(url)
}

/// The page a comment's target is shown on.
async fn comment_page(state: &AppState, target: Option<&str>) -> Result<String, sqlx::Error> {
    let Some((kind, id)) = target.and_then(|t| t.split_once(':')) else { return Ok("/".into()) };
    let id: i64 = id.parse().unwrap_or_default();
    Ok(match kind {
        "news" => crate::store::news::by_id(&state.db, crate::NewsId(id)).await?.map(|p| format!("/news/{}", p.slug)),
        _ => crate::store::resources::by_id(&state.db, crate::ResourceId(id))
            .await?
            .map(|r| format!("/library/{}", r.slug)),
    }
    .unwrap_or_else(|| "/".into()))
}

/// Rejects a queued submission; the reason is mailed to the submitter in their language.
pub async fn reject(state: &AppState, id: SubmissionId, reason: &str, by: &AuthUser) -> Result<(), DecideError> {
    let row = store::by_id(&state.db, id).await?.ok_or(DecideError::NotFound)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(DecideError::Invalid(vec![("reason", "submit-error-reason")]));
    }
    if !store::decide(
        &state.db,
        id,
        SubmissionState::Rejected,
        &row.fields,
        Some(reason),
        by.id.0,
        state.clock.now_ms(),
    )
    .await?
    {
        return Err(DecideError::Decided);
    }
    let to = match (&row.email, row.user_id) {
        (Some(email), _) => Some((email.clone(), None)),
        (None, Some(user)) => {
            state.users.user_by_id(user).await.map_err(DecideError::Failed)?.map(|u| (u.email, Some(u.display_name)))
        }
        _ => None,
    };
    if let Some((email, name)) = to {
        let lang = Lang::parse(&row.lang).unwrap_or(Lang::En);
        let kind = state.tr.t(lang, kind_label_id(row.kind));
        let notice = Notice {
            lang,
            to: &email,
            name: name.as_deref(),
            subject: state.tr.t_args(lang, "submit-rejected-subject", &[("kind", &kind)]),
            paragraphs: vec![state.tr.t_args(lang, "submit-rejected-body", &[("kind", &kind)]), reason.to_owned()],
            action: None,
            why_id: "submit-rejected-why",
        };
        mail::enqueue(state, &notice.render(state).map_err(|e| DecideError::Failed(e.into()))?)
            .await
            .map_err(DecideError::Failed)?;
    }
    Ok(())
}

impl SubmissionRow {
    pub fn field_map(&self) -> BTreeMap<String, String> {
        serde_json::from_str(&self.fields).unwrap_or_default()
    }

    /// A comment's text.
    pub fn body(&self) -> String {
        self.field_map().remove("body").unwrap_or_default()
    }

    /// What the queue shows of it: its title, else its text.
    pub fn headline(&self) -> String {
        let mut fields = self.field_map();
        fields.remove("title_en").or_else(|| fields.remove("body")).unwrap_or_default().chars().take(120).collect()
    }
}
