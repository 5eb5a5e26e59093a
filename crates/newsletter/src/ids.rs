//! The newsletter's ids: a list id cannot be passed where a campaign id is wanted.

use rendezvous_platform::id_type;

id_type!(
    /// A mailing list.
    pub ListId
);
id_type!(
    /// One address, on any number of lists.
    pub SubscriberId
);
id_type!(
    /// A mailing sent to a list (or a segment of it).
    pub CampaignId
);
id_type!(
    /// One campaign's message to one subscriber.
    pub DeliveryId
);
id_type!(
    /// A saved filter over a list's subscribers.
    pub SegmentId
);
id_type!(
    /// A spreadsheet of subscribers being imported.
    pub ImportId
);
id_type!(
    /// An entry of the consent ledger.
    pub ConsentEventId
);

impl ListId {
    /// Not a list: a suppression that holds on every list, a link that names no list.
    pub const EVERY_LIST: ListId = ListId(0);
}
