//! The declarative table of what Consul accepts, and its lookups.
pub mod acl;
pub mod agent;
pub mod api;
pub mod entries;
pub mod helm;
pub mod json_schema;
pub mod k8s;
pub mod lookup;
pub mod manifest;
pub mod service;
pub mod types;

pub use lookup::{KeyStyle, key_is, suggest, to_camel, to_pascal, to_snake};
pub use types::*;
