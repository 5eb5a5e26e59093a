//! The unfiltered directory is paged and counted in SQL (`visibility::appears_in_directory_sql`);
//! a search with filters goes through `person_view` row by row. Both must show exactly the same
//! people, in the same order, with the same fields. Here several hundred generated profiles (every
//! field at every level, empty or not, sensitive categories, groups of each visibility joined or
//! only invited, unknown levels) are read both ways by every standing, and by a person in them.

use rendezvous_members::directory::{PER_PAGE, Search, categories_by_id, search_people};
use rendezvous_members::model::{GroupMemberState, GroupRole, GroupVisibility, Joining};
use rendezvous_members::store::profiles::{self, ProfileRow};
use rendezvous_members::store::{catalogue, groups};
use rendezvous_members::visibility::{DirectoryViewer, PersonView, Purpose, Standing, person_view};
use rendezvous_platform::auth::UserId;
use rendezvous_testkit::TestApp;
use std::collections::HashSet;

/// A small deterministic generator: the same profiles on every run and backend.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides
    }

    fn level(&mut self) -> String {
        ["public", "members", "admins", "hidden", "bogus"][self.roll(5) as usize].to_owned()
    }

    /// A value that is present a third of the time.
    fn text(&mut self, value: String) -> String {
        if self.roll(3) == 0 { value } else { String::new() }
    }
}

/// What the directory shows `viewer`, read the slow way: every listed profile through
/// `person_view`, in name order.
async fn by_person_view(app: &TestApp, viewer: &DirectoryViewer) -> Vec<PersonView> {
    let all = profiles::all(app.db()).await.expect("profiles");
    let categories = categories_by_id(&app.state).await.expect("categories");
    let ids: Vec<UserId> = all.iter().map(|p| p.user_id).collect();
    let mut their_groups = groups::of_users(app.db(), &ids).await.expect("groups");
    let mut listed: Vec<&ProfileRow> = all.iter().filter(|p| p.listed == 1).collect();
    listed.sort_by_key(|p| (p.display_name.to_lowercase(), p.user_id));
    listed
        .into_iter()
        .filter_map(|p| {
            let category = p.category_id.and_then(|id| categories.get(&id));
            let person_groups = their_groups.remove(&p.user_id).unwrap_or_default();
            person_view(p, category, &person_groups, viewer, Purpose::Directory)
        })
        .collect()
}

/// Every page of the unfiltered directory, and the total it announced on each.
async fn by_pages(app: &TestApp, viewer: &DirectoryViewer) -> (Vec<PersonView>, Vec<usize>) {
    let (mut seen, mut totals) = (Vec::new(), Vec::new());
    for page in 1.. {
        let (views, total) = search_people(&app.state, viewer, &Search::default(), page).await.expect("page");
        totals.push(total);
        let last = views.len() < PER_PAGE;
        seen.extend(views);
        if last {
            break;
        }
    }
    (seen, totals)
}

#[tokio::test]
async fn directory_paging_in_sql_agrees_with_person_view() {
    let app = TestApp::spawn().await;
    let now = app.clock.now_ms();
    let categories = catalogue::categories(app.db()).await.expect("categories");
    let mut group_ids = Vec::new();
    for (slug, visibility) in
        [("open", GroupVisibility::Public), ("inner", GroupVisibility::Members), ("quiet", GroupVisibility::Hidden)]
    {
        let id = groups::insert(app.db(), slug, slug, slug, visibility, Joining::Request, now).await.expect("group");
        group_ids.push(id);
    }

    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    for n in 0..360_i64 {
        let user_id = UserId(10_000 + n);
        // Repeated names in both cases, so the order's tie-break and lower() are exercised.
        let name = ["Alex", "alex", "Sam", "SAM", "Robin"][dice.roll(5) as usize];
        let profile = ProfileRow {
            listed: i64::from(dice.roll(10) != 0),
            display_name: dice.text(format!("{name} {}", n % 7)),
            display_name_vis: dice.level(),
            city: dice.text("Sudbury".into()),
            city_vis: dice.level(),
            province: [None, Some(String::new()), Some("ON".to_owned())][dice.roll(3) as usize].clone(),
            province_vis: dice.level(),
            category_id: (dice.roll(2) == 0).then(|| categories[dice.roll(categories.len() as u64) as usize].id),
            category_vis: dice.level(),
            reveal_sensitive: dice.roll(2) as i64,
            languages: ["", ",", ",en,", ",fr,other,"][dice.roll(4) as usize].into(),
            languages_vis: dice.level(),
            bio: dice.text("Peer worker".into()),
            bio_vis: dice.level(),
            contact_email: dice.text(format!("p{n}@example.org")),
            contact_email_vis: dice.level(),
            groups_vis: dice.level(),
            reveal_hidden_groups: dice.roll(2) as i64,
            ..ProfileRow::default_for(user_id)
        };
        profiles::save(app.db(), &profile, now).await.expect("profile");
        for group in &group_ids {
            let state = match dice.roll(4) {
                0 => Some(GroupMemberState::Active),
                1 => Some(GroupMemberState::Invited),
                _ => None,
            };
            if let Some(state) = state {
                groups::set_membership(app.db(), *group, user_id, GroupRole::Member, state, now).await.expect("join");
            }
        }
    }

    let someone = UserId(10_042);
    let viewers = [
        DirectoryViewer::ANONYMOUS,
        DirectoryViewer { user_id: Some(UserId(1)), standing: Standing::Registered },
        DirectoryViewer { user_id: Some(UserId(1)), standing: Standing::Member },
        DirectoryViewer { user_id: Some(UserId(1)), standing: Standing::Admin },
        DirectoryViewer { user_id: Some(someone), standing: Standing::Registered },
    ];
    let mut sizes = Vec::new();
    for viewer in &viewers {
        let expected = by_person_view(&app, viewer).await;
        let (paged, totals) = by_pages(&app, viewer).await;
        assert!(
            totals.iter().all(|t| *t == expected.len()),
            "{viewer:?}: totals {totals:?}, expected {}",
            expected.len()
        );
        assert_eq!(paged, expected, "{viewer:?}");
        sizes.push(expected.len());
    }
    // The generated people really separate the standings (else the comparison proves little).
    assert!(sizes[0] < sizes[2] && sizes[2] < sizes[3], "{sizes:?}");
    assert!(sizes[3] > PER_PAGE * 2, "{sizes:?}");
    let someone_listed = profiles::by_user(app.db(), someone).await.expect("read").is_some_and(|p| p.listed == 1);
    let (own, _) = by_pages(&app, &viewers[4]).await;
    assert_eq!(own.iter().any(|v| v.user_id == someone), someone_listed);

    // Someone listed whom nobody else at their standing sees still finds themselves, counted,
    // though that standing's pages are kept by now.
    let seen_by_others: HashSet<UserId> = by_person_view(&app, &viewers[1]).await.iter().map(|v| v.user_id).collect();
    let all = profiles::all(app.db()).await.expect("profiles");
    let alone = all
        .iter()
        .find(|p| p.listed == 1 && !seen_by_others.contains(&p.user_id))
        .expect("someone listed whom a registered reader does not see")
        .user_id;
    let viewer = DirectoryViewer { user_id: Some(alone), standing: Standing::Registered };
    let expected = by_person_view(&app, &viewer).await;
    let (paged, totals) = by_pages(&app, &viewer).await;
    assert!(expected.iter().any(|v| v.user_id == alone));
    assert!(totals.iter().all(|t| *t == expected.len()), "{totals:?} for {}", expected.len());
    assert_eq!(paged, expected);

    // A write told of (every write request, job and chore tells it) shows on the next page.
    let mut renamed = profiles::by_user(app.db(), alone).await.expect("read").expect("profile");
    renamed.display_name = "Aardvark".into();
    renamed.display_name_vis = "public".into();
    profiles::save(app.db(), &renamed, now).await.expect("save");
    app.state.changes.seen();
    let (paged, _) = by_pages(&app, &DirectoryViewer::ANONYMOUS).await;
    assert_eq!(paged, by_person_view(&app, &DirectoryViewer::ANONYMOUS).await);
    assert!(paged.iter().any(|v| v.user_id == alone && v.display_name.as_deref() == Some("Aardvark")));
}
