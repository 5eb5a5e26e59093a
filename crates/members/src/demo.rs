//! Demo data with the network's shape: people and organisations spread over the provinces and
//! territories by population, memberships at every stage, directory profiles with a mix of
//! choices (most people listed, most fields for members only, a few with the lived-experience
//! category), committees, caucuses and a hidden peer space. Deterministic, and fast: accounts
//! share one password hash computed by the caller.

use crate::model::DelegateRole;
use crate::model::{GroupMemberState, GroupRole};
use rendezvous_accounts::{NewUser, insert_user};
use rendezvous_platform::clock::{Clock, DAY_MS};
use rendezvous_platform::db::Db;
use rendezvous_platform::geo::Province;
use rendezvous_platform::i18n::Lang;

use crate::model::{ForKind, GroupVisibility, Joining, OrgKind, Service, Status, Term, set_column};
use crate::store::catalogue::{self, NewType};
use crate::store::groups;
use crate::store::memberships::{StatedMembership, insert_stated};
use crate::store::organisations::{self, OrganisationFields};
use crate::store::profiles::{self, ProfileRow};

/// What the demo added.
#[derive(Debug, Default, Clone, Copy)]
pub struct DemoCounts {
    pub people: usize,
    pub organisations: usize,
}

/// A small deterministic generator: the demo looks the same every time.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn province_for(dice: &mut Dice) -> Province {
    let total: u64 = Province::ALL.iter().map(|p| u64::from(p.population_weight())).sum();
    let mut pick = dice.below(total);
    for province in Province::ALL {
        let weight = u64::from(province.population_weight());
        if pick < weight {
            return province;
        }
        pick -= weight;
    }
    Province::ON
}

fn cities(province: Province) -> &'static [&'static str] {
    match province {
        Province::ON => &["Toronto", "Ottawa", "Hamilton", "London", "Sudbury", "Thunder Bay", "Kingston"],
        Province::QC => &["Montréal", "Québec", "Gatineau", "Sherbrooke", "Trois-Rivières", "Rimouski"],
        Province::BC => &["Vancouver", "Victoria", "Kamloops", "Prince George", "Nanaimo"],
        Province::AB => &["Calgary", "Edmonton", "Lethbridge", "Red Deer"],
        Province::MB => &["Winnipeg", "Brandon", "Thompson"],
        Province::SK => &["Regina", "Saskatoon", "Prince Albert"],
        Province::NS => &["Halifax", "Sydney", "Truro"],
        Province::NB => &["Moncton", "Saint John", "Fredericton"],
        Province::NL => &["St. John's", "Corner Brook", "Gander"],
        Province::PE => &["Charlottetown", "Summerside"],
        Province::NT => &["Yellowknife", "Inuvik"],
        Province::YT => &["Whitehorse", "Dawson City"],
        Province::NU => &["Iqaluit", "Rankin Inlet"],
    }
}

const ORG_WORDS: &[&str] = &[
    "Harm Reduction Network",
    "Outreach Collective",
    "Peer Support Society",
    "Community Health Centre",
    "Drug User Union",
    "Street Health",
    "Overdose Prevention Society",
    "Research Unit",
    "AIDS Committee",
    "Housing First Coalition",
];
const NAMES: &[&str] = &[
    "Night Owl",
    "River Otter",
    "Prairie Heron",
    "Harbour Raven",
    "Aurora Fox",
    "Cedar Beaver",
    "Maple Crow",
    "Northern Hare",
    "Quiet Moose",
    "Salt Marten",
    "Birch Wolf",
    "Lynx Finch",
    "Loon Bear",
    "Sable Sparrow",
    "Juniper Caribou",
    "Willow Trout",
    "Renard roux",
    "Héron bleu",
    "Loutre rieuse",
    "Mésange",
    "Érable rouge",
];

/// Weighted visibility: most fields for members, some public, a few for admins or no one.
fn level(dice: &mut Dice) -> &'static str {
    match dice.below(10) {
        0..=1 => "public",
        2..=6 => "members",
        7 => "admins",
        _ => "hidden",
    }
}

/// Adds `people` members and `organisations` organisations. `password_hash` is shared by every
/// demo account (hashing thousands of passwords would take minutes).
pub async fn fill(
    db: &Db,
    clock: &Clock,
    password_hash: &str,
    people: usize,
    organisation_count: usize,
) -> Result<DemoCounts, sqlx::Error> {
    let now = clock.now_ms();
    let mut dice = Dice(0x5eed_4d31);
    let person_type = catalogue::insert_type(
        db,
        &demo_type("individual", "Individual member", "Membre individuel", ForKind::Person, Term::Annual),
        now,
    )
    .await?;
    let org_type = catalogue::insert_type(
        db,
        &demo_type(
            "organisation",
            "Organisational member",
            "Membre organisationnel",
            ForKind::Organisation,
            Term::Annual,
        ),
        now,
    )
    .await?;
    catalogue::insert_type(
        db,
        &demo_type(
            "supporter",
            "Supporter (6 months)",
            "Sympathisant (6 mois)",
            ForKind::Person,
            Term::Rolling { months: 6 },
        ),
        now,
    )
    .await?;
    let categories = catalogue::categories(db).await?;
    let group_ids = [
        groups::insert(
            db,
            "board",
            "Board of directors",
            "Conseil d’administration",
            GroupVisibility::Members,
            Joining::Invitation,
            now,
        )
        .await?,
        groups::insert(
            db,
            "policy-committee",
            "Policy committee",
            "Comité des politiques",
            GroupVisibility::Public,
            Joining::Request,
            now,
        )
        .await?,
        groups::insert(
            db,
            "west-caucus",
            "Western caucus",
            "Caucus de l’Ouest",
            GroupVisibility::Public,
            Joining::Request,
            now,
        )
        .await?,
        groups::insert(
            db,
            "atlantic-caucus",
            "Atlantic caucus",
            "Caucus de l’Atlantique",
            GroupVisibility::Public,
            Joining::Request,
            now,
        )
        .await?,
        groups::insert(
            db,
            "peer-space",
            "Peer space for people who use drugs",
            "Espace des pairs",
            GroupVisibility::Hidden,
            Joining::Invitation,
            now,
        )
        .await?,
    ];

    let mut user_ids = Vec::with_capacity(people);
    for i in 0..people {
        // The first few cover every province and territory; the rest follow population.
        let province = Province::ALL.get(i).copied().unwrap_or_else(|| province_for(&mut dice));
        let french = province == Province::QC || dice.chance(8);
        let name = format!("{} {}", dice.pick(NAMES), i + 1);
        let email = format!("person{}@demo.rendezvous.example", i + 1);
        let user = NewUser {
            email: &email,
            email_norm: &email,
            display_name: &name,
            password_hash,
            lang: if french { Lang::Fr } else { Lang::En },
            verified_at: Some(now),
            now,
        };
        let id = insert_user(db, &user).await?;
        user_ids.push(id);
        let sensitive = dice.chance(10);
        let category = if sensitive {
            categories.iter().find(|c| c.is_sensitive())
        } else {
            Some(dice.pick(&categories)).filter(|c| !c.is_sensitive())
        };
        let started = now - dice.below(700) as i64 * DAY_MS;
        let status = match dice.below(20) {
            0 => Status::Applied,
            1 => Status::Grace,
            2 => Status::Lapsed,
            _ => Status::Active,
        };
        let (expires, grace) = match status {
            Status::Grace => (Some(now - 5 * DAY_MS), Some(now + 25 * DAY_MS)),
            Status::Lapsed => (Some(now - 60 * DAY_MS), Some(now - 30 * DAY_MS)),
            _ => (Some(now + (dice.below(360) as i64 + 5) * DAY_MS), None),
        };
        let membership = StatedMembership {
            type_id: person_type,
            user_id: id,
            organisation_id: None,
            category_id: category.map(|c| c.id),
            status,
            started_at: started,
            expires_at: expires,
            grace_until: grace,
        };
        insert_stated(db, &membership).await?;
        let city = *dice.pick(cities(province));
        let languages = if french { set_column(&["fr", "en"]) } else { set_column(&["en"]) };
        let profile = ProfileRow {
            listed: i64::from(dice.chance(75)),
            display_name: name.clone(),
            display_name_vis: if dice.chance(30) { "public".into() } else { "members".into() },
            city: city.to_owned(),
            city_vis: level(&mut dice).into(),
            province: Some(province.code().to_owned()),
            province_vis: level(&mut dice).into(),
            category_id: category.map(|c| c.id),
            category_vis: level(&mut dice).into(),
            reveal_sensitive: i64::from(sensitive && dice.chance(20)),
            languages,
            languages_vis: level(&mut dice).into(),
            bio: if dice.chance(40) { format!("{name} works in {city}.") } else { String::new() },
            bio_vis: level(&mut dice).into(),
            groups_vis: level(&mut dice).into(),
            ..ProfileRow::default_for(id)
        };
        profiles::save(db, &profile, now).await?;
        if dice.chance(15) {
            let group = if sensitive && dice.chance(50) { group_ids[4] } else { *dice.pick(&group_ids[..4]) };
            let role = if dice.chance(5) { GroupRole::Admin } else { GroupRole::Member };
            groups::set_membership(db, group, id, role, GroupMemberState::Active, now).await?;
        }
    }

    for i in 0..organisation_count {
        let province = Province::ALL.get(i).copied().unwrap_or_else(|| province_for(&mut dice));
        let city = *dice.pick(cities(province));
        let word = *dice.pick(ORG_WORDS);
        let kind = *dice.pick(OrgKind::ALL);
        let services: Vec<&str> = Service::ALL.iter().filter(|_| dice.chance(35)).map(|s| s.as_str()).collect();
        let name_en = format!("{city} {word} {}", i + 1);
        let fields = OrganisationFields {
            name_fr: if province == Province::QC { format!("{word} de {city} {}", i + 1) } else { name_en.clone() },
            name_en,
            kind: kind.as_str().to_owned(),
            city: city.to_owned(),
            province: Some(province.code().to_owned()),
            country: "CA".into(),
            website: format!("https://org{}.example.org/", i + 1),
            services: set_column(&services),
            languages: if province == Province::QC { set_column(&["fr"]) } else { set_column(&["en"]) },
            visibility: match dice.below(20) {
                0..=11 => "public",
                12..=16 => "members",
                _ => "hidden",
            }
            .into(),
        };
        let org = organisations::insert(db, &fields, now).await?;
        if i % 30 == 0 {
            organisations::set_partner(db, org, true).await?;
        }
        if let Some(&delegate) = user_ids.get((i * 7) % user_ids.len().max(1)) {
            organisations::add_delegate(db, org, delegate, DelegateRole::Primary, now).await?;
            let membership = StatedMembership {
                type_id: org_type,
                user_id: delegate,
                organisation_id: Some(org),
                category_id: categories.iter().find(|c| c.slug == "agency").map(|c| c.id),
                status: Status::Active,
                started_at: now - dice.below(300) as i64 * DAY_MS,
                expires_at: Some(now + (dice.below(360) as i64 + 5) * DAY_MS),
                grace_until: None,
            };
            insert_stated(db, &membership).await?;
        }
    }
    Ok(DemoCounts { people, organisations: organisation_count })
}

fn demo_type(
    slug: &'static str,
    en: &'static str,
    fr: &'static str,
    for_kind: ForKind,
    term: Term,
) -> NewType<'static> {
    NewType {
        slug,
        name_en: en,
        name_fr: fr,
        for_kind,
        term,
        needs_approval: true,
        questions_en: "What is your connection to harm reduction?",
        questions_fr: "Quel est votre lien avec la réduction des méfaits ?",
        implied_consent: for_kind == ForKind::Person,
        is_open: true,
        reminder_days: 30,
        grace_days: 30,
    }
}
