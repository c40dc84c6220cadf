//! consul-ls: analysis of HashiCorp Consul configuration.
//!
//! Layers, lowest first: [`syntax`] → [`schema`] → [`model`] → [`workspace`] → [`rules`] → [`analysis`] →
//! [`ide`], with [`cli`] and [`lsp`] (the language server) as thin shells on top. [`format`] (the formatter) sits
//! beside [`ide`] and uses only [`syntax`] and the file classification of [`model`].
pub mod analysis;
pub mod cli;
pub mod format;
pub mod ide;
pub mod lsp;
pub mod memory;
pub mod model;
pub mod rules;
pub mod schema;
pub mod syntax;
pub mod workspace;
