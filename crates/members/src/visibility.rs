//! The one place that decides what a viewer may see of a person's profile. Pages, the JSON API,
//! search results, the CSV export and mail all go through [`person_view`]; nothing else reads a
//! profile's fields for someone other than its owner.

use rendezvous_platform::auth::UserId;
use serde::Serialize;

use crate::model::{GroupVisibility, Visibility, set_from_column};
use crate::store::catalogue::CategoryRow;
use crate::store::groups::GroupRow;
use crate::store::profiles::ProfileRow;

/// How far into the network a viewer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Anonymous,
    /// Signed in, without a current membership.
    Registered,
    /// Holds a current membership (their own, or through an organisation they act for).
    Member,
    /// An administrator with two-factor authentication.
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectoryViewer {
    pub user_id: Option<UserId>,
    pub standing: Standing,
}

impl DirectoryViewer {
    pub const ANONYMOUS: DirectoryViewer = DirectoryViewer { user_id: None, standing: Standing::Anonymous };

    pub fn is_member(&self) -> bool {
        self.standing >= Standing::Member
    }

    pub fn is_admin(&self) -> bool {
        self.standing == Standing::Admin
    }

    /// The levels this viewer sees: the rule [`may_see`] applies, and the SQL of
    /// [`appears_in_directory_sql`], named once.
    pub fn levels_seen(&self) -> &'static [Visibility] {
        match self.standing {
            Standing::Anonymous | Standing::Registered => &[Visibility::Public],
            Standing::Member => &[Visibility::Public, Visibility::Members],
            Standing::Admin => &[Visibility::Public, Visibility::Members, Visibility::Admins],
        }
    }

    /// [`Self::levels_seen`] as an SQL list of literals, for `column IN (...)`.
    pub fn levels_sql(&self) -> String {
        let quoted: Vec<String> = self.levels_seen().iter().map(|l| format!("'{}'", l.as_str())).collect();
        quoted.join(", ")
    }
}

/// Why the profile is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The directory: pages, search results, the API.
    Directory,
    /// An administrator's export or mailing: the sensitive category and hidden groups stay out
    /// unless the administrator explicitly includes them (and that is audited by the caller).
    Export { include_sensitive: bool },
}

/// What a viewer may see of one person: a field is `None` when they may not see it.
#[derive(Debug, Clone, Default, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PersonView {
    pub user_id: UserId,
    pub display_name: Option<String>,
    pub city: Option<String>,
    pub province: Option<String>,
    pub category: Option<Named>,
    pub languages: Option<Vec<String>>,
    pub bio: Option<String>,
    pub contact_email: Option<String>,
    pub groups: Option<Vec<Named>>,
}

/// A category or group as shown: its slug and its names.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Named {
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
}

impl Named {
    pub fn name(&self, lang: impl std::borrow::Borrow<rendezvous_platform::i18n::Lang>) -> &str {
        crate::model::pick(*lang.borrow(), &self.name_en, &self.name_fr)
    }
}

impl PersonView {
    /// True when nothing at all may be shown: the person does not appear.
    pub fn is_empty(&self) -> bool {
        self.display_name.is_none()
            && self.city.is_none()
            && self.province.is_none()
            && self.category.is_none()
            && self.languages.is_none()
            && self.bio.is_none()
            && self.contact_email.is_none()
            && self.groups.is_none()
    }
}

/// Whether `viewer` may see a field kept at `level`.
pub fn may_see(level: Visibility, viewer: &DirectoryViewer) -> bool {
    viewer.levels_seen().contains(&level)
}

/// [`person_view`]'s "does this listed person appear to `viewer` in the directory" as an SQL
/// condition over `member_profiles`, so a page of the unfiltered directory is read, counted and
/// paged in SQL. Each line is one field of [`PersonView`] being shown; a change to
/// [`person_view`] must change this too, and the test `directory_paging_in_sql_agrees_with_person_view`
/// compares the two over every combination it generates. The viewer's own id is bound as `$1`.
pub fn appears_in_directory_sql(viewer: &DirectoryViewer) -> String {
    let levels = viewer.levels_sql();
    let member = i32::from(viewer.is_member());
    let admin = i32::from(viewer.is_admin());
    let p = "member_profiles";
    format!(
        "({p}.user_id = $1
          OR ({p}.display_name_vis IN ({levels}) AND {p}.display_name <> '')
          OR ({p}.city_vis IN ({levels}) AND {p}.city <> '')
          OR ({p}.province_vis IN ({levels}) AND COALESCE({p}.province, '') <> '')
          OR ({p}.category_vis IN ({levels}) AND EXISTS (SELECT 1 FROM member_categories c
                WHERE c.id = {p}.category_id AND (c.sensitive <> 1 OR {p}.reveal_sensitive = 1 OR {admin} = 1)))
          OR ({p}.languages_vis IN ({levels}) AND replace({p}.languages, ',', '') <> '')
          OR ({p}.bio_vis IN ({levels}) AND {p}.bio <> '')
          OR ({p}.contact_email_vis IN ({levels}) AND {p}.contact_email <> '')
          OR ({p}.groups_vis IN ({levels}) AND EXISTS (SELECT 1 FROM member_group_members m
                JOIN member_groups g ON g.id = m.group_id
                WHERE m.user_id = {p}.user_id AND m.state = 'active'
                  AND (g.visibility = 'public' OR (g.visibility = 'members' AND {member} = 1)
                       OR (g.visibility NOT IN ('public', 'members') AND ({admin} = 1 OR {p}.reveal_hidden_groups = 1))))))"
    )
}

/// What `viewer` may see of `profile`, or None when the person does not appear to them at all
/// (not in the directory, or nothing visible). The owner always sees all of their own profile.
pub fn person_view(
    profile: &ProfileRow,
    category: Option<&CategoryRow>,
    groups: &[GroupRow],
    viewer: &DirectoryViewer,
    purpose: Purpose,
) -> Option<PersonView> {
    let is_self = viewer.user_id == Some(profile.user_id);
    let exporting = matches!(purpose, Purpose::Export { .. });
    if exporting && !viewer.is_admin() {
        return None;
    }
    if !is_self && !exporting && profile.listed != 1 {
        return None;
    }
    let include_sensitive = matches!(purpose, Purpose::Export { include_sensitive: true });
    let sees = |level: &str| is_self || may_see(Visibility::from_column(level), viewer);
    let text = |value: &str, level: &str| (sees(level) && !value.is_empty()).then(|| value.to_owned());

    let view = PersonView {
        user_id: profile.user_id,
        display_name: text(&profile.display_name, &profile.display_name_vis),
        city: text(&profile.city, &profile.city_vis),
        province: profile.province.as_deref().and_then(|p| text(p, &profile.province_vis)),
        category: category.filter(|c| sees_category(profile, c, viewer, purpose, is_self)).map(|c| Named {
            slug: c.slug.clone(),
            name_en: c.name_en.clone(),
            name_fr: c.name_fr.clone(),
        }),
        languages: sees(&profile.languages_vis).then(|| set_from_column(&profile.languages)).filter(|l| !l.is_empty()),
        bio: text(&profile.bio, &profile.bio_vis),
        contact_email: text(&profile.contact_email, &profile.contact_email_vis),
        groups: visible_groups(profile, groups, viewer, is_self, exporting, include_sensitive),
    };
    (is_self || exporting || !view.is_empty()).then_some(view)
}

/// The category follows the person's choice like every field, but a sensitive category goes no
/// further than administrators unless the person chose to show it, and leaves in an export only
/// when the administrator includes it.
fn sees_category(
    profile: &ProfileRow,
    category: &CategoryRow,
    viewer: &DirectoryViewer,
    purpose: Purpose,
    is_self: bool,
) -> bool {
    if is_self {
        return true;
    }
    if category.is_sensitive() && purpose == (Purpose::Export { include_sensitive: false }) {
        return false;
    }
    let mut level = Visibility::from_column(&profile.category_vis);
    if category.is_sensitive() && profile.reveal_sensitive != 1 {
        level = level.narrowest(Visibility::Admins);
    }
    may_see(level, viewer)
}

/// Groups as the person chose to show them. A hidden group goes no further than administrators
/// unless the person chose to show it, and leaves in an export only when included; a group listed
/// to members only shows only to members.
fn visible_groups(
    profile: &ProfileRow,
    groups: &[GroupRow],
    viewer: &DirectoryViewer,
    is_self: bool,
    exporting: bool,
    include_sensitive: bool,
) -> Option<Vec<Named>> {
    if !is_self && !may_see(Visibility::from_column(&profile.groups_vis), viewer) {
        return None;
    }
    let shown: Vec<_> = groups
        .iter()
        .filter(|g| {
            is_self
                || match g.visibility() {
                    GroupVisibility::Hidden if exporting => include_sensitive,
                    GroupVisibility::Hidden => viewer.is_admin() || profile.reveal_hidden_groups == 1,
                    GroupVisibility::Members => viewer.is_member(),
                    GroupVisibility::Public => true,
                }
        })
        .map(|g| Named { slug: g.slug.clone(), name_en: g.name_en.clone(), name_fr: g.name_fr.clone() })
        .collect();
    (!shown.is_empty()).then_some(shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::CategoryId;
    use rendezvous_platform::auth::UserId;

    fn viewer(standing: Standing) -> DirectoryViewer {
        DirectoryViewer { user_id: Some(UserId(99)), standing }
    }

    fn sensitive() -> CategoryRow {
        CategoryRow {
            id: CategoryId(5),
            slug: "lived-experience".into(),
            name_en: "Lived".into(),
            name_fr: "Vécue".into(),
            sensitive: 1,
            position: 5,
        }
    }

    fn listed() -> ProfileRow {
        ProfileRow { listed: 1, display_name: "Sam".into(), ..ProfileRow::default_for(UserId(1)) }
    }

    #[test]
    fn defaults_show_the_name_to_members_only() {
        let p = listed();
        assert!(person_view(&p, None, &[], &DirectoryViewer::ANONYMOUS, Purpose::Directory).is_none());
        assert!(person_view(&p, None, &[], &viewer(Standing::Registered), Purpose::Directory).is_none());
        let seen = person_view(&p, None, &[], &viewer(Standing::Member), Purpose::Directory).expect("member sees");
        assert_eq!(seen.display_name.as_deref(), Some("Sam"));
    }

    #[test]
    fn unlisted_people_do_not_appear_except_to_themselves() {
        let p = ProfileRow { listed: 0, ..listed() };
        assert!(person_view(&p, None, &[], &viewer(Standing::Admin), Purpose::Directory).is_none());
        let me = DirectoryViewer { user_id: Some(UserId(1)), standing: Standing::Registered };
        assert!(person_view(&p, None, &[], &me, Purpose::Directory).is_some());
    }

    #[test]
    fn a_sensitive_category_stays_with_admins_even_when_public() {
        let p = ProfileRow { category_id: Some(CategoryId(5)), category_vis: "public".into(), ..listed() };
        let cat = sensitive();
        let member = person_view(&p, Some(&cat), &[], &viewer(Standing::Member), Purpose::Directory).expect("seen");
        assert_eq!(member.category, None);
        let admin = person_view(&p, Some(&cat), &[], &viewer(Standing::Admin), Purpose::Directory).expect("seen");
        assert_eq!(admin.category.map(|c| c.slug).as_deref(), Some("lived-experience"));
        let export = Purpose::Export { include_sensitive: false };
        assert_eq!(person_view(&p, Some(&cat), &[], &viewer(Standing::Admin), export).and_then(|v| v.category), None);
        let revealed = ProfileRow { reveal_sensitive: 1, ..p };
        let member = person_view(&revealed, Some(&cat), &[], &viewer(Standing::Member), Purpose::Directory);
        assert_eq!(member.and_then(|v| v.category).map(|c| c.name_en).as_deref(), Some("Lived"));
    }

    #[test]
    fn exports_are_for_admins_only() {
        let export = Purpose::Export { include_sensitive: true };
        assert!(person_view(&listed(), None, &[], &viewer(Standing::Member), export).is_none());
    }
}
