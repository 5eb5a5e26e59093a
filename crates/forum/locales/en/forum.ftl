nav-forum = Discussions
forum-error-empty = This cannot be empty.
forum-error-too-long = This is too long.
forum-error-control = This contains characters that are not allowed.
forum-error-title-empty = Enter a title.
forum-error-body-empty = Write something before posting.
forum-error-body-too-long = This post is too long: the limit is 64 KB of text.
forum-error-reason-empty = Give a reason.
forum-anonymous-member = anonymous member
forum-former-member = former member
forum-error-slug = Use 2 to 60 lower-case letters, digits and dashes (and not a word the forum uses itself).
forum-error-slug-taken = A space already uses this address.
forum-error-anonymous-not-allowed = This space does not allow anonymous posts.
forum-error-warnings-not-offered = This space does not offer content warnings.
forum-error-space = Choose a space.
forum-error-action = Choose an action.
forum-error-hold = Enter a number from 0 to 100.
forum-error-locked = This thread is locked: no new replies.
forum-error-read-rule = Use public, members, or group: followed by group addresses separated by commas.
forum-error-post-rule = Use members, moderators, or group: followed by group addresses separated by commas.
forum-title = Discussions
forum-no-spaces = There are no discussion spaces you can read yet.
forum-no-threads = No threads here yet.
forum-thread-count = { $count ->
    [one] 1 thread
   *[other] { $count } threads
}
forum-post-count = { $count ->
    [one] 1 post
   *[other] { $count } posts
}
forum-support = { $count ->
    [0] Support
    [one] Support (1)
   *[other] Support ({ $count })
}
forum-search = Search the discussions
forum-search-button = Search
forum-search-words = Words to find
forum-search-in = In
forum-search-all = Every space you can read
forum-search-none = Nothing found.
forum-search-space = Search this space
forum-feed = Atom feed
forum-pages = Pages
forum-previous = Previous page
forum-next = Next page
forum-pinned = Pinned
forum-locked = Locked
forum-unread = New
forum-edited = edited
forum-state-held = Waiting for a moderator
forum-state-hidden = Hidden by a moderator
forum-post-deleted = This post was deleted.
forum-cw-label = Content warning: { $label }
forum-new-thread = Start a thread
forum-thread-title = Title
forum-body = Your message
forum-body-hint = Markdown works: **bold**, _italics_, > quotes, - lists, [links](https://example.org). No HTML.
forum-content-warning = Content warning (optional)
forum-content-warning-hint = A few words, such as "overdose" or "grief". Your message will be shown folded under them.
forum-post-anonymously = Post as "anonymous member"
forum-anonymous-hint = Others will not see your name. Moderators cannot see it either; only an administrator can, and that is recorded.
forum-post-button = Post
forum-reply = Reply
forum-quote = Quote
forum-edit = Edit
forum-save = Save
forum-back = Back
forum-delete = Delete
forum-flag = Report
forum-flag-reason = What is wrong with this post?
forum-flag-send = Send the report
forum-flag-reason-shown = Reported: { $reason }
forum-login-to-post = Log in to take part
forum-thread-locked = This thread is locked: no new replies.
forum-watch-space = Watch this space
forum-watch-thread = Watch this thread
forum-unwatch = Stop watching
forum-mute = Mute
forum-unmute = Unmute
forum-moderate = Moderate
forum-moderate-thread = Moderate this thread
forum-mod-reason = Reason (shown in the moderation log)
forum-mod-days = Days of suspension
forum-mod-approve = Approve
forum-mod-hide = Hide
forum-mod-unhide = Show again
forum-mod-delete = Delete
forum-mod-dismiss = Dismiss reports
forum-mod-warn = Warn the author
forum-mod-suspend = Suspend the author
forum-mod-ban = Ban the author
forum-pin = Pin
forum-unpin = Unpin
forum-lock = Lock
forum-unlock = Unlock
forum-move = Move
forum-move-to = Move to
forum-history = Edit history
forum-history-current = Current version
forum-history-before = Before { $when }
forum-reveal = Reveal the author
forum-reveal-audited = This reveal has been recorded in the audit log.
forum-queue-title = Moderation queue
forum-queue-held = Posts waiting for approval
forum-queue-flags = Reported posts
forum-queue-empty = Nothing waiting.
forum-log-title = Moderation log
forum-log-empty = No moderation in this space yet.
forum-log-when = When
forum-log-moderator = Moderator
forum-log-action = Action
forum-log-about = About
forum-log-reason = Reason
forum-log-thread = thread
forum-log-action-name = { $action ->
    [approve] approved a post
    [hide] hid a post
    [unhide] showed a post again
    [delete] deleted a post
    [dismiss] dismissed reports
    [warn] warned the author
    [suspend] suspended the author
    [ban] banned the author
    [pin] pinned
    [unpin] unpinned
    [lock] locked
    [unlock] unlocked
    [move] moved the thread
   *[other] { $action }
}
forum-flash-held = Thank you. A moderator will look at your post before others see it.
forum-flash-edited = Your changes are saved.
forum-flash-deleted = The post was deleted.
forum-flash-flagged = Thank you. The moderators will look at it.
forum-flash-moderated = Done.
forum-flash-watch = Your choice is saved.
forum-flash-space-created = The space is created.
forum-admin-title = Discussion spaces
forum-admin-spaces = Spaces
forum-admin-name = Name
forum-admin-read = Who may read
forum-admin-read-hint = public, members, or group:SLUG (several groups: group:a,b)
forum-admin-post = Who may post
forum-admin-post-hint = members, moderators, or group:SLUG
forum-admin-new = New space
forum-admin-slug = Address
forum-admin-slug-hint = Lower-case letters, digits and dashes, such as peer-support
forum-admin-name-en = Name in English
forum-admin-name-fr = Name in French
forum-admin-description-en = Description in English
forum-admin-description-fr = Description in French
forum-admin-moderators = Moderators
forum-admin-moderators-hint = Account numbers, separated by commas
forum-admin-anonymous = Allow anonymous posts
forum-admin-warnings = Offer content warnings
forum-admin-images = Allow images
forum-admin-hold = Hold new members' first posts
forum-admin-hold-hint = How many of a person's first posts wait for a moderator (0: none)
forum-admin-create = Create the space
forum-flag-hint = Moderators will see your report and the post. The author will not know who reported it.
forum-admin-edit = Change
forum-flash-space-saved = The space is saved.
forum-sanction-subject = A moderator's decision about your posting
forum-sanction-warning = A moderator of “{ $space }” warned you about one of your posts.
forum-sanction-suspension = A moderator of “{ $space }” suspended your posting for { $days } days. You can still read.
forum-sanction-ban = A moderator of “{ $space }” banned you from posting. You can still read.
forum-sanction-reason = The reason given: { $reason }
forum-sanction-open = Open the discussion
forum-sanction-why = You get this mail because a moderator acted on your account; only you receive it.

# The role this feature defines (see feature.rs)
role-moderator = Moderator
role-grant-moderator = Make moderator
role-revoke-moderator = Remove moderator
