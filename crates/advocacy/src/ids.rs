//! The advocacy feature's ids.

use rendezvous_platform::id_type;

id_type!(
    /// A set of targets (the House of Commons, the Senate, a legislature, a custom set).
    pub TargetSetId
);
id_type!(
    /// A person letters are written to.
    pub TargetId
);
id_type!(
    /// A committee of a legislature.
    pub CommitteeId
);
id_type!(
    /// A letter campaign.
    pub LetterId
);
id_type!(
    /// What one writer wrote for one campaign.
    pub WritingId
);
id_type!(
    /// One mail to one target.
    pub MessageId
);
