//! The forum's ids: a post id cannot be passed where a thread id is wanted.

use rendezvous_platform::id_type;

id_type!(
    /// A discussion space.
    pub SpaceId
);
id_type!(
    /// A thread in a space.
    pub ThreadId
);
id_type!(
    /// A post in a thread (its first post included).
    pub PostId
);
id_type!(
    /// A flag someone raised on a post.
    pub FlagId
);
id_type!(
    /// A notification of a reply, mention or moderation decision.
    pub NotificationId
);
id_type!(
    /// An earlier version of an edited post.
    pub PostEditId
);
id_type!(
    /// An entry of a space's moderation log.
    pub LogEntryId
);
id_type!(
    /// A token that lets someone reply to a notification by email.
    pub ReplyTokenId
);
