//! Consultation requests: an agency asks the network to consult on its programmes (drug use,
//! HIV, HCV); staff follow each in a queue (status, person in charge, notes) and answer by mail in
//! the agency's language; counts by topic and region feed the reports.

use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::geo::Province;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::validate::line;
use rendezvous_platform::{AppState, BoxError};

use crate::ids::ConsultationId;
use crate::model::{ConsultationState, ConsultationTopic};
use crate::store::consultations::{self as store, ConsultationRow, NewConsultation};

/// What the request form sends.
#[derive(Debug, Default, Clone)]
pub struct RequestInput {
    pub organisation: String,
    pub region: String,
    pub topic: String,
    pub need: String,
    pub contact_name: String,
    pub email: String,
    pub lang: Lang,
}

#[derive(Debug)]
pub enum RequestError {
    Invalid(Vec<(&'static str, &'static str)>),
    TooMany,
    Failed(BoxError),
}

pub async fn request(state: &AppState, input: &RequestInput, client: &str) -> Result<ConsultationId, RequestError> {
    let mut problems = Vec::new();
    let organisation = line(&input.organisation, 200)
        .map_err(|_| problems.push(("organisation", "consult-error-organisation")))
        .unwrap_or_default();
    let region = Province::parse(&input.region).map(|p| p.code().to_owned());
    if region.is_none() {
        problems.push(("region", "consult-error-region"));
    }
    let topic = ConsultationTopic::parse(&input.topic);
    if topic.is_none() {
        problems.push(("topic", "consult-error-topic"));
    }
    let need = input.need.trim();
    if need.is_empty() || need.chars().count() > 5000 {
        problems.push(("need", "consult-error-need"));
    }
    let contact = input.contact_name.trim();
    if contact.chars().count() > 100 || contact.chars().any(char::is_control) {
        problems.push(("contact_name", "consult-error-too-long"));
    }
    let email = EmailAddress::parse(&input.email).map_err(|m| problems.push(("email", m))).ok();
    let (Some(region), Some(topic), Some(email)) = (region, topic, email) else {
        return Err(RequestError::Invalid(problems));
    };
    if !problems.is_empty() {
        return Err(RequestError::Invalid(problems));
    }
    if !state.limits.check_client(Action::Subscribe, client)
        || !state.limits.check_account(Action::Subscribe, &email.normalized())
    {
        return Err(RequestError::TooMany);
    }
    let new = NewConsultation {
        organisation: &organisation,
        region: &region,
        topic,
        need,
        contact_name: contact,
        email: &email.normalized(),
        lang: input.lang.code(),
    };
    store::insert(&state.db, &new, state.clock.now_ms()).await.map_err(|e| RequestError::Failed(e.into()))
}

/// Staff's changes to a request, and an answer to mail (optional).
pub struct Follow<'a> {
    pub state: ConsultationState,
    pub assignee: Option<i64>,
    pub notes: &'a str,
    pub answer: &'a str,
}

pub async fn follow(
    state: &AppState,
    id: ConsultationId,
    follow: &Follow<'_>,
) -> Result<Result<(), Vec<(&'static str, &'static str)>>, BoxError> {
    let Some(row) = store::by_id(&state.db, id).await? else {
        return Ok(Err(vec![("state", "consult-error-missing")]));
    };
    if follow.notes.chars().count() > 20_000 || follow.answer.chars().count() > 20_000 {
        return Ok(Err(vec![("notes", "consult-error-too-long")]));
    }
    store::update(&state.db, id, follow.state, follow.assignee, follow.notes.trim(), state.clock.now_ms()).await?;
    let answer = follow.answer.trim();
    if !answer.is_empty() {
        let lang = Lang::parse(&row.lang).unwrap_or(Lang::En);
        let name = Some(row.contact_name.as_str()).filter(|n| !n.is_empty());
        let notice = Notice {
            lang,
            to: &row.email,
            name,
            subject: state.tr.t_args(lang, "consult-answer-subject", &[("organisation", &row.organisation)]),
            paragraphs: answer.split("\n\n").map(str::to_owned).collect(),
            action: None,
            why_id: "consult-answer-why",
        };
        mail::enqueue(state, &notice.render(state)?).await?;
    }
    Ok(Ok(()))
}

impl ConsultationRow {
    pub fn region_name(&self, lang: impl std::borrow::Borrow<Lang>) -> String {
        Province::parse(&self.region).map(|p| p.name(*lang.borrow()).to_owned()).unwrap_or_else(|| self.region.clone())
    }
}
