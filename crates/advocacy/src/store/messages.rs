//! What writers wrote (personal data, kept for a while) and the messages that carry it (kept,
//! without it, for the counts).

use rendezvous_platform::db::Db;
use sqlx::{Any, Transaction};

use crate::ids::{LetterId, MessageId, TargetId, WritingId};
use crate::model::{MessageKind, MessageState, Reply, Signing, WritingState};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WritingRow {
    pub id: WritingId,
    pub letter_id: LetterId,
    pub state: WritingState,
    pub email: String,
    pub name: String,
    pub lang: String,
    pub district: String,
    pub postal_code: String,
    pub address: String,
    pub town: String,
    pub signing: Signing,
    pub shown_as: String,
    pub subject: String,
    pub body: String,
    pub personalised: i64,
    pub copy_to_writer: i64,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
}

const WRITING_COLUMNS: &str = "id, letter_id, state, email, name, lang, district, postal_code, address, town, signing,
    shown_as, subject, body, personalised, copy_to_writer, created_at, confirmed_at";

pub struct NewWriting<'a> {
    pub letter: LetterId,
    pub token_hash: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub lang: &'a str,
    pub district: &'a str,
    pub postal_code: &'a str,
    pub address: &'a str,
    pub town: &'a str,
    pub signing: Signing,
    pub shown_as: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub personalised: bool,
    pub copy_to_writer: bool,
}

pub async fn insert_writing(
    tx: &mut Transaction<'_, Any>,
    w: &NewWriting<'_>,
    targets: &[TargetId],
    now: i64,
) -> Result<WritingId, sqlx::Error> {
    let id: WritingId = sqlx::query_scalar(
        "INSERT INTO advocacy_writings (letter_id, state, token_hash, email, name, lang, district, postal_code, address,
         town, signing, shown_as, subject, body, personalised, copy_to_writer, created_at)
         VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(w.letter)
    .bind(w.token_hash)
    .bind(w.email)
    .bind(w.name)
    .bind(w.lang)
    .bind(w.district)
    .bind(w.postal_code)
    .bind(w.address)
    .bind(w.town)
    .bind(w.signing)
    .bind(w.shown_as)
    .bind(w.subject)
    .bind(w.body)
    .bind(i64::from(w.personalised))
    .bind(i64::from(w.copy_to_writer))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    for target in targets {
        sqlx::query(
            "INSERT INTO advocacy_writing_targets (writing_id, target_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(target)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

pub async fn writing_by_token(db: &Db, token_hash: &str) -> Result<Option<WritingRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {WRITING_COLUMNS} FROM advocacy_writings WHERE token_hash = $1"
    )))
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await
}

pub async fn writing(db: &Db, id: WritingId) -> Result<Option<WritingRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {WRITING_COLUMNS} FROM advocacy_writings WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn writing_targets(db: &Db, writing: WritingId) -> Result<Vec<TargetId>, sqlx::Error> {
    sqlx::query_scalar("SELECT target_id FROM advocacy_writing_targets WHERE writing_id = $1 ORDER BY target_id")
        .bind(writing)
        .fetch_all(&db.pool)
        .await
}

/// What confirming a writing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    Now,
    /// It was confirmed already (a link used twice).
    Already,
    /// The address has a confirmed letter in this campaign (two confirmations raced).
    Repeated,
}

/// Confirms a pending writing. On a `Repeated` answer the transaction must be rolled back.
pub async fn confirm(tx: &mut Transaction<'_, Any>, writing: WritingId, now: i64) -> Result<Confirmed, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE advocacy_writings SET state = 'confirmed', confirmed_at = $2 WHERE id = $1 AND state = 'pending'",
    )
    .bind(writing)
    .bind(now)
    .execute(&mut **tx)
    .await;
    match done {
        Ok(done) if done.rows_affected() == 1 => Ok(Confirmed::Now),
        Ok(_) => Ok(Confirmed::Already),
        Err(e) if rendezvous_platform::db::is_unique_violation(&e) => Ok(Confirmed::Repeated),
        Err(e) => Err(e),
    }
}

/// The bodies of the confirmed writings of this address to any of these targets, in `letter`
/// only or in every campaign.
pub async fn earlier_bodies(
    tx: &mut Transaction<'_, Any>,
    email: &str,
    writing: WritingId,
    letter: Option<LetterId>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT w.body FROM advocacy_writings w JOIN advocacy_writing_targets wt ON wt.writing_id = w.id
         WHERE w.email = $1 AND w.state = 'confirmed' AND w.id <> $2 AND ($3 IS NULL OR w.letter_id = $3)
         AND wt.target_id IN (SELECT target_id FROM advocacy_writing_targets WHERE writing_id = $2)",
    )
    .bind(email)
    .bind(writing)
    .bind(letter)
    .fetch_all(&mut **tx)
    .await
}

/// A named letter's message to one target.
pub async fn insert_named_message(
    tx: &mut Transaction<'_, Any>,
    letter: LetterId,
    target: TargetId,
    writing: WritingId,
    personalised: bool,
    verp_token: &str,
    now: i64,
) -> Result<MessageId, sqlx::Error> {
    let id = sqlx::query_scalar(
        "INSERT INTO advocacy_messages (letter_id, target_id, writing_id, kind, state, verp_token, not_before, letters,
         personalised, created_at) VALUES ($1, $2, $3, 'named', 'waiting', $4, $5, 1, $6, $5) RETURNING id",
    )
    .bind(letter)
    .bind(target)
    .bind(writing)
    .bind(verp_token)
    .bind(now)
    .bind(i64::from(personalised))
    .fetch_one(&mut **tx)
    .await?;
    link(tx, writing, target, id).await?;
    Ok(id)
}

/// The day a collective letter gathers writers for, and when it leaves.
pub struct CollectiveDay<'a> {
    /// YYYY-MM-DD (UTC).
    pub day: &'a str,
    pub send_at: i64,
}

/// Adds a writer to the day's collective letter to a target (made when it is the day's first).
pub async fn join_collective(
    tx: &mut Transaction<'_, Any>,
    letter: LetterId,
    target: TargetId,
    writing: WritingId,
    when: &CollectiveDay<'_>,
    verp_token: &str,
    now: i64,
) -> Result<MessageId, sqlx::Error> {
    let (day, send_at) = (when.day, when.send_at);
    let waiting: Option<MessageId> = sqlx::query_scalar(
        "SELECT id FROM advocacy_messages
         WHERE letter_id = $1 AND target_id = $2 AND day = $3 AND kind = 'collective' AND state = 'waiting'",
    )
    .bind(letter)
    .bind(target)
    .bind(day)
    .fetch_optional(&mut **tx)
    .await?;
    let id = match waiting {
        Some(id) => id,
        None => sqlx::query_scalar(
            "INSERT INTO advocacy_messages (letter_id, target_id, kind, day, state, verp_token, not_before, created_at)
                 VALUES ($1, $2, 'collective', $3, 'waiting', $4, $5, $6) RETURNING id",
        )
        .bind(letter)
        .bind(target)
        .bind(day)
        .bind(verp_token)
        .bind(send_at)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?,
    };
    link(tx, writing, target, id).await?;
    Ok(id)
}

async fn link(
    tx: &mut Transaction<'_, Any>,
    writing: WritingId,
    target: TargetId,
    message: MessageId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE advocacy_writing_targets SET message_id = $3 WHERE writing_id = $1 AND target_id = $2")
        .bind(writing)
        .bind(target)
        .bind(message)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueMessage {
    pub id: MessageId,
    pub letter_id: LetterId,
    pub target_id: TargetId,
    pub writing_id: Option<WritingId>,
    pub kind: MessageKind,
    pub verp_token: String,
    pub attempts: i64,
}

/// Messages that may go now, oldest first.
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<DueMessage>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, letter_id, target_id, writing_id, kind, verp_token, attempts FROM advocacy_messages
         WHERE state = 'waiting' AND not_before <= $1 ORDER BY not_before, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// The earliest time a waiting message may go, if any waits.
pub async fn next_due(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(not_before) FROM advocacy_messages WHERE state = 'waiting'")
        .fetch_one(&db.pool)
        .await
}

/// The send times of the messages each target got since `since`, oldest first.
pub async fn sent_since(db: &Db, since: i64) -> Result<Vec<(TargetId, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT target_id, sent_at FROM advocacy_messages WHERE sent_at > $1 AND state IN ('sent', 'bounced')
         ORDER BY sent_at",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await
}

pub async fn hold_until(db: &Db, message: MessageId, until: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE advocacy_messages SET not_before = $2 WHERE id = $1 AND state = 'waiting'")
        .bind(message)
        .bind(until)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Marks a message sent, with what it counts for, and adds it to its target's counts.
pub async fn mark_sent(
    db: &Db,
    message: MessageId,
    letters: i64,
    personalised: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE advocacy_messages SET state = 'sent', sent_at = $2, letters = $3, personalised = $4
         WHERE id = $1 AND state = 'waiting'",
    )
    .bind(message)
    .bind(now)
    .bind(letters)
    .bind(personalised)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        count(&mut tx, message, Counted::Sent { letters, personalised }).await?;
    }
    tx.commit().await
}

/// What a message adds to its campaign's counts for its target.
#[derive(Debug, Clone, Copy)]
enum Counted {
    Sent { letters: i64, personalised: i64 },
    RepliedYes,
    RepliedNo,
    Bounced,
}

impl Counted {
    /// (letters, personalised, replied_yes, replied_no, bounced) added.
    fn values(self) -> [i64; 5] {
        match self {
            Counted::Sent { letters, personalised } => [letters, personalised, 0, 0, 0],
            Counted::RepliedYes => [0, 0, 1, 0, 0],
            Counted::RepliedNo => [0, 0, 0, 1, 0],
            Counted::Bounced => [0, 0, 0, 0, 1],
        }
    }
}

/// Adds to the counts of a message's campaign and target.
async fn count(tx: &mut Transaction<'_, Any>, message: MessageId, counted: Counted) -> Result<(), sqlx::Error> {
    let [letters, personalised, yes, no, bounced] = counted.values();
    sqlx::query(
        "INSERT INTO advocacy_counts (letter_id, target_id, letters, personalised, replied_yes, replied_no, bounced)
         SELECT letter_id, target_id, $2, $3, $4, $5, $6 FROM advocacy_messages WHERE id = $1
         ON CONFLICT (letter_id, target_id) DO UPDATE SET letters = advocacy_counts.letters + excluded.letters,
           personalised = advocacy_counts.personalised + excluded.personalised,
           replied_yes = advocacy_counts.replied_yes + excluded.replied_yes,
           replied_no = advocacy_counts.replied_no + excluded.replied_no,
           bounced = advocacy_counts.bounced + excluded.bounced",
    )
    .bind(message)
    .bind(letters)
    .bind(personalised)
    .bind(yes)
    .bind(no)
    .bind(bounced)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A try that failed for now: tried again after `retry_at`, or given up (`failed`).
pub async fn mark_attempt(
    db: &Db,
    message: MessageId,
    state: MessageState,
    retry_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE advocacy_messages SET attempts = attempts + 1, state = $2, not_before = $3,
         sent_at = CASE WHEN $2 = 'failed' THEN $4 ELSE sent_at END WHERE id = $1",
    )
    .bind(message)
    .bind(state)
    .bind(retry_at)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// One writer listed in a collective letter.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Signer {
    pub lang: String,
    pub name: String,
    pub shown_as: String,
    pub town: String,
    pub district: String,
}

pub async fn signers(db: &Db, message: MessageId) -> Result<Vec<Signer>, sqlx::Error> {
    sqlx::query_as(
        "SELECT w.lang, w.name, w.shown_as, w.town, w.district FROM advocacy_writings w
         JOIN advocacy_writing_targets wt ON wt.writing_id = w.id WHERE wt.message_id = $1 ORDER BY w.confirmed_at, w.id",
    )
    .bind(message)
    .fetch_all(&db.pool)
    .await
}

/// The message a bounce's VERP token names.
pub async fn message_by_token(db: &Db, token: &str) -> Result<Option<(MessageId, MessageState)>, sqlx::Error> {
    sqlx::query_as("SELECT id, state FROM advocacy_messages WHERE verp_token = $1")
        .bind(token)
        .fetch_optional(&db.pool)
        .await
}

pub async fn mark_bounced(db: &Db, message: MessageId) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query("UPDATE advocacy_messages SET state = 'bounced' WHERE id = $1 AND state = 'sent'")
        .bind(message)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 1 {
        count(&mut tx, message, Counted::Bounced).await?;
    }
    tx.commit().await
}

/// Writings with a named letter sent before `before` whose writer was not asked yet.
pub async fn to_ask(db: &Db, before: i64) -> Result<Vec<WritingId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT writing_id FROM advocacy_messages
         WHERE kind = 'named' AND state = 'sent' AND reply_asked = 0 AND writing_id IS NOT NULL AND sent_at <= $1
         ORDER BY writing_id",
    )
    .bind(before)
    .fetch_all(&db.pool)
    .await
}

pub async fn mark_asked(db: &Db, writing: WritingId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE advocacy_messages SET reply_asked = 1 WHERE writing_id = $1")
        .bind(writing)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A named letter's message as its writer sees it on the reply page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WrittenTo {
    pub id: MessageId,
    pub target: String,
    pub reply: Option<Reply>,
}

pub async fn written_to(db: &Db, writing: WritingId) -> Result<Vec<WrittenTo>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, t.name AS target, m.reply FROM advocacy_messages m JOIN advocacy_targets t ON t.id = m.target_id
         WHERE m.writing_id = $1 AND m.kind = 'named' AND m.state = 'sent' ORDER BY t.name",
    )
    .bind(writing)
    .fetch_all(&db.pool)
    .await
}

/// Records the writer's answer once; false when the message is not theirs or was answered.
pub async fn set_reply(db: &Db, writing: WritingId, message: MessageId, reply: Reply) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE advocacy_messages SET reply = $3 WHERE id = $2 AND writing_id = $1 AND reply IS NULL AND kind = 'named'",
    )
    .bind(writing)
    .bind(message)
    .bind(reply)
    .execute(&mut *tx)
    .await?;
    let answered = done.rows_affected() == 1;
    if answered {
        let counted = match reply {
            Reply::Yes => Counted::RepliedYes,
            Reply::No => Counted::RepliedNo,
        };
        count(&mut tx, message, counted).await?;
    }
    tx.commit().await?;
    Ok(answered)
}

/// Forgets writings never confirmed since `before`, and confirmed ones whose every message
/// left (or failed) before `delivered_before`; their messages keep only the counts.
pub async fn forget(db: &Db, pending_before: i64, delivered_before: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let pending = sqlx::query("DELETE FROM advocacy_writings WHERE state = 'pending' AND created_at < $1")
        .bind(pending_before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let doomed: Vec<WritingId> = sqlx::query_scalar(
        "SELECT w.id FROM advocacy_writings w WHERE w.state = 'confirmed' AND NOT EXISTS (
           SELECT 1 FROM advocacy_writing_targets wt LEFT JOIN advocacy_messages m ON m.id = wt.message_id
           WHERE wt.writing_id = w.id AND (m.id IS NULL OR m.state = 'waiting' OR m.sent_at IS NULL OR m.sent_at >= $1))",
    )
    .bind(delivered_before)
    .fetch_all(&mut *tx)
    .await?;
    for id in &doomed {
        erase_writing(&mut tx, *id).await?;
    }
    tx.commit().await?;
    Ok(pending + doomed.len() as u64)
}

/// Deletes a writing and what links to it (the messages keep their counts).
async fn erase_writing(tx: &mut Transaction<'_, Any>, writing: WritingId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE advocacy_messages SET writing_id = NULL WHERE writing_id = $1")
        .bind(writing)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM advocacy_writing_targets WHERE writing_id = $1").bind(writing).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM advocacy_writings WHERE id = $1").bind(writing).execute(&mut **tx).await?;
    Ok(())
}

/// Every writing of an address, for the person's export.
pub async fn writings_of(db: &Db, email: &str) -> Result<Vec<WritingRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {WRITING_COLUMNS} FROM advocacy_writings WHERE email = $1 ORDER BY id"
    )))
    .bind(email)
    .fetch_all(&db.pool)
    .await
}

/// Erases every writing of an address. A collective letter not sent yet no longer lists them.
pub async fn erase_writings_of(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let ids: Vec<WritingId> =
        sqlx::query_scalar("SELECT id FROM advocacy_writings WHERE email = $1").bind(email).fetch_all(&mut *tx).await?;
    for id in ids {
        sqlx::query("UPDATE advocacy_messages SET state = 'failed' WHERE writing_id = $1 AND state = 'waiting'")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        erase_writing(&mut tx, id).await?;
    }
    tx.commit().await
}

/// The waiting messages of a campaign with what each would count for (letters, personalised):
/// for the demo, which records its letters as delivered rather than mailing example addresses.
pub async fn waiting_counts(db: &Db, letter: LetterId) -> Result<Vec<(MessageId, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id,
           CASE WHEN m.kind = 'named' THEN 1 ELSE (SELECT COUNT(*) FROM advocacy_writing_targets wt WHERE wt.message_id = m.id) END,
           COALESCE((SELECT w.personalised FROM advocacy_writings w WHERE w.id = m.writing_id), 0)
         FROM advocacy_messages m WHERE m.letter_id = $1 AND m.state = 'waiting' ORDER BY m.id",
    )
    .bind(letter)
    .fetch_all(&db.pool)
    .await
}
