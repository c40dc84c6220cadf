//! Syntax: text → lossless, error-tolerant value tree with byte ranges, for HCL (as Consul reads it: HCL 1),
//! strict JSON, and YAML (as Kubernetes reads it). Knows nothing about Consul.
pub mod hcl;
pub mod json;
pub mod strings;
mod tree;
pub mod yaml;

pub use tree::*;

/// Parses `text` as `kind`. Like HCL 1 (and `consul config write`), HCL text whose first non-blank character is
/// `{` is read as JSON.
pub fn parse(text: &str, kind: SourceKind) -> Parse {
    match kind {
        SourceKind::Json => json::parse(text),
        SourceKind::Hcl if text.trim_start_matches(char::is_whitespace).starts_with('{') => {
            let json = json::parse(text);
            if json.errors.is_empty() {
                return json;
            }
            // Broken: maybe HCL that starts with a stray `{`. Keep whichever reading holds more; the errors are
            // the JSON parser's, as HCL 1 reads the file as JSON.
            let hcl = hcl::parse(text);
            let len = |p: &Parse| p.root.as_object().map_or(0, <[Entry]>::len);
            if len(&hcl) > len(&json) {
                Parse { source_kind: SourceKind::Hcl, errors: json.errors, ..hcl }
            } else {
                json
            }
        }
        SourceKind::Hcl => hcl::parse(text),
        SourceKind::Yaml => yaml::parse(text),
    }
}

/// The source kind for a file name: `.json` is JSON, `.yaml`/`.yml` YAML, everything else HCL.
pub fn source_kind_for_path(path: &std::path::Path) -> SourceKind {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => SourceKind::Json,
        Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => SourceKind::Yaml,
        _ => SourceKind::Hcl,
    }
}

#[cfg(test)]
mod tests;
