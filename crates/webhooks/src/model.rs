//! The events partners may subscribe to, and where a delivery stands.

use rendezvous_platform::state_enum;

/// Every event type an endpoint may ask for (those whose features have landed).
pub const EVENT_TYPES: &[&str] = &[
    "subscriber.subscribed",
    "subscriber.unsubscribed",
    "subscriber.bounced",
    "campaign.sent",
    "member.approved",
    "member.lapsed",
    "alert.published",
    "alert.updated",
    "alert.cancelled",
    "post.created",
    "letter.sent",
    "event.published",
    "event.cancelled",
    "resource.published",
];

/// A delivery's body stays under this size (the specification's advice): larger events carry
/// URLs instead of content.
pub const BODY_MAX: usize = 20 * 1024;

/// Seconds to wait before each retry, in order (then the delivery fails): 5 s, 5 min, 30 min,
/// 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
pub const RETRY_SECONDS: [i64; 9] = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400];

/// An endpoint failing for this long is disabled and its owner told.
pub const DISABLE_AFTER_MS: i64 = 5 * 24 * 3600 * 1000;

state_enum!(
    /// Where a delivery stands.
    pub enum DeliveryState {
        Pending = "pending",
        Delivered = "delivered",
        /// Given up after the last retry, or the endpoint answered 410.
        Failed = "failed",
        /// Not sent: the endpoint was disabled or deleted meanwhile.
        Skipped = "skipped",
    }
);
