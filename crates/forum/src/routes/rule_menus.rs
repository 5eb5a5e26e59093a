//! The menus an administrator picks a space's read and post rules from (everyone, members, a
//! group chosen from the list...), so nobody types `group:SLUG`.

use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;

/// One choice of a menu: the stored rule and what the menu shows.
pub struct RuleChoice {
    pub value: String,
    pub label: String,
}

/// The read menu and the post menu, in the person's language; a current rule that is no single
/// choice (several groups) stays in the menu as it is, so saving keeps it.
pub async fn menus(
    state: &AppState,
    lang: Lang,
    read: &str,
    post: &str,
) -> Result<(Vec<RuleChoice>, Vec<RuleChoice>), sqlx::Error> {
    let groups = rendezvous_members::groups::all(&state.db).await?;
    let fixed = |ids: &[(&str, &str)]| -> Vec<RuleChoice> {
        ids.iter().map(|(v, id)| RuleChoice { value: (*v).to_owned(), label: state.tr.t(lang, id) }).collect()
    };
    let group_choices = groups.iter().map(|g| RuleChoice {
        value: format!("group:{}", g.slug),
        label: state.tr.t_args(lang, "forum-rule-group", &[("group", g.name(lang))]),
    });
    let mut reads = fixed(&[("public", "forum-rule-public"), ("members", "forum-rule-members")]);
    reads.extend(group_choices.clone());
    let mut posts = fixed(&[("members", "forum-rule-members"), ("moderators", "forum-rule-moderators")]);
    posts.extend(group_choices);
    for (menu, current) in [(&mut reads, read), (&mut posts, post)] {
        if !current.is_empty() && !menu.iter().any(|c| c.value == current) {
            menu.push(RuleChoice { value: current.to_owned(), label: current.to_owned() });
        }
    }
    Ok((reads, posts))
}
