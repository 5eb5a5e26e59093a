# Forum safety: moderation needs two-factor, widening moves, forms and confirmations.
forum-move-confirm-title = Move this thread to a space more people read?
forum-move-thread = Thread: “{ $title }”
forum-move-from = From
forum-move-to-space = To
forum-move-more-readers = { $count ->
    [one] 1 more account will be able to read this thread, with the names of who posted in it.
   *[other] { $count } more accounts will be able to read this thread, with the names of who posted in it.
}
forum-move-to-everyone = The space is public: anyone, signed in or not, will be able to read it.
forum-move-confirm-button = Move it, and let them read it
forum-move-cancel = Cancel, keep the thread where it is
forum-move-needs-admin = Only an administrator can move a thread into a space that more people read.
forum-error-move-unconfirmed = Confirm the move on its page first: more people will read the thread.
forum-moderator-no-two-factor = { $name } has not turned on two-factor authentication: they cannot moderate this space until they do.
forum-moderate-needs-two-factor = You moderate this space: turn on two-factor authentication to use moderation tools.
forum-moderate-turn-on = Turn on two-factor authentication
forum-mod-action = What to do
forum-mod-days-hint = For a suspension: a whole number of days, from 1 to 3650.
forum-mod-submit = Do it
forum-error-days = Give the suspension a length: a whole number of days, from 1 to 3650.
forum-flash-thread-deleted = The thread was deleted.
forum-next-sign-in = Only people with an account may post here.
forum-next-members = Only members of the network may post here.
forum-next-apply = Apply for membership
forum-next-groups = Only members of the group { $groups } may post here.
forum-next-groups-link = See the groups
forum-next-moderators = Only this space’s moderators post here; you can read and follow it.
forum-next-archived = This space is archived: you can read it, nobody posts in it any more.
forum-next-blocked = You cannot post for now (a moderator’s decision); you can still read.
forum-rule-public = Everyone, without an account too
forum-rule-members = Members of the network
forum-rule-moderators = Only the space’s moderators
forum-rule-group = Members of the group { $group }
forum-moderators-none = This space has no moderators of its own yet.
forum-moderator-tag-no-two-factor = no two-factor: cannot moderate yet
forum-moderator-remove = Remove { $name }
forum-moderator-add = Make { $name } a moderator
forum-moderator-find = Find a person to add
forum-moderator-find-hint = Type part of their name or address, at least 2 letters.
forum-moderator-find-button = Find
forum-moderator-no-match = Nobody matches.
forum-flash-moderator-added = The moderator was added.
forum-flash-moderator-removed = The moderator was removed.
forum-error-person = Choose a person from the list.
