//! The formatter (`consul_ls::format`) on any text, as HCL and as JSON: what it formats, it formats once for
//! all (formatting the result changes nothing), the result parses without errors to the same tree (values,
//! keys, comments), and its edits turn the text into the result. A refusal (`NotFormatted`) is an outcome, not a
//! failure: the file is left alone.
#![no_main]

use consul_ls::format::{self, NotFormatted};
use consul_ls::syntax::{self, SourceKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for kind in [SourceKind::Hcl, SourceKind::Json] {
        let formatted = match format::format_source(&text, kind) {
            Ok(formatted) => formatted,
            // `Unsafe`: the formatter's own check saw that its result would not keep the content (HCL 1 accepts some
            // broken shapes, such as a list closed by `}` inside an object, by dropping what is broken) and refused:
            // the file is left alone, which is the designed outcome. What is formatted must be right (below).
            Err(NotFormatted::Syntax(_) | NotFormatted::NotConsul | NotFormatted::Unsafe) => continue,
        };
        let again = format::format_source(&formatted, kind);
        assert_eq!(again.as_ref(), Ok(&formatted), "not idempotent ({kind:?}): {text:?} → {formatted:?}");
        let before = syntax::parse(&text.replace("\r\n", "\n"), kind);
        let after = syntax::parse(&formatted, kind);
        assert!(after.errors.is_empty(), "{formatted:?} does not parse: {:?}", after.errors);
        assert_eq!(consul_ls_fuzz::shape(&before), consul_ls_fuzz::shape(&after), "{text:?} → {formatted:?}");
    }
});
