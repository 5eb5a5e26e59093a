//! Demo advocacy: a small House of Commons set (addresses at example.org), the House health
//! committee (12 members, as the real one) and the justice committee, a committee campaign and a
//! by-district campaign, and letters written to them (`RENDEZVOUS_DEMO_LETTERS`, default 40:
//! the benchmark asks for 1,000), so the public and admin pages can be seen populated. The data
//! is invented: no real representative's address is in it.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::{AppState, BoxError};

use rendezvous_platform::i18n::Lang;

use crate::letters::{self, LetterInput, TargetsInput};
use crate::writing::{self, Draft, WriteError};

const HOUSE: &str = "District name,Elected office,First name,Last name,Party name,Email,Phone,Address,Province,Committees
Sudbury,MP,Viviane,Lapierre,Liberal,mp.sudbury@example.org,705-555-0101,\"House of Commons, Ottawa ON K1A 0A6\",ON,HESA
Vancouver East,MP,Jenna,Kwan-Lee,NDP,mp.vancouver-east@example.org,604-555-0102,\"House of Commons, Ottawa ON K1A 0A6\",BC,HESA;JUST
Papineau,MP,Justin,Tremblay,Liberal,mp.papineau@example.org,514-555-0103,\"House of Commons, Ottawa ON K1A 0A6\",QC,
Hochelaga,MP,Soraya,Martinez,Bloc Québécois,mp.hochelaga@example.org,514-555-0104,\"House of Commons, Ottawa ON K1A 0A6\",QC,HESA
Calgary Centre,MP,Greg,McLean-Fox,Conservative,mp.calgary-centre@example.org,403-555-0105,\"House of Commons, Ottawa ON K1A 0A6\",AB,HESA;JUST
Halifax,MP,Lena,Diab-Roy,Liberal,mp.halifax@example.org,902-555-0106,\"House of Commons, Ottawa ON K1A 0A6\",NS,HESA
Winnipeg Centre,MP,Leah,Gazan-Moore,NDP,mp.winnipeg-centre@example.org,204-555-0107,\"House of Commons, Ottawa ON K1A 0A6\",MB,JUST
Toronto Centre,MP,Marci,Ien-Ford,Liberal,mp.toronto-centre@example.org,416-555-0108,\"House of Commons, Ottawa ON K1A 0A6\",ON,HESA
Saskatoon West,MP,Brad,Redekopp-Lee,Conservative,mp.saskatoon-west@example.org,306-555-0109,\"House of Commons, Ottawa ON K1A 0A6\",SK,HESA
Victoria,MP,Laurel,Collins-Park,NDP,mp.victoria@example.org,250-555-0110,\"House of Commons, Ottawa ON K1A 0A6\",BC,HESA
Laurier—Sainte-Marie,MP,Steven,Guilbeault-Roy,Liberal,mp.laurier@example.org,514-555-0111,\"House of Commons, Ottawa ON K1A 0A6\",QC,HESA
Edmonton Centre,MP,Randy,Boissonnault-Hay,Liberal,mp.edmonton-centre@example.org,780-555-0112,\"House of Commons, Ottawa ON K1A 0A6\",AB,HESA
Kitchener Centre,MP,Mike,Morrice-Dean,Green,mp.kitchener-centre@example.org,519-555-0113,\"House of Commons, Ottawa ON K1A 0A6\",ON,HESA
St. John's East,MP,Joanne,Thompson-Hale,Liberal,mp.stjohns-east@example.org,709-555-0114,\"House of Commons, Ottawa ON K1A 0A6\",NL,HESA
Charlottetown,MP,Sean,Casey-Doyle,Liberal,mp.charlottetown@example.org,902-555-0115,\"House of Commons, Ottawa ON K1A 0A6\",PE,JUST
Nunavut,MP,Lori,Idlout-Kane,NDP,mp.nunavut@example.org,867-555-0116,\"House of Commons, Ottawa ON K1A 0A6\",NU,JUST
";

pub async fn fill(state: &AppState, author: UserId) -> Result<usize, BoxError> {
    crate::targets::import(
        &state.db,
        &state.clock,
        "house-of-commons",
        Some("House of Commons"),
        Some("Chambre des communes"),
        HOUSE.as_bytes(),
    )
    .await?;
    let now = state.clock.now_ms();
    crate::store::targets::save_committee(
        &state.db,
        "HESA",
        "Standing Committee on Health",
        "Comité permanent de la santé",
        Some("https://www.ourcommons.ca/Committees/en/HESA"),
        now,
    )
    .await?;
    crate::store::targets::save_committee(
        &state.db,
        "JUST",
        "Standing Committee on Justice and Human Rights",
        "Comité permanent de la justice et des droits de la personne",
        Some("https://www.ourcommons.ca/Committees/en/JUST"),
        now,
    )
    .await?;
    let committee = LetterInput {
        slug: "safer-supply-hesa".into(),
        title_en: "Tell the Health Committee: keep safer supply".into(),
        title_fr: "Dites au Comité de la santé : maintenez l’approvisionnement plus sûr".into(),
        intro_en: "The House health committee is studying the toxic drug crisis. Write to its members before they report.".into(),
        intro_fr: "Le comité de la santé de la Chambre étudie la crise des drogues toxiques. Écrivez à ses membres avant leur rapport.".into(),
        subject_en: "Keep safer supply programmes".into(),
        subject_fr: "Maintenez les programmes d’approvisionnement plus sûr".into(),
        body_en: "Dear committee member,\n\nSafer supply programmes keep people alive while they find their way to care. Please recommend that they be funded and widened.\n\nThank you.".into(),
        body_fr: "Madame, Monsieur,\n\nLes programmes d’approvisionnement plus sûr gardent les gens en vie pendant qu’ils trouvent des soins. Recommandez, s’il vous plaît, qu’ils soient financés et élargis.\n\nMerci.".into(),
        goal: Some(500),
        targets: TargetsInput { set: Some("house-of-commons".into()), committee: Some("hesa".into()), ..TargetsInput::default() },
        ..LetterInput::default()
    };
    let district = LetterInput {
        slug: "decriminalise".into(),
        title_en: "Ask your MP to support decriminalisation".into(),
        title_fr: "Demandez à votre député·e d’appuyer la décriminalisation".into(),
        intro_en: "People who use drugs need care, not a criminal record. Write to your own member of Parliament.".into(),
        intro_fr: "Les personnes qui consomment des drogues ont besoin de soins, pas d’un casier judiciaire. Écrivez à votre député·e.".into(),
        subject_en: "Please support decriminalising simple possession".into(),
        subject_fr: "Appuyez la décriminalisation de la possession simple".into(),
        body_en: "Dear member of Parliament,\n\nAs your constituent, I ask you to support ending criminal penalties for simple possession of drugs, and to fund health and social services instead.\n\nSincerely,".into(),
        body_fr: "Madame la députée, Monsieur le député,\n\nEn tant que personne de votre circonscription, je vous demande d’appuyer la fin des peines criminelles pour la possession simple de drogues, et de financer plutôt les services sociaux et de santé.\n\nVeuillez agréer mes salutations distinguées.".into(),
        goal: Some(1000),
        targets: TargetsInput { set: Some("house-of-commons".into()), by: Some("district".into()), ..TargetsInput::default() },
        ..LetterInput::default()
    };
    let mut made = 0;
    for input in [committee, district] {
        if letters::create(state, Some(author.0), &input).await.is_ok() {
            made += 1;
        }
    }
    // By default the demo's letters are history, recorded as delivered (nothing is mailed to its
    // example addresses); a number asked for leaves them waiting for delivery, as the benchmark
    // wants.
    let asked: Option<usize> = std::env::var("RENDEZVOUS_DEMO_LETTERS").ok().and_then(|n| n.parse().ok());
    let letter = write_letters(state, "safer-supply-hesa", asked.unwrap_or(40)).await?;
    if let (None, Some(letter)) = (asked, letter) {
        let now = state.clock.now_ms();
        for (message, letters, personalised) in crate::store::messages::waiting_counts(&state.db, letter).await? {
            crate::store::messages::mark_sent(&state.db, message, letters, personalised, now).await?;
        }
    }
    Ok(made)
}

/// Letters from demo writers, confirmed as a signed-in member's are (their own address): one in
/// three in the writer's own words; four of the first twenty signed collectively (so a run with
/// many writers is almost all named letters, which scripts/bench-letters counts on).
async fn write_letters(state: &AppState, slug: &str, writers: usize) -> Result<Option<crate::LetterId>, BoxError> {
    let Some(letter) = crate::store::letters::letter_by_slug(&state.db, slug).await? else { return Ok(None) };
    for i in 0..writers {
        let lang = if i % 4 == 0 { Lang::Fr } else { Lang::En };
        let email = format!("writer{i}@demo.rendezvous.example");
        let own = format!(
            "{}\n\nI work at a harm-reduction site (writer {i}): safer supply kept people I know alive.",
            letter.body(lang)
        );
        let draft = Draft {
            name: format!("Writer {i}"),
            email: email.clone(),
            town: ["Sudbury", "Halifax", "Regina", "Gatineau"][i % 4].into(),
            subject: letter.subject(lang).into(),
            body: if i % 3 == 0 { own } else { letter.body(lang).into() },
            lang,
            signing: if i < 20 && i % 5 == 4 { "collective" } else { "named" }.into(),
            ..Draft::default()
        };
        match writing::write(state, &letter, &draft, Some(&email)).await {
            Ok(_) => {}
            Err(WriteError::Failed(e)) => return Err(e),
            Err(WriteError::Invalid(problems)) => return Err(format!("demo letter refused: {problems:?}").into()),
        }
    }
    Ok(Some(letter.id))
}
