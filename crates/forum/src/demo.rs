//! Demo discussions: a public welcome space, a members' practice space with content warnings, a
//! peer space for the hidden "peer-space" group (anonymous posting, first posts held), and
//! announcements only moderators post in. A few threads each, written straight to the store.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::{AppState, BoxError};

use crate::ids::ThreadId;
use crate::markdown;
use crate::model::PostState;
use crate::model::{PostRule, ReadRule};
use crate::store::posts::{self as post_store, NewPost};
use crate::store::spaces::{self as space_store, NewSpace};
use crate::store::{search, threads as thread_store};

struct DemoSpace {
    slug: &'static str,
    names: (&'static str, &'static str),
    descriptions: (&'static str, &'static str),
    read: &'static str,
    post: &'static str,
    anonymous: bool,
    warnings: bool,
    hold: i64,
}

const SPACES: [DemoSpace; 4] = [
    DemoSpace {
        slug: "welcome",
        names: ("Welcome", "Bienvenue"),
        descriptions: ("Introduce yourself and ask anything.", "Présentez-vous et posez vos questions."),
        read: "public",
        post: "members",
        anonymous: false,
        warnings: false,
        hold: 0,
    },
    DemoSpace {
        slug: "practice",
        names: ("Harm-reduction practice", "Pratiques de réduction des méfaits"),
        descriptions: (
            "Workers and agencies share what works.",
            "Les intervenant·e·s et les organismes partagent ce qui marche.",
        ),
        read: "members",
        post: "members",
        anonymous: false,
        warnings: true,
        hold: 0,
    },
    DemoSpace {
        slug: "peer-support",
        names: ("Peer support", "Soutien entre pairs"),
        descriptions: (
            "For people who use drugs. Post anonymously if you wish.",
            "Pour les personnes qui utilisent des drogues. Publiez anonymement si vous le voulez.",
        ),
        read: "group:peer-space",
        post: "group:peer-space",
        anonymous: true,
        warnings: true,
        hold: 1,
    },
    DemoSpace {
        slug: "announcements",
        names: ("Announcements", "Annonces"),
        descriptions: ("News from the network.", "Nouvelles du réseau."),
        read: "public",
        post: "moderators",
        anonymous: false,
        warnings: false,
        hold: 0,
    },
];

/// (space, title, posts: (body, anonymous, content warning)).
type DemoThread = (&'static str, &'static str, &'static [(&'static str, bool, Option<&'static str>)]);

const THREADS: &[DemoThread] = &[
    (
        "welcome",
        "Hello from Winnipeg",
        &[
            ("Hi all — I coordinate a drop-in in Winnipeg. Glad to find this place.", false, None),
            ("Welcome! The **practice** space has a thread on drug-checking you may like.", false, None),
            ("Bienvenue ! Nous sommes à Montréal, au plaisir d’échanger.", false, None),
        ],
    ),
    (
        "welcome",
        "Bonjour de Québec",
        &[
            ("Bonjour ! Je travaille en travail de rue à Québec.", false, None),
            ("Welcome, and thanks for posting in French — we read both.", false, None),
        ],
    ),
    (
        "practice",
        "Drug-checking with fentanyl test strips",
        &[
            (
                "What is your protocol for **fentanyl test strips** at the front desk?\n\n1. Dilute\n2. Dip 15 s\n3. Read at 5 min",
                false,
                None,
            ),
            ("We keep a log sheet. False negatives happen with analogues; say so to people.", false, None),
            ("We lost two regulars last month to a contaminated batch.", false, Some("overdose deaths")),
        ],
    ),
    (
        "practice",
        "Naloxone kits: where do you restock?",
        &[
            ("Provincial programme or pharmacies? Our supply has been uneven.", false, None),
            ("Pharmacies in Ontario restock for free under the ONP.", false, None),
        ],
    ),
    (
        "peer-support",
        "Rough week",
        &[
            ("Rough week. Tapering and it is hard. Just needed to say it somewhere.", true, Some("withdrawal")),
            ("You are not alone. One day at a time, your pace.", true, None),
            ("Sending support. The peer line is open tonight too.", false, None),
        ],
    ),
    (
        "announcements",
        "Annual meeting: save the date",
        &[(
            "The annual meeting is on **June 14**, online and in Ottawa. Details soon.\n\nL’assemblée annuelle aura lieu le **14 juin**.",
            false,
            None,
        )],
    ),
];

/// Fills the forum. `members` write in the open spaces; `peers` (members of the peer-space
/// group) in the peer space; `moderator` posts announcements and moderates every space.
pub async fn fill(
    state: &AppState,
    members: &[UserId],
    peers: &[UserId],
    moderator: UserId,
) -> Result<usize, BoxError> {
    let now = state.clock.now_ms();
    let mut space_ids = Vec::new();
    for s in &SPACES {
        let new = NewSpace {
            slug: s.slug.into(),
            name_en: s.names.0.into(),
            name_fr: s.names.1.into(),
            description_en: s.descriptions.0.into(),
            description_fr: s.descriptions.1.into(),
            read: ReadRule::parse(s.read).ok_or("demo read rule")?,
            post: PostRule::parse(s.post).ok_or("demo post rule")?,
            allow_anonymous: s.anonymous,
            content_warnings: s.warnings,
            allow_images: false,
            hold_first_posts: s.hold,
        };
        let id = space_store::insert(&state.db, &new, now).await?;
        space_store::add_moderator(&state.db, id, moderator, now).await?;
        space_ids.push((s.slug, id));
    }
    let mut posts = 0;
    for (n, (slug, title, bodies)) in THREADS.iter().enumerate() {
        let space_id = space_ids.iter().find(|(s, _)| s == slug).map(|(_, id)| *id).ok_or("demo space")?;
        let pool: &[UserId] = match *slug {
            "peer-support" if !peers.is_empty() => peers,
            "announcements" => std::slice::from_ref(&moderator),
            _ => members,
        };
        if pool.is_empty() {
            continue;
        }
        let at = |i: usize| now - ((THREADS.len() - n) as i64 * 86_400_000) + i as i64 * 3_600_000;
        let mut tx = state.db.begin_write().await?;
        let (_, first_anonymous, _) = bodies[0];
        let thread_id = thread_store::insert(
            &mut tx,
            space_id,
            pool[n % pool.len()],
            first_anonymous,
            title,
            PostState::Visible,
            at(0),
        )
        .await?;
        for (i, (body, anonymous, warning)) in bodies.iter().enumerate() {
            let html = markdown::render(body, false);
            let post = NewPost {
                thread_id,
                space_id,
                author_id: pool[(n + i) % pool.len()],
                anonymous: *anonymous,
                body_markdown: body,
                body_html: &html,
                content_warning: *warning,
                quote_of: None,
                state: PostState::Visible,
            };
            let id = post_store::insert(&mut tx, &post, at(i)).await?;
            let indexed_title = if i == 0 { *title } else { "" };
            search::index(&mut tx, state.db.dialect, id, indexed_title, &markdown::plain_text(body)).await?;
            posts += 1;
        }
        thread_store::refresh(&mut tx, thread_id, now).await?;
        tx.commit().await?;
    }
    Ok(posts)
}

const WORDS: &[&str] = &[
    "naloxone",
    "fentanyl",
    "drug-checking",
    "outreach",
    "housing",
    "stigma",
    "overdose",
    "supply",
    "policy",
    "peer",
    "clinic",
    "shelter",
    "winter",
    "funding",
    "training",
    "kits",
    "strips",
    "safer",
    "consumption",
    "site",
    "réduction",
    "méfaits",
    "logement",
    "intervenant",
    "pairs",
    "hiver",
    "trousse",
    "surdose",
    "programme",
    "rue",
    "community",
    "grief",
    "support",
    "meeting",
    "province",
    "research",
    "stimulants",
    "opioids",
    "alcohol",
    "cannabis",
];

/// Bulk discussions for benchmarks: one thread of exactly 50 posts (its id is returned), then
/// `posts` more posts in threads of 25 in the welcome space. Words follow Zipf's law over a
/// 5,000-word vocabulary (common function words, then the forum's own words, then `termN`), as
/// real text does: "naloxone" is in about a fifth of the posts, "term3000" in a few dozen.
pub async fn fill_bulk(state: &AppState, authors: &[UserId], posts: usize) -> Result<ThreadId, BoxError> {
    const VOCABULARY: usize = 5_000;
    const FUNCTION_WORDS: &[&str] =
        &["the", "and", "of", "to", "in", "for", "is", "on", "with", "we", "our", "et", "de", "la", "les"];
    let space = space_store::by_slug(&state.db, "welcome").await?.ok_or("the demo's welcome space")?;
    let now = state.clock.now_ms();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut cumulative = Vec::with_capacity(VOCABULARY);
    let mut total = 0.0;
    for rank in 1..=VOCABULARY {
        total += 1.0 / rank as f64;
        cumulative.push(total);
    }
    let word = |rank: usize| -> String {
        if let Some(w) = FUNCTION_WORDS.get(rank) {
            (*w).to_owned()
        } else if let Some(w) = WORDS.get(rank - FUNCTION_WORDS.len()) {
            (*w).to_owned()
        } else {
            format!("term{rank}")
        }
    };
    let mut sentence = |n: usize| -> String {
        (0..n)
            .map(|_| {
                let u = (next() >> 11) as f64 / (1u64 << 53) as f64 * total;
                word(cumulative.partition_point(|c| *c < u).min(VOCABULARY - 1))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut fifty = ThreadId::default();
    let mut written = 0;
    let mut thread_no = 0;
    while written < posts + 50 {
        let size = if thread_no == 0 { 50 } else { 25 };
        let mut tx = state.db.begin_write().await?;
        let title = format!("{} ({thread_no})", sentence(4));
        let author = authors.get(thread_no % authors.len().max(1)).copied().unwrap_or(UserId(1));
        let thread_id = thread_store::insert(&mut tx, space.id, author, false, &title, PostState::Visible, now).await?;
        if thread_no == 0 {
            fifty = thread_id;
        }
        for i in 0..size {
            let body = format!("{}.\n\n{} **{}**.", sentence(20), sentence(12), sentence(2));
            let html = markdown::render(&body, false);
            let post = NewPost {
                thread_id,
                space_id: space.id,
                author_id: authors.get((thread_no + i) % authors.len().max(1)).copied().unwrap_or(UserId(1)),
                anonymous: i % 7 == 3,
                body_markdown: &body,
                body_html: &html,
                content_warning: None,
                quote_of: None,
                state: PostState::Visible,
            };
            let id = post_store::insert(&mut tx, &post, now - 1000 + i as i64).await?;
            search::index(
                &mut tx,
                state.db.dialect,
                id,
                if i == 0 { &title } else { "" },
                &markdown::plain_text(&body),
            )
            .await?;
        }
        thread_store::refresh(&mut tx, thread_id, now).await?;
        tx.commit().await?;
        written += size;
        thread_no += 1;
    }
    Ok(fifty)
}
