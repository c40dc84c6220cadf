//! The shape of the schema table: blocks of fields, each with spellings, type, enum values, default,
//! requiredness, a one-line doc and a docs link. The tables themselves are `static` data in the sibling modules.

/// How keys of a block are spelled and matched, per consul-reference.md §1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Casing {
    /// Agent configuration: canonical snake_case names, matched case-insensitively
    /// (`Name` works, `DestinationPeer` does not: underscores are not inferred).
    Snake,
    /// Config entries and API payloads: canonical PascalCase names matched case-insensitively, plus the
    /// snake_case spelling of every multi-word name (Consul's `alias` tags and key translation) and any
    /// explicit `aliases`.
    Pascal,
    /// Kubernetes custom resources and Helm values: canonical lowerCamel names (`peerThroughMeshGateways`,
    /// `tlsMinVersion`), matched exactly (case-sensitive, no aliases apply).
    Camel,
}

/// The type of a field's value.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    Str,
    Bool,
    /// An integer (ports, counts). In agent configuration a quoted number is wrong; config entries and API
    /// payloads decode weakly and accept `"8080"`.
    Int,
    /// Any number.
    Float,
    /// A Go duration string such as `"10s"` (agent config also accepts a number of nanoseconds in JSON).
    Duration,
    /// One of a fixed set of strings.
    Enum(&'static [&'static str]),
    /// A list of strings (a single string is accepted where Consul decodes weakly from a slice).
    StrList,
    /// A nested object with a known schema (HCL 1 also accepts a one-element list of objects).
    Block(&'static Block),
    /// A list of objects with a known schema: `x = [{...}]` or repeated `x { }` blocks.
    BlockList(&'static Block),
    /// A map from user-chosen names to objects with a known schema (`failover { "*" = {...} }`).
    Map(&'static Block),
    /// A map of user-chosen keys to scalars (`meta`, `node_meta`, `tags`-like maps). Keys are not checked.
    Opaque,
    /// Anything: the value is not checked at all.
    Any,
    /// A list of config entries (`config_entries { bootstrap = [...] }`), each checked against the schema of its
    /// `Kind`.
    ConfigEntries,
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Canonical spelling: snake_case in [`Casing::Snake`] blocks, PascalCase in [`Casing::Pascal`] blocks,
    /// lowerCamel in [`Casing::Camel`] blocks.
    pub name: &'static str,
    /// Other accepted spellings (deprecated names, Consul `alias` tags that are not plain snake_case).
    pub aliases: &'static [&'static str],
    pub ty: Ty,
    pub required: bool,
    pub default: Option<&'static str>,
    pub doc: &'static str,
    /// Path under https://developer.hashicorp.com/consul/docs/ (empty: the block's link is used).
    pub link: &'static str,
    /// Consul Enterprise only.
    pub enterprise: bool,
    /// Deprecated: Consul still reads it (and warns), the `deprecated-field` hint names the replacement.
    pub deprecated: bool,
    /// The key that replaces a deprecated one, as a dotted path from the root of the file
    /// (`tls.defaults.ca_file`); empty when there is none.
    pub replaced_by: &'static str,
    /// Accepted only in API payloads (PascalCase files), e.g. the catalog's `Service.Service`.
    pub api_only: bool,
    /// Written by Consul, not by users (`CreateIndex`, `ModifyIndex`, `Status`): accepted, never offered.
    pub read_only: bool,
    /// A Go struct field without a `mapstructure` tag: Consul matches its Go name case-insensitively, with no
    /// snake_case spelling (`raft_boltdb { NoFreelistSync = true }`).
    pub untagged: bool,
}

impl Field {
    pub const fn new(name: &'static str, ty: Ty) -> Self {
        Self {
            name,
            aliases: &[],
            ty,
            required: false,
            default: None,
            doc: "",
            link: "",
            enterprise: false,
            deprecated: false,
            replaced_by: "",
            api_only: false,
            read_only: false,
            untagged: false,
        }
    }
    pub const fn doc(mut self, doc: &'static str) -> Self {
        self.doc = doc;
        self
    }
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub const fn default(mut self, default: &'static str) -> Self {
        self.default = Some(default);
        self
    }
    pub const fn aliases(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }
    pub const fn link(mut self, link: &'static str) -> Self {
        self.link = link;
        self
    }
    pub const fn enterprise(mut self) -> Self {
        self.enterprise = true;
        self
    }
    pub const fn deprecated(mut self) -> Self {
        self.deprecated = true;
        self
    }
    /// Deprecated in favour of `path` (a dotted path from the root of the file).
    pub const fn replaced_by(mut self, path: &'static str) -> Self {
        self.deprecated = true;
        self.replaced_by = path;
        self
    }
    pub const fn untagged(mut self) -> Self {
        self.untagged = true;
        self
    }
    pub const fn api_only(mut self) -> Self {
        self.api_only = true;
        self
    }
    pub const fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }
}

/// A key a block once had and the newest Consul release no longer accepts (`invalid config key`): reported as
/// `unknown-field` naming the release that removed it.
#[derive(Debug)]
pub struct Removed {
    pub block: &'static Block,
    pub key: &'static str,
    /// The first release without the key, e.g. `1.13.0`.
    pub release: &'static str,
    /// What to do instead, as a clause: "use `retry_join` instead", "managed proxies were removed".
    pub instead: &'static str,
}

/// An object with a known set of keys.
#[derive(Debug)]
pub struct Block {
    /// A human name for messages and hover ("upstream", "service-defaults config entry").
    pub name: &'static str,
    pub casing: Casing,
    pub fields: &'static [Field],
    /// Path under https://developer.hashicorp.com/consul/docs/ for the block as a whole.
    pub link: &'static str,
}

pub const DOCS_BASE: &str = "https://developer.hashicorp.com/consul/docs/";

/// Shorthand constructors keep the tables readable.
pub const fn f(name: &'static str, ty: Ty) -> Field {
    Field::new(name, ty)
}
