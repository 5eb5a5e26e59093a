//! Reply by email: a notification caught by the SMTP server is answered (with quoted text and a
//! signature), posted through POST /inbound, and appears stripped, as that person. A retried
//! delivery posts nothing twice; a reused, forged or expired reply address is refused, the first
//! and last with a short explanation in the person's language.

use rendezvous_forum::model::{EmailMode, ReadRule};
use rendezvous_forum::store::posts as post_store;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::i18n::Lang;
use rendezvous_testkit::{CapturedMail, TestApp};

use crate::forum_notify::{SECRET, app, choose, member, reply, space, start, viewer};
use crate::newsletter_bounces::inbound;

fn answer(notification: &CapturedMail, from: &str, message_id: &str, text: &str) -> Vec<u8> {
    let reply_to = notification.header("Reply-To").expect("Reply-To");
    let quoted: String = notification.text.lines().map(|l| format!("> {l}\r\n")).collect();
    format!(
        "From: Ana Opener <{from}>\r\nTo: {reply_to}\r\nSubject: Re: {}\r\nMessage-ID: <{message_id}@mail.example.net>\r\n\
         Date: Fri, 27 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         {text}\r\n\r\nOn Fri, 27 Nov 2026 at 09:00, Rendezvous <noreply@example.org> wrote:\r\n{quoted}\r\n-- \r\nAna\r\nPeer worker\r\n",
        notification.subject
    )
    .into_bytes()
}

async fn action(app: &TestApp, raw: Vec<u8>) -> String {
    let response = inbound(app, Some(SECRET), raw).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["kind"], "forum-reply", "{body}");
    body["action"].as_str().unwrap_or_default().to_owned()
}

async fn bodies(
    app: &TestApp,
    thread_id: rendezvous_forum::ThreadId,
) -> Vec<(rendezvous_platform::auth::UserId, String)> {
    post_store::in_thread(app.db(), thread_id, &rendezvous_forum::access::post_filter(true), None, 100, 0)
        .await
        .expect("posts")
        .into_iter()
        .map(|p| (p.author_id, p.body_markdown))
        .collect()
}

#[tokio::test]
async fn a_reply_by_email_is_posted_stripped_as_its_person_once() {
    let app = app().await;
    let public = space(&app, "general", ReadRule::Public, false).await;
    let ana = member(&app, "ana@example.org", "Ana Opener").await;
    let ben = member(&app, "ben@example.org", "Ben Replier").await;
    app.state.users.set_lang(ana, Lang::Fr).await.expect("lang");
    choose(&app, ana, EmailMode::Each).await;
    let (thread, _) = start(&app, ana, &public, "Kits", "Who has kits?").await;
    reply(&app, ben, &public, &thread, "We do, at the drop-in.", false).await;
    let notification = app.smtp.wait_for("ana@example.org", 1).await.remove(0);

    let raw = answer(&notification, "ana@example.org", "first", "Great, I will come on Friday.");
    assert_eq!(action(&app, raw.clone()).await, "posted");
    let posts = bodies(&app, thread.id).await;
    assert_eq!(posts.len(), 3);
    assert_eq!(posts[2], (ana, "Great, I will come on Friday.".to_owned()), "stripped, as Ana");

    // The MTA retries the same message: nothing is posted twice, nobody is mailed.
    assert_eq!(action(&app, raw).await, "duplicate");
    assert_eq!(bodies(&app, thread.id).await.len(), 3);

    // Another message with the used address: refused, and Ana is told why, in French.
    let again = answer(&notification, "ana@example.org", "second", "One more thing.");
    assert_eq!(action(&app, again).await, "refused-used");
    let mails = app.smtp.wait_for("ana@example.org", 2).await;
    assert_eq!(mails[1].subject, "Votre réponse n’a pas été publiée");
    assert!(mails[1].text.contains("a déjà servi"), "{}", mails[1].text);
    assert_eq!(bodies(&app, thread.id).await.len(), 3);
}

#[tokio::test]
async fn forged_expired_and_foreign_replies_are_refused() {
    let app = app().await;
    let public = space(&app, "general", ReadRule::Public, false).await;
    let ana = member(&app, "ana@example.org", "Ana Opener").await;
    let ben = member(&app, "ben@example.org", "Ben Replier").await;
    choose(&app, ana, EmailMode::Each).await;
    let (thread, _) = start(&app, ana, &public, "Kits", "Who has kits?").await;
    reply(&app, ben, &public, &thread, "We do.", false).await;
    let notification = app.smtp.wait_for("ana@example.org", 1).await.remove(0);

    // A forged token names nothing: refused, and nobody is mailed (no backscatter).
    let reply_to = notification.header("Reply-To").expect("Reply-To");
    let token_start = reply_to.find("reply+").expect("reply address") + "reply+".len();
    let mut forged_to = reply_to.clone();
    let flipped = if &reply_to[token_start..=token_start] == "a" { "b" } else { "a" };
    forged_to.replace_range(token_start..=token_start, flipped);
    let forged = String::from_utf8(answer(&notification, "ana@example.org", "forged", "Forged text."))
        .expect("utf-8")
        .replace(&reply_to, &forged_to);
    assert_eq!(action(&app, forged.into_bytes()).await, "refused-unknown");

    // From another address than the account's: refused, explained to the account's address.
    let foreign = answer(&notification, "someone@else.example", "foreign", "Hijacked text.");
    assert_eq!(action(&app, foreign).await, "refused-sender");
    let mails = app.smtp.wait_for("ana@example.org", 2).await;
    assert_eq!(mails[1].subject, "Your reply was not posted");
    assert!(app.smtp.to("someone@else.example").is_empty());

    // Only quotes and a signature: nothing of hers to post.
    let empty = answer(&notification, "ana@example.org", "empty", "");
    assert_eq!(action(&app, empty).await, "refused-empty");
    // Its explanation is out before the clock jumps: a jump past a running job's lease would
    // let a second worker take the job and send it again.
    app.smtp.wait_for("ana@example.org", 3).await;

    // Thirty-one days later the address has expired.
    app.clock.advance_ms(31 * DAY_MS);
    let late = answer(&notification, "ana@example.org", "late", "Late text.");
    assert_eq!(action(&app, late).await, "refused-expired");
    let mails = app.smtp.wait_for("ana@example.org", 4).await;
    // Two workers send mail, so the explanations may arrive in either order.
    assert!(mails.iter().any(|m| m.text.contains("has expired")), "an explanation of the expiry");
    assert!(mails.iter().any(|m| m.text.contains("no text of yours")), "an explanation of the empty reply");
    let posts = bodies(&app, thread.id).await;
    assert_eq!(posts.len(), 2, "nothing was posted: {posts:?}");

    // Bounces and other inbound mail still reach the bounce path.
    let bounce = crate::newsletter_bounces::corpus("postfix-hard-5.1.1.eml");
    let response = inbound(&app, Some(SECRET), bounce).await;
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["kind"], "hard");
}

#[tokio::test]
async fn a_reply_by_email_in_a_thread_one_wrote_anonymously_stays_anonymous() {
    let app = app().await;
    let peer = space(&app, "peer", ReadRule::Members, true).await;
    let ana = member(&app, "ana@example.org", "Ana Opener").await;
    let ben = member(&app, "ben@example.org", "Ben Replier").await;
    choose(&app, ana, EmailMode::Each).await;
    // Ana opens a thread anonymously; Ben's answer notifies her, and she answers the mail.
    let draft = rendezvous_forum::posting::Draft {
        title: Some("Using alone".into()),
        body: "How do you stay safe?".into(),
        anonymous: true,
        ..Default::default()
    };
    let posted = rendezvous_forum::posting::start_thread(&app.state, &viewer(&app, ana).await, &peer, &draft)
        .await
        .expect("thread");
    let thread =
        rendezvous_forum::store::threads::by_id(app.db(), posted.thread_id).await.expect("read").expect("thread");
    reply(&app, ben, &peer, &thread, "Never alone: call the line.", false).await;
    let notification = app.smtp.wait_for("ana@example.org", 1).await.remove(0);
    let raw = answer(&notification, "ana@example.org", "anon", "Thank you, I will.");
    assert_eq!(action(&app, raw).await, "posted");
    let anonymous: Vec<i64> =
        sqlx::query_scalar("SELECT anonymous FROM forum_posts WHERE thread_id = $1 AND author_id = $2 ORDER BY id")
            .bind(thread.id)
            .bind(ana.0)
            .fetch_all(&app.db().pool)
            .await
            .expect("posts");
    assert_eq!(anonymous, vec![1, 1], "her reply by mail is anonymous like her thread");
    let page = app.get(&format!("/forum/t/{}", thread.id)).await.text().await.expect("page");
    assert!(!page.contains("Ana Opener"));
}
