//! The YAML parser (`syntax::yaml`, Kubernetes manifests and Helm values) on any text: no panic, no hang, safe
//! ranges; where a string value's characters map back to the text, they map inside its range, in order.
#![no_main]

use consul_ls::syntax::{self, Value, ValueKind};
use libfuzzer_sys::fuzz_target;

fn strings<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match &value.kind {
        ValueKind::String(_) => out.push(value),
        ValueKind::Object(entries) => entries.iter().for_each(|e| strings(&e.value, out)),
        ValueKind::List(items) => items.iter().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parse = syntax::yaml::parse(&text);
    consul_ls_fuzz::check_ranges(&text, &parse);
    let mut values = Vec::new();
    for document in syntax::yaml::documents(&parse) {
        strings(document, &mut values);
    }
    for value in values {
        if let Some(map) = syntax::yaml::scalar_source_map(&text, value) {
            let text_len = value.as_str().map_or(0, str::len);
            assert_eq!(map.offsets.len(), text_len + 1, "one offset per byte of {value:?}, and the end");
            assert!(map.offsets.windows(2).all(|w| w[0] <= w[1]), "offsets out of order for {value:?}");
            assert!(map.offsets.iter().all(|&o| value.range.start <= o && o <= value.range.end), "{value:?}");
        }
    }
});
