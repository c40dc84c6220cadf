//! The HCL parser (HCL 1 as Consul reads it) and its lexer on any text: no panic, and every range of the tree is
//! safe to slice the text with.
#![no_main]

use consul_ls::syntax::{self, SourceKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parse = syntax::hcl::parse(&text);
    consul_ls_fuzz::check_ranges(&text, &parse);
    for token in syntax::hcl::tokens(&text) {
        let _ = &token;
    }
    // As files are read: HCL text that starts with `{` is JSON.
    let parse = syntax::parse(&text, SourceKind::Hcl);
    consul_ls_fuzz::check_ranges(&text, &parse);
});
