//! The library's ids.

use rendezvous_platform::id_type;

id_type!(
    /// A resource of the library (both its language versions share it).
    pub ResourceId
);
id_type!(
    /// A news post.
    pub NewsId
);
id_type!(
    /// An event.
    pub EventId
);
id_type!(
    /// A job posting (`jobs` is the work queue).
    pub PostingId
);
id_type!(
    /// One saved version of an editable page.
    pub PageVersionId
);
id_type!(
    /// Something the public submitted (or a comment).
    pub SubmissionId
);
id_type!(
    /// An agency's request for a consultation.
    pub ConsultationId
);
