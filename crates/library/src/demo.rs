//! Demo library: the network's pages, news, events (one online, one cancelled), job postings and resources in both languages (one in French only, one with a
//! PDF whose text is searchable), so every section and feed can be seen populated.

use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::{AppState, BoxError};

use crate::events::{self, EventInput};
use crate::model::{PostingKind, ResourceKind};
use crate::news::{self, NewsInput};
use crate::pages::{self, PageInput};
use crate::postings::{self, PostingInput};
use crate::resources::{self, ResourceInput};

/// A one-page PDF whose text is `text` (Helvetica, WinAnsi: write é as `\351`), with a correct
/// cross-reference table: enough for a reader and for the text extraction.
pub fn sample_pdf(text: &str) -> Vec<u8> {
    sample_pdf_pages(&[text])
}

/// A PDF of one page per text, each line of a text a line of the page.
pub fn sample_pdf_pages(pages: &[&str]) -> Vec<u8> {
    let font = 3 + 2 * pages.len();
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 3 + 2 * i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()),
    ];
    for (i, text) in pages.iter().enumerate() {
        let lines: String = text.lines().map(|l| format!("({l}) Tj T* ")).collect();
        let content = format!("BT /F1 10 Tf 12 TL 72 740 Td {lines}ET");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>",
            4 + 2 * i
        ));
        objects.push(format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()));
    }
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned());
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

fn failed<E: std::fmt::Debug>(what: &str) -> impl FnOnce(E) -> BoxError + '_ {
    move |e| format!("demo {what}: {e:?}").into()
}

pub async fn fill(state: &AppState) -> Result<(), BoxError> {
    let pages = [
        (
            "about",
            "About the network",
            "À propos du réseau",
            "We are a national network of harm-reduction workers, agencies, organisations, and people who use drugs and their organisations, since 1999. We educate the public, politicians and the media, share research, and work with partner coalitions.",
            "Nous sommes un réseau national d’intervenants en réduction des méfaits, d’organismes, de personnes qui consomment des drogues et de leurs organisations, depuis 1999. Nous informons le public, les élus et les médias, partageons la recherche et travaillons avec des coalitions partenaires.",
        ),
        (
            "site-policy",
            "Site policy",
            "Politique du site",
            "Anyone may submit events, job postings and comments after accepting this policy. **Never disclose anyone's real name.** Moderators publish what respects it.",
            "Toute personne peut proposer des événements, des offres d’emploi et des commentaires après avoir accepté cette politique. **Ne révélez jamais le vrai nom de quelqu’un.** Les modératrices et modérateurs publient ce qui la respecte.",
        ),
        (
            "privacy",
            "Privacy",
            "Confidentialité",
            "We store no IP address, and this site loads nothing from other sites.",
            "Nous ne conservons aucune adresse IP, et ce site ne charge rien depuis d’autres sites.",
        ),
        (
            "contact",
            "Contact",
            "Nous joindre",
            "Write to us at the address at the foot of every page.",
            "Écrivez-nous à l’adresse au bas de chaque page.",
        ),
        (
            "media",
            "Media and presentations",
            "Médias et présentations",
            "Journalists: our spokespeople speak English and French.",
            "Journalistes : nos porte-parole parlent français et anglais.",
        ),
    ];
    for (slug, title_en, title_fr, body_en, body_fr) in pages {
        pages::save(state, None, &PageInput { slug, title_en, title_fr, body_en, body_fr })
            .await?
            .map_err(failed("page"))?;
    }
    let posts = [
        (
            "Our brief to the Standing Committee on Health",
            "Notre mémoire au Comité permanent de la santé",
            "We presented our brief on the toxic drug crisis. **Read it in the library.**",
            "Nous avons présenté notre mémoire sur la crise des drogues toxiques. **Lisez-le dans la bibliothèque.**",
        ),
        (
            "Overdose Awareness Day events across Canada",
            "Journée de sensibilisation aux surdoses partout au Canada",
            "Members are organising vigils in twelve cities.",
            "Des membres organisent des vigiles dans douze villes.",
        ),
        (
            "New peer worker toolkit",
            "Nouvelle trousse pour les pairs aidants",
            "A toolkit written by and for peer workers.",
            "Une trousse écrite par et pour les pairs aidants.",
        ),
    ];
    for (title_en, title_fr, body_en, body_fr) in posts {
        let input = NewsInput {
            title_en: title_en.into(),
            title_fr: title_fr.into(),
            body_en: body_en.into(),
            body_fr: body_fr.into(),
            ..NewsInput::default()
        };
        news::create(state, None, &input).await.map_err(failed("news"))?;
    }
    let now = state.clock.now_ms();
    let day = |days: i64, time: &str| {
        format!("{}T{time}", rendezvous_platform::clock::date_in(&state.config.timezone, now + days * DAY_MS))
    };
    let naloxone = EventInput {
        title_en: "Naloxone training".into(),
        title_fr: "Formation sur la naloxone".into(),
        description_en: "Learn to recognise and respond to an overdose. Kits given.".into(),
        description_fr: "Apprenez à reconnaître une surdose et à y répondre. Trousses remises.".into(),
        starts_at: day(9, "18:00"),
        ends_at: day(9, "20:00"),
        timezone: "America/Toronto".into(),
        location: s("Drop-in centre"),
        address: s("10 Elm St, Sudbury ON"),
        accessibility: s("Step-free entrance; ASL interpretation on request."),
        category: s("training"),
        organiser: s("Sudbury Harm Reduction"),
        ..EventInput::default()
    };
    events::create(state, None, &naloxone).await.map_err(failed("event"))?;
    let webinar = EventInput {
        title_en: "Webinar: drug checking in small cities".into(),
        title_fr: "Webinaire : la vérification des drogues dans les petites villes".into(),
        description_en: "Three services share what worked.".into(),
        description_fr: "Trois services partagent ce qui a fonctionné.".into(),
        starts_at: day(16, "13:00"),
        ends_at: day(16, "14:30"),
        timezone: "America/Vancouver".into(),
        online_url: s("https://meet.example.org/drug-checking"),
        category: s("webinar"),
        capacity: Some(300),
        ..EventInput::default()
    };
    events::create(state, None, &webinar).await.map_err(failed("event"))?;
    let vigil = EventInput {
        title_en: "Candlelight vigil".into(),
        title_fr: "Vigile aux chandelles".into(),
        starts_at: day(23, "19:00"),
        ends_at: day(23, "21:00"),
        timezone: "America/Halifax".into(),
        location: s("Grand Parade, Halifax"),
        category: s("vigil"),
        ..EventInput::default()
    };
    let vigil = events::create(state, None, &vigil).await.map_err(failed("event"))?;
    events::cancel(state, vigil).await.map_err(failed("event"))?;
    // The day after Toronto's next clock change, so the calendar checks see an instant whose offset
    // differs from today's (scripts/clients/check_library.py).
    let toronto = jiff::tz::TimeZone::get("America/Toronto").map_err(failed("time zone"))?;
    let after_change = jiff::Timestamp::from_millisecond(now)
        .ok()
        .and_then(|t| toronto.following(t).next())
        .and_then(|change| change.timestamp().to_zoned(toronto.clone()).date().tomorrow().ok())
        .ok_or_else(|| BoxError::from("no clock change ahead in America/Toronto"))?;
    let assembly = EventInput {
        title_en: "Ontario members' assembly".into(),
        title_fr: "Assemblée des membres de l’Ontario".into(),
        description_en: "Members from across Ontario plan the year's advocacy.".into(),
        description_fr: "Des membres de tout l’Ontario planifient les actions de l’année.".into(),
        starts_at: format!("{after_change}T10:00"),
        ends_at: format!("{after_change}T16:00"),
        timezone: "America/Toronto".into(),
        location: s("Friendship Centre"),
        address: s("1 Main St, Toronto ON"),
        category: s("assembly"),
        ..EventInput::default()
    };
    events::create(state, None, &assembly).await.map_err(failed("event"))?;
    let jobs = [
        (
            "Peer outreach worker",
            "Pair aidant·e de proximité",
            "Sudbury Harm Reduction",
            "$24/hour",
            PostingKind::Peer,
            20,
        ),
        (
            "Policy analyst (contract)",
            "Analyste des politiques (contrat)",
            "The network",
            "$6,000 for 3 months",
            PostingKind::Contract,
            45,
        ),
        ("Board member", "Membre du conseil", "Moms Stop the Harm (demo)", "Volunteer", PostingKind::Volunteer, 2),
    ];
    for (title_en, title_fr, organisation, pay, kind, days) in jobs {
        let input = PostingInput {
            title_en: title_en.into(),
            title_fr: title_fr.into(),
            description_en: "Join a team that puts people who use drugs first.".into(),
            description_fr:
                "Joignez-vous à une équipe qui met les personnes qui consomment des drogues au premier plan.".into(),
            organisation: organisation.into(),
            closes_on: rendezvous_platform::clock::date_in(&state.config.timezone, now + days * DAY_MS),
            pay: pay.into(),
            place: s("Sudbury, ON"),
            remote: Some(days == 45),
            kind: Some(kind),
            how_to_apply: s("Write to jobs@example.org with a short letter."),
        };
        postings::create(state, None, &input, None).await.map_err(|e| format!("demo posting: {e:?}"))?;
    }
    let briefs = [
        (
            ResourceKind::CommitteeSubmission,
            s("Brief on the toxic drug crisis"),
            s("Mémoire sur la crise des drogues toxiques"),
            "C-5",
            "Standing Committee on Health",
        ),
        (
            ResourceKind::ResearchReport,
            s("Harm reduction in small and medium Canadian cities"),
            s("La réduction des méfaits dans les petites et moyennes villes canadiennes"),
            "",
            "",
        ),
        (ResourceKind::Toolkit, s("Peer worker toolkit"), s("Trousse des pairs aidants"), "", ""),
        (ResourceKind::FactSheet, None, s("Fiche : l’hépatite C et la consommation"), "", ""),
        (ResourceKind::PositionStatement, s("Position: decriminalise simple possession"), None, "", ""),
    ];
    for (kind, title_en, title_fr, bill, committee) in briefs {
        let input = ResourceInput {
            kind,
            summary_en: title_en.as_ref().map(|_| "Our findings and recommendations.".to_owned()),
            summary_fr: title_fr.as_ref().map(|_| "Nos constats et recommandations.".to_owned()),
            title_en,
            title_fr,
            slug: None,
            date: None,
            authors: s("The network, with partner organisations"),
            topics: Some(vec!["overdose".into(), "drug policy".into()]),
            tags: None,
            bill: s(bill),
            committee: s(committee),
            committee_url: (!committee.is_empty()).then(|| "https://www.ourcommons.ca/Committees/en/HESA".to_owned()),
            draft: None,
        };
        let (id, _) = resources::create(state, None, &input).await.map_err(failed("resource"))?;
        if kind == ResourceKind::CommitteeSubmission {
            let pdf = sample_pdf("Supervised consumption sites and safer supply reduce overdose deaths.");
            let body = axum::body::Body::from(pdf);
            resources::put_file(
                state,
                id,
                rendezvous_platform::i18n::Lang::En,
                "application/pdf",
                Some("brief.pdf"),
                body,
            )
            .await
            .map_err(failed("file"))?;
            let pdf =
                sample_pdf("Les sites de consommation supervis\\351e r\\351duisent les d\\351c\\350s par surdose.");
            resources::put_file(
                state,
                id,
                rendezvous_platform::i18n::Lang::Fr,
                "application/pdf",
                Some("memoire.pdf"),
                axum::body::Body::from(pdf),
            )
            .await
            .map_err(failed("file"))?;
        }
    }
    let bulk: usize = std::env::var("RENDEZVOUS_DEMO_RESOURCES").ok().and_then(|n| n.parse().ok()).unwrap_or(0);
    bulk_resources(state, bulk).await?;
    let consultation = crate::consultations::RequestInput {
        organisation: "Centre de santé communautaire (démo)".into(),
        region: "QC".into(),
        topic: "hcv".into(),
        need: "Nous ouvrons un programme de dépistage du VHC et voudrions votre avis.".into(),
        contact_name: "Coordination".into(),
        email: "coordination@demo.rendezvous.example".into(),
        lang: rendezvous_platform::i18n::Lang::Fr,
    };
    crate::consultations::request(state, &consultation, "demo").await.map_err(failed("consultation"))?;
    Ok(())
}

/// Words for the bulk resources' text: their frequencies follow Zipf's law over 5,000 words
/// (`naloxone` is among the most common, `term4000` rare), with some accented French ones.
fn bulk_word(rank: usize) -> String {
    const COMMON: [&str; 12] = [
        "naloxone",
        "overdose",
        "réduction",
        "méfaits",
        "housing",
        "logement",
        "hépatite",
        "policy",
        "politique",
        "peer",
        "santé",
        "drug",
    ];
    COMMON.get(rank).map_or_else(|| format!("term{rank}"), |w| (*w).to_owned())
}

/// `count` more resources with about 300 words of text each, indexed as if read from their
/// files (for the search benchmark: `RENDEZVOUS_DEMO_RESOURCES`).
async fn bulk_resources(state: &AppState, count: usize) -> Result<(), BoxError> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..count {
        let lang = if i % 3 == 0 { "fr" } else { "en" };
        let title = format!("Report {i} on harm reduction");
        let input = ResourceInput {
            kind: ResourceKind::ALL[i % ResourceKind::ALL.len()],
            title_en: (lang == "en").then(|| title.clone()),
            title_fr: (lang == "fr").then(|| format!("Rapport {i} sur la réduction des méfaits")),
            summary_en: None,
            summary_fr: None,
            slug: Some(format!("bulk-report-{i}")),
            date: Some(format!("{}-0{}-1{}", 2015 + i % 10, 1 + i % 9, i % 10)),
            authors: None,
            topics: Some(vec![["overdose", "hiv", "hcv", "housing"][i % 4].into()]),
            tags: None,
            bill: None,
            committee: None,
            committee_url: None,
            draft: None,
        };
        let (id, _) = resources::create(state, None, &input).await.map_err(failed("bulk resource"))?;
        let text: Vec<String> = (0..300)
            .map(|_| {
                // Zipf over 5,000 ranks: rank = floor(5000^u) - 1 for u uniform in [0, 1).
                let u = (next() % 1_000_000) as f64 / 1_000_000.0;
                bulk_word((5000f64.powf(u) as usize).saturating_sub(1))
            })
            .collect();
        crate::store::resources::set_text(&state.db, id, lang, &text.join(" "), crate::model::TextState::Done).await?;
        resources::reindex(state, id, lang).await?;
    }
    Ok(())
}
