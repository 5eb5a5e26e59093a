//! Groups (committees, caucuses, regional groups) and who is in them.

use crate::ids::GroupId;
use crate::model::{GroupMemberState, GroupRole};
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::{Db, SqlType};
use rendezvous_platform::i18n::Lang;

use crate::model::{GroupVisibility, Joining, pick};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct GroupRow {
    pub id: GroupId,
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
    pub visibility: String,
    pub joining: String,
}

impl GroupRow {
    pub fn name(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        pick(*lang.borrow(), &self.name_en, &self.name_fr)
    }

    pub fn visibility(&self) -> GroupVisibility {
        GroupVisibility::parse(&self.visibility).unwrap_or(GroupVisibility::Hidden)
    }

    pub fn joining(&self) -> Joining {
        Joining::parse(&self.joining).unwrap_or(Joining::Invitation)
    }

    pub fn is_hidden(&self) -> bool {
        self.visibility() == GroupVisibility::Hidden
    }
}

/// A person's place in a group.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct GroupMemberRow {
    pub group_id: GroupId,
    pub user_id: UserId,
    pub role: GroupRole,
    pub state: GroupMemberState,
}

const COLUMNS: &str = "SELECT id, slug, name_en, name_fr, visibility, joining FROM member_groups";

fn select(rest: &str) -> sqlx::AssertSqlSafe<String> {
    // Our fixed column list and a fixed clause of ours; every value is bound.
    sqlx::AssertSqlSafe(format!("{COLUMNS} {rest}"))
}

pub async fn insert(
    db: &Db,
    slug: &str,
    name_en: &str,
    name_fr: &str,
    visibility: GroupVisibility,
    joining: Joining,
    now: i64,
) -> Result<GroupId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO member_groups (slug, name_en, name_fr, visibility, joining, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(slug)
    .bind(name_en)
    .bind(name_fr)
    .bind(visibility.as_str())
    .bind(joining.as_str())
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

pub async fn all(db: &Db) -> Result<Vec<GroupRow>, sqlx::Error> {
    sqlx::query_as(select("ORDER BY name_en")).fetch_all(&db.pool).await
}

pub async fn by_id(db: &Db, id: GroupId) -> Result<Option<GroupRow>, sqlx::Error> {
    sqlx::query_as(select("WHERE id = $1")).bind(id).fetch_optional(&db.pool).await
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<GroupRow>, sqlx::Error> {
    sqlx::query_as(select("WHERE slug = $1")).bind(slug).fetch_optional(&db.pool).await
}

pub async fn membership(db: &Db, group_id: GroupId, user_id: UserId) -> Result<Option<GroupMemberRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT group_id, user_id, role, state FROM member_group_members WHERE group_id = $1 AND user_id = $2",
    )
    .bind(group_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

pub async fn set_membership(
    db: &Db,
    group_id: GroupId,
    user_id: UserId,
    role: GroupRole,
    state: GroupMemberState,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO member_group_members (group_id, user_id, role, state, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role, state = excluded.state",
    )
    .bind(group_id)
    .bind(user_id)
    .bind(role)
    .bind(state)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn remove(db: &Db, group_id: GroupId, user_id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM member_group_members WHERE group_id = $1 AND user_id = $2")
        .bind(group_id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn members(db: &Db, group_id: GroupId) -> Result<Vec<GroupMemberRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT group_id, user_id, role, state FROM member_group_members WHERE group_id = $1 ORDER BY role, user_id",
    )
    .bind(group_id)
    .fetch_all(&db.pool)
    .await
}

/// The groups a person is an active member of.
pub async fn of_user(db: &Db, user_id: UserId) -> Result<Vec<GroupRow>, sqlx::Error> {
    sqlx::query_as(select(
        "WHERE id IN (SELECT group_id FROM member_group_members WHERE user_id = $1 AND state = 'active') ORDER BY name_en",
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// The groups each of these people is an active member of, in one query (a directory page's).
pub async fn of_users(
    db: &Db,
    user_ids: &[UserId],
) -> Result<std::collections::HashMap<UserId, Vec<GroupRow>>, sqlx::Error> {
    let mut by_user: std::collections::HashMap<UserId, Vec<GroupRow>> = std::collections::HashMap::new();
    if user_ids.is_empty() {
        return Ok(by_user);
    }
    let ids: Vec<serde_json::Value> = user_ids.iter().map(|id| serde_json::json!({ "id": id })).collect();
    let source = db.dialect.json_rows(1, &[("id", SqlType::BigInt)]);
    let sql = format!(
        "SELECT m.user_id, g.id, g.slug, g.name_en, g.name_fr, g.visibility, g.joining
         FROM member_group_members m JOIN member_groups g ON g.id = m.group_id
         WHERE m.state = 'active' AND m.user_id IN (SELECT r.id FROM {source}) ORDER BY g.name_en"
    );
    // Fixed SQL; the ids are one bound JSON value.
    let rows: Vec<(UserId, GroupId, String, String, String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(serde_json::Value::Array(ids).to_string())
        .fetch_all(&db.pool)
        .await?;
    for (user, id, slug, name_en, name_fr, visibility, joining) in rows {
        by_user.entry(user).or_default().push(GroupRow { id, slug, name_en, name_fr, visibility, joining });
    }
    Ok(by_user)
}

pub async fn erase_person(db: &Db, user_id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM member_group_members WHERE user_id = $1").bind(user_id).execute(&db.pool).await?;
    Ok(())
}
