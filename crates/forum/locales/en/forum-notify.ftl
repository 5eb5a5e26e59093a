forum-notify-nav = Notifications
forum-notify-title = Notifications
forum-notify-unread = { $count ->
    [0] No unread notifications.
    [one] One unread notification.
   *[other] { $count } unread notifications.
}
forum-notify-none = Nothing yet. You will be told here of replies to your threads and posts, of mentions (@YourName) and of new posts in what you watch.
forum-notify-new = New:
forum-notify-mark-all-read = Mark all as read
forum-notify-all-read = All notifications are marked as read.
forum-notify-settings-link = Email settings for notifications
forum-notify-line-reply = { $author } replied in “{ $title }” ({ $space }).
forum-notify-line-mention = { $author } mentioned you in “{ $title }” ({ $space }).
forum-notify-line-watched = { $author } posted in “{ $title }” ({ $space }), which you watch.
forum-notify-settings-title = Email about discussions
forum-notify-settings-intro = Choose whether we email you about discussions. We send nothing until you choose, and you can stop at any time, from this page or with the link in every email.
forum-notify-settings-not-chosen = You have not chosen yet, so we send you no email about discussions.
forum-notify-settings-mode = How should we email you?
forum-notify-settings-choose = Choose how we should email you.
forum-notify-mode-none = Never: I will read my notifications on the site
forum-notify-mode-each = One email each time something happens
forum-notify-mode-daily = One email a day with everything new (a daily digest)
forum-notify-mode-weekly = One email a week with everything new (a weekly digest)
forum-notify-settings-kinds = Tell me about
forum-notify-kind-replies = Replies to my threads and posts
forum-notify-kind-mentions = Mentions of my name (@YourName, your display name without spaces)
forum-notify-kind-watched = New posts in the threads and spaces I watch
forum-notify-settings-save = Save
forum-notify-settings-saved = Your choice is saved.
forum-notify-unsubscribe-title = Stop email about discussions
forum-notify-unsubscribe-intro = Press the button to stop all email about discussions. Your notifications stay on the site.
forum-notify-unsubscribe-submit = Stop these emails
forum-notify-unsubscribe-done = Done: we will not email you about discussions any more. You can choose again in your settings.
forum-notify-unsubscribe-expired = This link has expired. Sign in and change your email settings for notifications instead.
forum-notify-unsubscribe-invalid = This link is not valid. Sign in and change your email settings for notifications instead.
forum-notify-subject-reply = New reply in “{ $title }”
forum-notify-subject-mention = You were mentioned in “{ $title }”
forum-notify-subject-watched = New post in “{ $title }”
forum-notify-subject-daily = { $count ->
    [one] Discussions today: 1 new post
   *[other] Discussions today: { $count } new posts
}
forum-notify-subject-weekly = { $count ->
    [one] Discussions this week: 1 new post
   *[other] Discussions this week: { $count } new posts
}
forum-notify-digest-intro-daily = { $count ->
    [one] Here is what happened in the discussions since yesterday's email.
   *[other] Here are { $count } things that happened in the discussions since yesterday's email.
}
forum-notify-digest-intro-weekly = { $count ->
    [one] Here is what happened in the discussions this week.
   *[other] Here are { $count } things that happened in the discussions this week.
}
forum-notify-mail-quote = “{ $text }”
forum-notify-mail-reply-hint = You can answer by replying to this email: your reply is posted in the thread under your name (what you quote and your signature are left out). This reply address works once, for 30 days.
forum-notify-mail-open = Read it on the site
forum-notify-mail-open-all = See all your notifications
forum-notify-mail-settings = Change how often we email you: { $url }
forum-notify-mail-unsubscribe = Stop these emails: { $url }
forum-notify-mail-why = You get this email because you chose to be emailed about discussions.
forum-notify-refused-subject = Your reply was not posted
forum-notify-refused-used = Your email reply was not posted: its reply address has already been used once. Each address works for one reply.
forum-notify-refused-expired = Your email reply was not posted: its reply address has expired (they work for 30 days).
forum-notify-refused-sender = Your email reply was not posted: it came from another address than the one on your account.
forum-notify-refused-empty = Your email reply was not posted: we found no text of yours in it, only quoted text or a signature.
forum-notify-refused-locked = Your email reply was not posted: the thread is locked.
forum-notify-refused-rate = Your email reply was not posted: you have posted a lot in the last hour. Try again later with the same reply address.
forum-notify-refused-invalid = Your email reply was not posted: it is empty, too long, or contains characters that are not allowed.
forum-notify-refused-forbidden = Your email reply was not posted: you may not post in this thread.
forum-notify-refused-site = You can still reply on the site.
forum-notify-refused-why = You get this email because someone replied by email with your reply address.
forum-notify-mail-content-warning = [Content warning: { $warning }. Open the post on the site to read it.]
