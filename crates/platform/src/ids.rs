//! Typed ids and states at the row boundary: every entity's id is its own type, so a post id
//! cannot be passed where a thread id is wanted; every state read from a row is an enum, so no
//! code or template compares a state with a string.
//!
//! ```ignore
//! rendezvous_platform::id_type!(
//!     /// A forum post.
//!     pub PostId
//! );
//! rendezvous_platform::state_enum!(
//!     /// Where a post stands.
//!     pub enum PostState { Visible = "visible", Held = "held", Removed = "removed" }
//! );
//! ```

/// Declares an id newtype over `i64`: read and bound by sqlx as the integer, (de)serialised by
/// serde as the bare number (so paths, forms and JSON keep their shape), shown as the number.
#[macro_export]
macro_rules! id_type {
    ($(#[$meta:meta])* $vis:vis $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize, ::sqlx::Type,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        $vis struct $name(pub i64);

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        // In the API description an id is the integer it is, named after its entity.
        impl $crate::utoipa::PartialSchema for $name {
            fn schema() -> $crate::utoipa::openapi::RefOr<$crate::utoipa::openapi::schema::Schema> {
                <i64 as $crate::utoipa::PartialSchema>::schema()
            }
        }

        impl $crate::utoipa::ToSchema for $name {}
    };
}

/// Declares a state (or status, or kind) kept as text in the database: an enum with its stored
/// spelling, read and bound by sqlx as that text (an unknown spelling is a decode error, not a
/// silent default), serialised by serde as it, and compared as an enum everywhere else.
#[macro_export]
macro_rules! state_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling kept in the database, in URLs and in CSS classes.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                $name::parse(&text).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::unknown_variant(&text, &[$($text),+])
                })
            }
        }

        // In the API description a state is a string with its known spellings.
        impl $crate::utoipa::PartialSchema for $name {
            fn schema() -> $crate::utoipa::openapi::RefOr<$crate::utoipa::openapi::schema::Schema> {
                $crate::api::text_enum(&[$($text),+])
            }
        }

        impl $crate::utoipa::ToSchema for $name {}

        impl ::sqlx::Type<::sqlx::Any> for $name {
            fn type_info() -> ::sqlx::any::AnyTypeInfo {
                <str as ::sqlx::Type<::sqlx::Any>>::type_info()
            }
        }

        impl<'q> ::sqlx::Encode<'q, ::sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <::sqlx::Any as ::sqlx::Database>::ArgumentBuffer,
            ) -> Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                <&str as ::sqlx::Encode<'q, ::sqlx::Any>>::encode(self.as_str(), buf)
            }
        }

        impl<'r> ::sqlx::Decode<'r, ::sqlx::Any> for $name {
            fn decode(
                value: <::sqlx::Any as ::sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                let text = <&str as ::sqlx::Decode<'r, ::sqlx::Any>>::decode(value)?;
                $name::parse(text)
                    .ok_or_else(|| format!(concat!("unknown ", stringify!($name), " {:?}"), text).into())
            }
        }
    };
}

#[cfg(test)]
#[allow(dead_code)]
mod tests {
    crate::id_type!(pub ThingId);
    crate::state_enum!(
        pub enum Shade {
            Light = "light",
            Dark = "dark",
        }
    );

    #[test]
    fn ids_and_states_keep_their_text_shape() {
        assert_eq!(serde_json::to_string(&ThingId(7)).expect("round trip"), "7");
        assert_eq!("42".parse::<ThingId>().expect("round trip"), ThingId(42));
        assert_eq!(serde_json::to_string(&Shade::Dark).expect("round trip"), "\"dark\"");
        assert_eq!(serde_json::from_str::<Shade>("\"light\"").expect("round trip"), Shade::Light);
        assert!(serde_json::from_str::<Shade>("\"grey\"").is_err());
        assert_eq!(Shade::parse("grey"), None);
    }
}
