//! What the home page shows of the library: who we are (the About page's first paragraph), the
//! latest news and resources, the next events and the open job postings.

use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;

use crate::store::resources::Filters;
use crate::store::{events, news, pages, postings, resources};

/// One line of a home page section.
pub struct Item {
    pub title: String,
    pub href: String,
    /// A date, place or organisation, already in words.
    pub detail: String,
}

#[derive(Default)]
pub struct FrontDoor {
    /// The About page's first paragraph, when it is written.
    pub about: Option<String>,
    pub news: Vec<Item>,
    pub events: Vec<Item>,
    pub resources: Vec<Item>,
    pub jobs: Vec<Item>,
}

pub async fn front_door(state: &AppState, lang: Lang) -> Result<FrontDoor, sqlx::Error> {
    let db = &state.db;
    let now = state.clock.now_ms();
    let about = pages::current(db, "about").await?.map(|p| p.lead(lang));
    let news = news::published(db, 3, 0)
        .await?
        .into_iter()
        .map(|p| Item {
            title: p.title(lang).to_owned(),
            href: format!("/news/{}", p.slug),
            detail: p.author_line.clone(),
        })
        .collect();
    let events = events::upcoming(db, now, now, None, 3)
        .await?
        .into_iter()
        .filter(|e| !e.is_cancelled())
        .map(|e| Item { title: e.title(lang).to_owned(), href: format!("/events/{}", e.id), detail: e.local_start() })
        .collect();
    let rows = resources::published(db, &Filters::default(), 3, 0).await?;
    let resources = crate::routes::listed(state, rows, lang)
        .await?
        .into_iter()
        .map(|l| Item {
            title: l.title,
            href: format!("/library/{}", l.resource.slug),
            detail: l.resource.published_on,
        })
        .collect();
    let jobs = postings::open(db, now)
        .await?
        .into_iter()
        .take(3)
        .map(|p| Item {
            title: p.title(lang).to_owned(),
            href: format!("/jobs/{}", p.id),
            detail: p.organisation.clone(),
        })
        .collect();
    Ok(FrontDoor { about, news, events, resources, jobs })
}
