//! `rendezvous demo`: fills an empty database with a realistic demo network, so that every page
//! can be seen populated. Later features add their own demo data here.

use rendezvous_accounts::{AccountSpec, create_account, enable_two_factor_with_secret, totp};
use rendezvous_platform::auth::Role;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::{AppState, BoxError};

pub const DEMO_PASSWORD: &str = "demo-password";

const FIRST: &[&str] = &[
    "Night", "River", "Prairie", "Harbour", "Aurora", "Cedar", "Maple", "Northern", "Quiet", "Salt", "Birch", "Lynx",
    "Brave", "Loon", "Tamarack", "Sable", "Juniper", "Foxglove", "Granite", "Willow",
];
const SECOND: &[&str] = &[
    "Owl", "Otter", "Heron", "Raven", "Fox", "Beaver", "Crow", "Hare", "Moose", "Marten", "Wolf", "Finch", "Bear",
    "Sparrow", "Caribou", "Trout",
];
const FRENCH: &[&str] = &[
    "Hibou de nuit",
    "Loutre rieuse",
    "Héron bleu",
    "Corbeau sage",
    "Renard roux",
    "Castor tranquille",
    "Lièvre agile",
    "Orignal du Nord",
    "Martre curieuse",
    "Mésange",
    "Caribou des bois",
    "Érable rouge",
];

/// What the demo created, for the console.
pub struct DemoSummary {
    pub people: usize,
    pub subscribers: u64,
    pub admin_email: String,
    pub admin_totp_secret: String,
    pub admin_recovery_code: String,
}

pub async fn fill(state: &AppState) -> Result<DemoSummary, BoxError> {
    if rendezvous_accounts::any_account_exists(&state.db).await? {
        return Err("the database already has accounts: the demo only fills an empty one".into());
    }
    let (db, clock) = (&state.db, &state.clock);
    let mut people = 0;
    let mut add = |email: String, name: String, lang: Lang, roles: &'static [Role]| {
        people += 1;
        async move {
            let spec = AccountSpec { email: &email, display_name: &name, password: DEMO_PASSWORD, lang, roles };
            create_account(db, clock, &spec, None).await
        }
    };

    let admin = add("admin@demo.rendezvous.example".into(), "Ada (admin)".into(), Lang::En, &[Role::ADMIN]).await?;
    add("admin-fr@demo.rendezvous.example".into(), "Gisèle (admin)".into(), Lang::Fr, &[Role::ADMIN]).await?;
    let mut moderators = Vec::new();
    for (i, name) in ["Moss (moderator)", "Étienne (modérateur)", "Kestrel (moderator)"].iter().enumerate() {
        let lang = if i == 1 { Lang::Fr } else { Lang::En };
        let id = add(
            format!("moderator{}@demo.rendezvous.example", i + 1),
            (*name).into(),
            lang,
            &[rendezvous_forum::MODERATOR, rendezvous_members::MEMBER],
        )
        .await?;
        moderators.push(id);
    }
    let mut forum_members = Vec::new();
    for i in 0..40 {
        let (name, lang) = if i % 4 == 3 {
            (format!("{} {}", FRENCH[i % FRENCH.len()], i), Lang::Fr)
        } else {
            (format!("{} {} {}", FIRST[i % FIRST.len()], SECOND[(i * 7) % SECOND.len()], i), Lang::En)
        };
        let id =
            add(format!("member{}@demo.rendezvous.example", i + 1), name, lang, &[rendezvous_members::MEMBER]).await?;
        forum_members.push(id);
    }
    for i in 0..15 {
        let name = format!("{} {}", SECOND[(i * 3) % SECOND.len()], 100 + i);
        add(format!("visitor{}@demo.rendezvous.example", i + 1), name, Lang::En, &[]).await?;
    }

    // The first admin gets two-factor authentication, so the admin pages work at once.
    let secret = totp::new_secret();
    enable_two_factor_with_secret(db, admin, &secret, clock.now_ms()).await?;
    let codes = totp::new_recovery_codes();
    rendezvous_accounts::replace_recovery_codes(db, admin, &codes).await?;
    state.clear_setup_code();
    let subscribers = rendezvous_newsletter::demo::fill(db, clock).await?;
    // Members share the admin's password hash: hashing a thousand passwords would take minutes.
    let hash = rendezvous_accounts::user_by_email(db, "admin@demo.rendezvous.example")
        .await?
        .map(|u| u.password_hash)
        .unwrap_or_default();
    let sized = |name: &str, default: usize| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let members = rendezvous_members::demo::fill(
        db,
        clock,
        &hash,
        sized("RENDEZVOUS_DEMO_MEMBERS", 1_000),
        sized("RENDEZVOUS_DEMO_ORGANISATIONS", 300),
    )
    .await?;
    people += members.people;
    // The peer space's group gets the first few demo members, so its discussions can be seen.
    let peers = &forum_members[..forum_members.len().min(4)];
    rendezvous_members::groups::add_active_members(db, "peer-space", peers, clock.now_ms()).await?;
    let moderator = moderators.first().copied().unwrap_or(admin);
    rendezvous_forum::demo::fill(state, &forum_members, peers, moderator).await?;
    rendezvous_alerts::demo::fill(state, moderator).await?;
    rendezvous_advocacy::demo::fill(state, moderator).await?;
    rendezvous_library::demo::fill(state).await?;
    let forum_posts = sized("RENDEZVOUS_DEMO_FORUM_POSTS", 0);
    if forum_posts > 0 {
        let fifty = rendezvous_forum::demo::fill_bulk(state, &forum_members, forum_posts).await?;
        println!("Forum: {forum_posts} more posts; a thread of 50 posts at /forum/t/{fifty}");
    }
    Ok(DemoSummary {
        people,
        subscribers,
        admin_email: "admin@demo.rendezvous.example".into(),
        admin_totp_secret: secret,
        admin_recovery_code: codes.first().cloned().unwrap_or_default(),
    })
}
