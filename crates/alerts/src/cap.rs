//! CAP 1.2 messages in the Canadian profile (CAP-CP): one `<info>` per language (en-CA, fr-CA),
//! category Health, the areas with their SGC geocodes, `expires` and `senderName`; an update is
//! msgType Update and a cancellation Cancel, each with `references` naming every message before it.
//! Each published version is one message, rebuilt from the version kept.

use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;

use crate::areas::Places;
use crate::lifecycle::Alert;
use crate::mailing;
use crate::model::{AlertText, MsgType, cap_word};
use crate::store::VersionRow;

/// The media type of a CAP message.
pub const CONTENT_TYPE: &str = "application/cap+xml";

/// A CAP time: seconds, with an explicit offset (CAP forbids "Z").
pub fn cap_time(ms: i64) -> String {
    jiff::Timestamp::from_second(ms.div_euclid(1000))
        .map(|t| format!("{}-00:00", t.strftime("%Y-%m-%dT%H:%M:%S")))
        .unwrap_or_default()
}

/// Who sends: the site's host name (CAP forbids spaces and commas in it).
fn sender(state: &AppState) -> String {
    let host = state.base_url.split("://").nth(1).unwrap_or(&state.base_url);
    let host: String =
        host.split('/').next().unwrap_or(host).chars().filter(|c| !matches!(c, ',' | ' ' | '<' | '&')).collect();
    format!("alerts@{host}")
}

/// A message's identifier, unique to the sender: the alert and the version.
fn identifier(state: &AppState, alert_id: i64, version: i64) -> String {
    let sender = sender(state);
    let host = sender.trim_start_matches("alerts@").replace(':', "-");
    format!("{host}-alert-{alert_id}-v{version}")
}

struct CapArea {
    desc: String,
    geocodes: Vec<String>,
}

struct CapInfo {
    language: &'static str,
    event: String,
    response: &'static str,
    urgency: String,
    severity: String,
    certainty: String,
    effective: Option<String>,
    expires: String,
    sender_name: String,
    headline: String,
    description: String,
    instruction: String,
    web: String,
    areas: Vec<CapArea>,
}

#[derive(askama::Template)]
#[template(path = "alerts/cap.xml", escape = "html")]
struct CapMessage {
    identifier: String,
    sender: String,
    sent: String,
    msg_type: &'static str,
    references: String,
    infos: Vec<CapInfo>,
}

/// CAP's `description`: the summary, then what was sold and found, then the details.
fn description(state: &AppState, text: &AlertText, lang: Lang) -> String {
    let t = |id: &str| state.tr.t(lang, id);
    let mut out = text.summary.or_other(lang).to_owned();
    let mut facts = Vec::new();
    let sold = text.sold_as.or_other(lang);
    if !sold.is_empty() {
        facts.push(format!("{}: {sold}", t("alerts-sold-as")));
    }
    if !text.found().is_empty() {
        facts.push(format!("{}: {}", t("alerts-found"), text.found()));
    }
    for (id, b) in [("alerts-appearance", &text.appearance), ("alerts-effects", &text.effects)] {
        if !b.or_other(lang).is_empty() {
            facts.push(format!("{}: {}", t(id), b.or_other(lang)));
        }
    }
    if let Some(v) = text.verification {
        facts.push(format!("{}: {}", t("alerts-verification"), t(&format!("alerts-verification-{v}"))));
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&facts.join("\n"));
    }
    let details = text.details.or_other(lang);
    if !details.is_empty() {
        out.push_str("\n\n");
        out.push_str(details);
    }
    let note = text.note.or_other(lang);
    if !note.is_empty() {
        out = format!("{note}\n\n{out}");
    }
    out
}

/// The CAP message of one version of an alert; `earlier` are the versions before it.
pub fn message(
    state: &AppState,
    places: &Places,
    alert: &Alert,
    version: &VersionRow,
    earlier: &[VersionRow],
) -> String {
    let id = alert.row.id.0;
    let text: AlertText = serde_json::from_str(&version.content).unwrap_or_default();
    let areas = crate::areas::from_column(&version.areas);
    let as_version = Alert { text: text.clone(), areas: areas.clone(), ..alert.clone() };
    let sender = sender(state);
    let references = earlier
        .iter()
        .map(|v| format!("{sender},{},{}", identifier(state, id, v.version), cap_time(v.sent_at)))
        .collect::<Vec<_>>()
        .join(" ");
    let infos = [Lang::En, Lang::Fr]
        .into_iter()
        .map(|lang| CapInfo {
            language: match lang {
                Lang::En => "en-CA",
                Lang::Fr => "fr-CA",
            },
            event: state.tr.t(lang, "alerts-cap-event"),
            response: if version.msg_type == MsgType::Cancel { "AllClear" } else { "Avoid" },
            urgency: cap_word(text.urgency().as_str()),
            severity: text.severity.map(|s| cap_word(s.as_str())).unwrap_or_else(|| "Unknown".into()),
            certainty: cap_word(text.certainty().as_str()),
            effective: alert.row.effective_at.map(cap_time),
            expires: cap_time(version.expires_at),
            sender_name: state.config.org_name.clone(),
            headline: text.headline.or_other(lang).to_owned(),
            description: description(state, &text, lang),
            instruction: format!(
                "{}\n\n{}",
                mailing::instruction(state, &as_version, lang),
                state.tr.t(lang, "alerts-no-police")
            ),
            web: format!("{}/alerts/{id}", state.base_url),
            areas: areas.iter().map(|a| CapArea { desc: places.name(a, lang), geocodes: places.geocodes(a) }).collect(),
        })
        .collect();
    let message = CapMessage {
        identifier: identifier(state, id, version.version),
        sender,
        sent: cap_time(version.sent_at),
        msg_type: version.msg_type.as_str(),
        references,
        infos,
    };
    askama::Template::render(&message).unwrap_or_default()
}
