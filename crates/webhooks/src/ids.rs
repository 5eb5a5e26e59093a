//! The webhooks feature's ids.

use rendezvous_platform::id_type;

id_type!(
    /// A partner's endpoint.
    pub EndpointId
);
id_type!(
    /// One event's delivery to one endpoint (all its attempts).
    pub WebhookDeliveryId
);
