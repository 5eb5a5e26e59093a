//! Demo alerts: two regions, an alert published then updated, one cancelled, and a draft, so the
//! alert pages, the poster and every feed can be seen populated (and judged by the CAP schema).

use rendezvous_platform::auth::UserId;
use rendezvous_platform::{AppState, BoxError};

use crate::lifecycle::{self, AlertInput};
use crate::model::{Severity, Substance, Verification};
use crate::store::{self, NewRegion};

fn text(s: &str) -> Option<String> {
    Some(s.to_owned())
}

pub async fn fill(state: &AppState, author: UserId) -> Result<usize, BoxError> {
    let now = state.clock.now_ms();
    for (slug, province, en, fr, codes) in [
        ("vancouver-coastal", "BC", "Vancouver Coastal", "Vancouver Coastal", "5915"),
        ("toronto", "ON", "Toronto", "Toronto", "3520"),
    ] {
        let region = NewRegion { slug, province, name_en: en, name_fr: fr, geocodes: codes };
        store::insert_region(&state.db, &region, now).await?;
    }
    let carfentanil = AlertInput {
        regions: Some(vec!["vancouver-coastal".into()]),
        severity: Some(Severity::Extreme),
        verification: Some(Verification::DrugChecking),
        headline_en: text("Carfentanil in \"down\" in Vancouver"),
        headline_fr: text("Carfentanil dans du « down » à Vancouver"),
        summary_en: text(
            "Purple \"down\" sold as fentanyl contains carfentanil, far stronger. Several overdoses needed more naloxone than usual. Don't use alone; test first.",
        ),
        summary_fr: text(
            "Du « down » violet vendu comme fentanyl contient du carfentanil, beaucoup plus fort. Plusieurs surdoses ont demandé plus de naloxone que d'habitude. Ne consommez pas seul; faites tester.",
        ),
        details_en: text("Found by FTIR and test strips at two drug-checking sites, **3 samples** since Monday."),
        details_fr: text(
            "Trouvé par FTIR et bandelettes à deux sites de vérification, **3 échantillons** depuis lundi.",
        ),
        sold_as_en: text("fentanyl (\"down\")"),
        sold_as_fr: text("fentanyl (« down »)"),
        appearance_en: text("purple chunks"),
        appearance_fr: text("morceaux violets"),
        effects_en: text("sudden heavy sedation"),
        effects_fr: text("sédation lourde et soudaine"),
        substances: Some(vec![
            Substance { name: "carfentanil".into(), percent: None },
            Substance { name: "fentanyl".into(), percent: Some(12.0) },
        ]),
        source: text("Drug-checking service"),
        ..AlertInput::default()
    };
    let first = lifecycle::create_draft(state, author, &carfentanil).await?;
    lifecycle::publish(state, author, first).await?;
    let update = AlertInput {
        regions: Some(vec!["BC".into()]),
        note_en: text("Now found across the province."),
        note_fr: text("Maintenant trouvé dans toute la province."),
        ..AlertInput::default()
    };
    lifecycle::update(state, author, first, &update).await?;

    let xylazine = AlertInput {
        regions: Some(vec!["toronto".into()]),
        severity: Some(Severity::Severe),
        verification: Some(Verification::CommunityReport),
        headline_en: text("Xylazine suspected in Toronto"),
        headline_fr: text("Xylazine soupçonnée à Toronto"),
        summary_en: text("People report long sedation and wounds after using down. Not yet tested."),
        summary_fr: text(
            "Des personnes signalent une longue sédation et des plaies après du down. Pas encore analysé.",
        ),
        sold_as: text("down"),
        ..AlertInput::default()
    };
    let second = lifecycle::create_draft(state, author, &xylazine).await?;
    lifecycle::publish(state, author, second).await?;
    let cancel = AlertInput {
        note_en: text("Drug checking found no xylazine in these samples."),
        note_fr: text("La vérification n'a trouvé aucune xylazine dans ces échantillons."),
        ..AlertInput::default()
    };
    lifecycle::cancel(state, author, second, &cancel).await?;

    let draft = AlertInput {
        regions: Some(vec!["QC".into()]),
        headline_fr: text("Nitazènes dans des comprimés vendus comme oxycodone"),
        ..AlertInput::default()
    };
    lifecycle::create_draft(state, author, &draft).await?;
    Ok(3)
}
