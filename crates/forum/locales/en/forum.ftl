nav-forum = Discussions
forum-error-empty = This cannot be empty.
forum-error-too-long = This is too long.
forum-error-control = This contains characters that are not allowed.
forum-error-title-empty = Enter a title.
forum-error-body-empty = Write something before posting.
forum-error-body-too-long = This post is too long: the limit is 64 KB of text.
forum-error-reason-empty = Give a reason.
