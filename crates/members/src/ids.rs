//! The members' ids: an organisation id cannot be passed where a membership id is wanted.

use rendezvous_platform::id_type;

id_type!(
    /// A person's membership (an application until approved).
    pub MembershipId
);
id_type!(
    /// A kind of membership the network offers.
    pub MembershipTypeId
);
id_type!(
    /// A category people describe themselves by in the directory.
    pub CategoryId
);
id_type!(
    /// A member organisation.
    pub OrganisationId
);
id_type!(
    /// A group of members.
    pub GroupId
);
id_type!(
    /// An invitation to join.
    pub InvitationId
);
