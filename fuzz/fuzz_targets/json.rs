//! The JSON parser on any text: no panic, safe ranges, and whatever serde_json reads without error the parser
//! reads without error too, to the same values.
#![no_main]

use consul_ls::syntax;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parse = syntax::json::parse(&text);
    consul_ls_fuzz::check_ranges(&text, &parse);
    if let Ok(expected) = serde_json::from_str::<serde_json::Value>(&text) {
        assert!(parse.errors.is_empty(), "serde_json reads {text:?}, the parser reports {:?}", parse.errors);
        if let Some(actual) = consul_ls_fuzz::to_serde(&parse.root) {
            assert!(consul_ls_fuzz::same_json(&actual, &expected), "{text:?}: {actual} ≠ {expected}");
        }
    }
});
