//! Memberships, which are also the applications: one row from the application to its end.
//! Every transition is a compare-and-set on the status, so two workers never both make it.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::db::Db;
use sqlx::AnyConnection;

use crate::ids::{CategoryId, MembershipId, MembershipTypeId, OrganisationId};
use crate::model::Status;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct MembershipRow {
    pub id: MembershipId,
    pub type_id: MembershipTypeId,
    pub user_id: UserId,
    pub organisation_id: Option<OrganisationId>,
    pub status: Status,
    pub category_id: Option<CategoryId>,
    pub answers: String,
    pub review_note: String,
    pub info_requested: i64,
    pub applied_at: i64,
    pub decided_at: Option<i64>,
    pub decided_by: Option<i64>,
    pub started_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub grace_until: Option<i64>,
    pub lapsed_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub reminded_at: Option<i64>,
    pub consent_stated_at: Option<i64>,
    /// An organisation's name as the applicant typed it.
    pub requested_name: String,
}

impl MembershipRow {
    pub fn status(&self) -> Status {
        self.status
    }

    pub fn answers(&self) -> Vec<String> {
        serde_json::from_str(&self.answers).unwrap_or_default()
    }

    pub fn info_requested(&self) -> bool {
        self.info_requested == 1
    }
}

const COLUMNS: &str = "SELECT id, type_id, user_id, organisation_id, status, category_id, answers, review_note,
    info_requested, applied_at, decided_at, decided_by, started_at, expires_at, grace_until, lapsed_at, cancelled_at,
    reminded_at, consent_stated_at, requested_name FROM memberships";

fn select(rest: &str) -> sqlx::AssertSqlSafe<String> {
    // Our fixed column list and a fixed clause of ours; every value is bound.
    sqlx::AssertSqlSafe(format!("{COLUMNS} {rest}"))
}

pub struct NewApplication<'a> {
    pub type_id: MembershipTypeId,
    pub user_id: UserId,
    pub organisation_id: Option<OrganisationId>,
    pub category_id: Option<CategoryId>,
    pub answers: &'a str,
    pub requested_name: &'a str,
}

pub async fn insert_application(
    conn: &mut AnyConnection,
    new: &NewApplication<'_>,
    now: i64,
) -> Result<MembershipId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO memberships
           (type_id, user_id, organisation_id, status, category_id, answers, requested_name, applied_at, updated_at)
         VALUES ($1, $2, $3, 'applied', $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(new.type_id)
    .bind(new.user_id)
    .bind(new.organisation_id)
    .bind(new.category_id)
    .bind(new.answers)
    .bind(new.requested_name)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn by_id(db: &Db, id: MembershipId) -> Result<Option<MembershipRow>, sqlx::Error> {
    sqlx::query_as(select("WHERE id = $1")).bind(id).fetch_optional(&db.pool).await
}

/// A person's own memberships and applications, and those of organisations they act for.
pub async fn of_user(db: &Db, user_id: UserId) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(select(
        "WHERE (user_id = $1 AND organisation_id IS NULL)
            OR organisation_id IN (SELECT organisation_id FROM organisation_delegates WHERE user_id = $1)
            OR (user_id = $1 AND status = 'applied')
         ORDER BY id DESC",
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn of_organisation(db: &Db, organisation_id: OrganisationId) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(select("WHERE organisation_id = $1 ORDER BY id DESC"))
        .bind(organisation_id)
        .fetch_all(&db.pool)
        .await
}

/// An open application or a current membership of this type for this person or organisation.
pub async fn open_for(
    db: &Db,
    type_id: MembershipTypeId,
    user_id: UserId,
    organisation_id: Option<OrganisationId>,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE type_id = $1 AND status IN ('applied', 'active', 'grace')
           AND ((organisation_id IS NULL AND $3 IS NULL AND user_id = $2) OR organisation_id = $3)",
    )
    .bind(type_id)
    .bind(user_id)
    .bind(organisation_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// True when this person already has an open application or membership of this type for this
/// organisation. Only their own count: whether others do would tell them the organisation exists.
pub async fn open_by_applicant(
    db: &Db,
    type_id: MembershipTypeId,
    user_id: UserId,
    organisation_id: OrganisationId,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE type_id = $1 AND status IN ('applied', 'active', 'grace')
           AND user_id = $2 AND organisation_id = $3",
    )
    .bind(type_id)
    .bind(user_id)
    .bind(organisation_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// True when the person holds a current membership, of their own or through an organisation
/// they are a delegate of.
pub async fn is_current_member(db: &Db, user_id: UserId, now: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE (status = 'active' OR (status = 'grace' AND grace_until > $2))
           AND ((user_id = $1 AND organisation_id IS NULL)
                OR organisation_id IN (SELECT organisation_id FROM organisation_delegates WHERE user_id = $1))",
    )
    .bind(user_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// Filters of the admin list; empty means any.
#[derive(Debug, Default, Clone)]
pub struct AdminFilter {
    pub status: Option<Status>,
    pub type_id: Option<MembershipTypeId>,
    pub category_id: Option<CategoryId>,
}

pub async fn admin_list(db: &Db, f: &AdminFilter, limit: i64, offset: i64) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(select(
        "WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR type_id = $2) AND ($3 IS NULL OR category_id = $3)
         ORDER BY CASE WHEN status = 'applied' THEN 0 ELSE 1 END, id DESC LIMIT $4 OFFSET $5",
    ))
    .bind(f.status.map(Status::as_str))
    .bind(f.type_id)
    .bind(f.category_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

pub async fn admin_count(db: &Db, f: &AdminFilter) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships
         WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR type_id = $2) AND ($3 IS NULL OR category_id = $3)",
    )
    .bind(f.status.map(Status::as_str))
    .bind(f.type_id)
    .bind(f.category_id)
    .fetch_one(&db.pool)
    .await
}

pub async fn approve(
    conn: &mut AnyConnection,
    id: MembershipId,
    admin: Option<i64>,
    now: i64,
    expires_at: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE memberships SET status = 'active', decided_at = $1, decided_by = $2, started_at = $1, expires_at = $3,
             info_requested = 0, updated_at = $1
         WHERE id = $4 AND status = 'applied'",
    )
    .bind(now)
    .bind(admin)
    .bind(expires_at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn reject(db: &Db, id: MembershipId, admin: UserId, reason: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE memberships SET status = 'rejected', decided_at = $1, decided_by = $2, review_note = $3,
             info_requested = 0, updated_at = $1
         WHERE id = $4 AND status = 'applied'",
    )
    .bind(now)
    .bind(admin)
    .bind(reason)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn request_info(db: &Db, id: MembershipId, question: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE memberships SET info_requested = 1, review_note = $1, updated_at = $2 WHERE id = $3 AND status = 'applied'",
    )
    .bind(question)
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn answer_info(
    db: &Db,
    id: MembershipId,
    user_id: UserId,
    answers: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE memberships SET answers = $1, info_requested = 0, updated_at = $2
         WHERE id = $3 AND user_id = $4 AND status = 'applied' AND info_requested = 1",
    )
    .bind(answers)
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves a membership from one status to another (admin status change, cancel).
pub async fn set_status(db: &Db, id: MembershipId, from: Status, to: Status, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE memberships SET status = $1, updated_at = $2,
             cancelled_at = CASE WHEN $1 = 'cancelled' THEN $2 ELSE cancelled_at END,
             lapsed_at = CASE WHEN $1 = 'lapsed' THEN $2 ELSE lapsed_at END
         WHERE id = $3 AND status = $4",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(id)
    .bind(from.as_str())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A new term: active again until `expires_at`, reminder and grace cleared.
pub async fn renew(
    db: &Db,
    id: MembershipId,
    from: Status,
    expires_at: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE memberships SET status = 'active', expires_at = $1, grace_until = NULL, reminded_at = NULL, updated_at = $2
         WHERE id = $3 AND status = $4",
    )
    .bind(expires_at)
    .bind(now)
    .bind(id)
    .bind(from.as_str())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Active memberships whose reminder is due (the type says how many days before expiry).
pub async fn due_reminders(db: &Db, now: i64) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(select(
        "WHERE status = 'active' AND expires_at IS NOT NULL AND reminded_at IS NULL AND expires_at > $1
           AND expires_at - $2 * (SELECT reminder_days FROM membership_types t WHERE t.id = memberships.type_id) <= $1
         ORDER BY id LIMIT 500",
    ))
    .bind(now)
    .bind(DAY_MS)
    .fetch_all(&db.pool)
    .await
}

pub async fn mark_reminded(db: &Db, id: MembershipId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE memberships SET reminded_at = $1, updated_at = $1 WHERE id = $2 AND status = 'active' AND reminded_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn due_grace(db: &Db, now: i64) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(select(
        "WHERE status = 'active' AND expires_at IS NOT NULL AND expires_at <= $1 ORDER BY id LIMIT 500",
    ))
    .bind(now)
    .fetch_all(&db.pool)
    .await
}

pub async fn enter_grace(db: &Db, id: MembershipId, grace_until: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE memberships SET status = 'grace', grace_until = $1, updated_at = $2 WHERE id = $3 AND status = 'active'",
    )
    .bind(grace_until)
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn due_lapse(db: &Db, now: i64) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(select("WHERE status = 'grace' AND grace_until <= $1 ORDER BY id LIMIT 500"))
        .bind(now)
        .fetch_all(&db.pool)
        .await
}

/// Active lifetime memberships whose implied consent was last stated before `before`.
pub async fn consent_to_restate(db: &Db, before: i64) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(select(
        "WHERE status = 'active' AND expires_at IS NULL AND consent_stated_at IS NOT NULL AND consent_stated_at < $1
         ORDER BY id LIMIT 500",
    ))
    .bind(before)
    .fetch_all(&db.pool)
    .await
}

pub async fn mark_consent_stated(db: &Db, id: MembershipId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE memberships SET consent_stated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Counts by status, for the admin page.
pub async fn status_counts(db: &Db) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT status, COUNT(*) FROM memberships GROUP BY status").fetch_all(&db.pool).await
}

/// A person's memberships and applications go with their account (organisations' stay).
pub async fn erase_person(db: &Db, user_id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND organisation_id IS NULL")
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND status = 'applied'")
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn exported(db: &Db, user_id: UserId) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(select("WHERE user_id = $1 ORDER BY id")).bind(user_id).fetch_all(&db.pool).await
}

/// Current memberships by province: the person's province where they show it to everyone, the
/// organisation's where it is public; anyone else counts as "not stated".
pub async fn current_by_province(db: &Db) -> Result<Vec<(Option<String>, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(o.province, p.province) AS province, COUNT(*) FROM memberships m
         LEFT JOIN organisations o ON o.id = m.organisation_id AND o.visibility = 'public'
         LEFT JOIN member_profiles p ON p.user_id = m.user_id AND m.organisation_id IS NULL
                                    AND p.province_vis = 'public'
         WHERE m.status IN ('active', 'grace')
         GROUP BY COALESCE(o.province, p.province)",
    )
    .fetch_all(&db.pool)
    .await
}

/// Current memberships by category, sensitive categories left out.
pub async fn current_by_category(db: &Db) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.name_en, c.name_fr, COUNT(m.id) FROM member_categories c
         LEFT JOIN memberships m ON m.category_id = c.id AND m.status IN ('active', 'grace')
         WHERE c.sensitive = 0 GROUP BY c.id, c.name_en, c.name_fr, c.position ORDER BY c.position",
    )
    .fetch_all(&db.pool)
    .await
}

/// A membership as the demo or an import states it, dates included.
pub struct StatedMembership {
    pub type_id: MembershipTypeId,
    pub user_id: UserId,
    pub organisation_id: Option<OrganisationId>,
    pub category_id: Option<CategoryId>,
    pub status: Status,
    pub started_at: i64,
    pub expires_at: Option<i64>,
    pub grace_until: Option<i64>,
}

pub async fn insert_stated(db: &Db, m: &StatedMembership) -> Result<i64, sqlx::Error> {
    let lapsed_at = (m.status == Status::Lapsed).then_some(m.grace_until.or(m.expires_at).unwrap_or(m.started_at));
    sqlx::query_scalar(
        "INSERT INTO memberships (type_id, user_id, organisation_id, status, category_id, applied_at, decided_at,
             started_at, expires_at, grace_until, lapsed_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6, $7, $8, $9, $6) RETURNING id",
    )
    .bind(m.type_id)
    .bind(m.user_id)
    .bind(m.organisation_id)
    .bind(m.status.as_str())
    .bind(m.category_id)
    .bind(m.started_at)
    .bind(m.expires_at)
    .bind(m.grace_until)
    .bind(lapsed_at)
    .fetch_one(&db.pool)
    .await
}
