use std::path::Path;

use super::*;

const SERVICE: &str = "service {\n  name = \"web\"\n  port = 8080\n}\n";

fn doc(text: &str, name: &str) -> Result<Vec<TextEdit>, NotFormatted> {
    document(text, Path::new(name))
}

/// The text of the lines an edit replaces, for readable assertions.
fn replaced<'a>(text: &'a str, edit: &TextEdit) -> &'a str {
    &text[edit.range.as_usize()]
}

#[test]
fn a_formatted_file_needs_no_edit() {
    assert_eq!(doc(SERVICE, "web.hcl"), Ok(vec![]));
    assert_eq!(format_file(SERVICE, Path::new("web.hcl")).as_deref(), Ok(SERVICE));
}

#[test]
fn document_edits_touch_only_the_lines_that_change() {
    let text = "service {\n  name = \"web\"\n  port=8080\n  tags = [\"a\"]\n}\n";
    let edits = doc(text, "web.hcl").unwrap();
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!(replaced(text, &edits[0]), "  port=8080\n");
    assert_eq!(edits[0].new_text, "  port = 8080\n");
    assert_eq!(apply_edits(text, &edits), format_file(text, Path::new("web.hcl")).unwrap());
}

#[test]
fn document_edits_apply_to_the_formatted_text() {
    for (text, name) in [
        ("Kind = \"mesh\"\nPeering { PeerThroughMeshGateways = true }", "mesh.hcl"),
        ("{\"Kind\":\"mesh\",\"Peering\":{\"PeerThroughMeshGateways\":true}}", "mesh.json"),
        ("datacenter = \"dc1\"\r\nserver     = true\r\n", "agent.hcl"),
    ] {
        let edits = doc(text, name).unwrap();
        assert!(!edits.is_empty(), "{name}");
        assert_eq!(apply_edits(text, &edits), format_file(text, Path::new(name)).unwrap(), "{name}");
    }
}

#[test]
fn only_consul_files_and_the_manifest_are_formatted() {
    let terraform = "resource \"consul_service\" \"web\" {\nname=\"web\"\n}\n";
    assert_eq!(doc(terraform, "main.hcl"), Err(NotFormatted::NotConsul));
    let nomad = "job \"web\" {\ngroup \"g\" {}\n}\n";
    assert_eq!(doc(nomad, "job.hcl"), Err(NotFormatted::NotConsul));
    assert_eq!(doc("{\"name\":\"pkg\",\"version\":\"1.0.0\"}", "package.json"), Err(NotFormatted::NotConsul));
    // The same text is the manifest under its own name.
    let manifest = "cluster \"a\" {\npaths=[\"a\"]\n}\n";
    assert_eq!(doc(manifest, "notes.hcl"), Err(NotFormatted::NotConsul));
    assert_eq!(
        format_file(manifest, Path::new("dir/consul-ls.hcl")).unwrap(),
        "cluster \"a\" {\n  paths = [\"a\"]\n}\n"
    );
}

#[test]
fn a_file_with_a_syntax_error_is_not_formatted() {
    let result = doc("datacenter = \nserver=true\nports { http = 8500 }", "agent.hcl");
    assert!(matches!(&result, Err(NotFormatted::Syntax(e)) if e.message.contains("expected a value")), "{result:?}");
    let json = "{\"service\": {\"name\": \"web\",}}";
    assert!(matches!(doc(json, "web.json"), Err(NotFormatted::Syntax(_))));
    // JSON allows no comments.
    assert!(matches!(doc("// c\n{\"Kind\": \"mesh\"}", "mesh.json"), Err(NotFormatted::Syntax(_))));
}

#[test]
fn line_ends_become_newlines_and_a_byte_order_mark_stays() {
    let text = "datacenter = \"dc1\"\r\nserver = true\r\n";
    assert_eq!(format_file(text, Path::new("agent.hcl")).unwrap(), "datacenter = \"dc1\"\n\nserver = true\n");
    // HCL 1 (and so Consul) rejects an HCL file that starts with a byte order mark: a syntax error, not formatted.
    let bom = "\u{feff}datacenter = \"dc1\"\n";
    assert!(matches!(format_file(bom, Path::new("agent.hcl")), Err(NotFormatted::Syntax(_))));
    let json = "\u{feff}{\"Kind\": \"mesh\"}\r\n";
    assert_eq!(format_file(json, Path::new("mesh.json")).unwrap(), "\u{feff}{\n  \"Kind\": \"mesh\"\n}\n");
}

#[test]
fn hcl_text_that_is_json_is_formatted_as_json() {
    let text = "{\"Kind\": \"mesh\", \"Peering\": {\"PeerThroughMeshGateways\": true}}";
    assert_eq!(
        format_file(text, Path::new("mesh.hcl")).unwrap(),
        "{\n  \"Kind\": \"mesh\",\n  \"Peering\": {\n    \"PeerThroughMeshGateways\": true\n  }\n}\n"
    );
}

#[test]
fn json_keeps_numbers_escapes_and_member_order() {
    let text = "{\"b\":1.50,\"a\":\"\\u00e9\\n\",\"c\":[],\"d\":{},\"e\":[1e3, -0, true, null]}";
    assert_eq!(
        format_source(text, SourceKind::Json).unwrap(),
        "{\n  \"b\": 1.50,\n  \"a\": \"\\u00e9\\n\",\n  \"c\": [],\n  \"d\": {},\n  \"e\": [\n    1e3,\n    -0,\n    true,\n    null\n  ]\n}\n"
    );
    assert_eq!(format_source("[]\n\n", SourceKind::Json).unwrap(), "[]\n");
    assert_eq!(format_source("  \"x\"  ", SourceKind::Json).unwrap(), "\"x\"\n");
}

const TWO_ITEMS: &str = "datacenter=\"dc1\"\n\nports {\n    http=8500\n        grpc = 8502\n}\n\nserver=true\n";

#[test]
fn range_formatting_is_limited_to_the_lines_of_the_top_level_items_it_touches() {
    // A cursor inside `ports`: only the block's lines change.
    let at = TWO_ITEMS.find("http").unwrap() as u32;
    let edits = range(TWO_ITEMS, Path::new("agent.hcl"), TextRange::empty(at)).unwrap();
    let result = apply_edits(TWO_ITEMS, &edits);
    assert_eq!(result, "datacenter=\"dc1\"\n\nports {\n  http = 8500\n  grpc = 8502\n}\n\nserver=true\n");
    let ports = TWO_ITEMS.find("ports").unwrap() as u32..TWO_ITEMS.find("server").unwrap() as u32;
    assert!(edits.iter().all(|e| ports.contains(&e.range.start) && e.range.end <= ports.end), "{edits:?}");

    // A selection over the first and last items (and the block between them) formats all three.
    let all = TextRange::new(2, TWO_ITEMS.len() as u32 - 3);
    let edits = range(TWO_ITEMS, Path::new("agent.hcl"), all).unwrap();
    assert_eq!(apply_edits(TWO_ITEMS, &edits), format_file(TWO_ITEMS, Path::new("agent.hcl")).unwrap());
}

#[test]
fn range_formatting_outside_any_item_changes_nothing() {
    let blank = TWO_ITEMS.find("\n\n").unwrap() as u32 + 1;
    assert_eq!(range(TWO_ITEMS, Path::new("agent.hcl"), TextRange::empty(blank)), Ok(vec![]));
    assert_eq!(range(SERVICE, Path::new("web.hcl"), TextRange::new(0, SERVICE.len() as u32)), Ok(vec![]));
}

#[test]
fn range_formatting_takes_items_sharing_a_line_together() {
    let text = "datacenter=\"dc1\" server=true\n\nports {\nhttp=8500\n}\n";
    let edits = range(text, Path::new("agent.hcl"), TextRange::empty(1)).unwrap();
    assert_eq!(apply_edits(text, &edits), "datacenter = \"dc1\"\n\nserver = true\n\nports {\nhttp=8500\n}\n");
}

#[test]
fn range_formatting_in_json_formats_the_members_touched() {
    let text = "{\n  \"Kind\":\"service-defaults\",\n  \"Name\":   \"web\",\n  \"Meta\": {\"a\":1}\n}\n";
    let at = text.find("Meta").unwrap() as u32;
    let edits = range(text, Path::new("web.json"), TextRange::empty(at)).unwrap();
    assert_eq!(
        apply_edits(text, &edits),
        "{\n  \"Kind\":\"service-defaults\",\n  \"Name\":   \"web\",\n  \"Meta\": {\n    \"a\": 1\n  }\n}\n"
    );
    // On the line of the document's own brace, only the whole document can be formatted.
    let one_line = "{\"Kind\":\"mesh\",\"Name\":\"x\"}";
    let edits = range(one_line, Path::new("mesh.json"), TextRange::empty(3)).unwrap();
    assert_eq!(apply_edits(one_line, &edits), format_file(one_line, Path::new("mesh.json")).unwrap());
}

#[test]
fn range_formatting_of_a_broken_or_foreign_file_is_refused() {
    let broken = "datacenter = \nserver=true\n";
    assert!(matches!(range(broken, Path::new("a.hcl"), TextRange::empty(0)), Err(NotFormatted::Syntax(_))));
    let terraform = "resource \"a\" \"b\" {\nx=1\n}\n";
    assert_eq!(range(terraform, Path::new("main.hcl"), TextRange::empty(0)), Err(NotFormatted::NotConsul));
}

/// The safety net: a formatter bug that changed a value, a key's kind or a comment would be caught.
#[test]
fn same_content_notices_changed_values_and_comments() {
    let parse = |text: &str| syntax::parse(text, SourceKind::Hcl);
    let base = parse("a = 1 # one\nb { c = \"x\" }\nd \"l\" {}\n");
    assert!(same_content(&base, &parse("# one\na = 1\nb = { c = \"x\" }\nd \"l\" {}")));
    for changed in [
        "a = 2 # one\nb { c = \"x\" }\nd \"l\" {}",
        "a = 1 # two\nb { c = \"x\" }\nd \"l\" {}",
        "a = 1\nb { c = \"x\" }\nd \"l\" {}",
        "a = 1 # one\nb { c = \"y\" }\nd \"l\" {}",
        "a = 1 # one\nb { c = \"x\" }\nd = { l = {} }",
        "b { c = \"x\" }\na = 1 # one\nd \"l\" {}",
    ] {
        assert!(!same_content(&base, &parse(changed)), "{changed}");
    }
}

/// Deep nesting (up to what the parser accepts) formats without exhausting the stack, in linear time per level.
#[test]
fn deeply_nested_files_format() {
    let depth = 190;
    let blocks = format!("{}x = 1{}\n", "a { ".repeat(depth), " }".repeat(depth));
    let lists = format!("service = {}1{}\n", "[{ a = ".repeat(depth / 2), "}]".repeat(depth / 2));
    for text in [blocks, lists] {
        let once = format_source(&text, SourceKind::Hcl).unwrap();
        assert_eq!(format_source(&once, SourceKind::Hcl).unwrap(), once);
    }
}

/// Found by the `format` fuzz target: `key = }` inside an object, which HCL 1 accepts (the `}` is the dropped
/// key's value and the object goes on to the next `}`), is kept as written instead of refused as unsafe.
#[test]
fn a_key_whose_value_is_a_closing_brace_is_kept() {
    let text = "services {\n  port = 8080\n  name =   }\n}\n";
    let formatted = format_file(text, Path::new("web.hcl"));
    assert_eq!(formatted.as_deref(), Ok("services {\n  port = 8080\n  name = }\n}\n"));
}

/// Found by the `format` fuzz target: stray carriage returns before a line end (`\r\r\n`, in a comment or a
/// heredoc) would lose one `\r` per formatting pass; such a file is left alone.
#[test]
fn stray_carriage_returns_before_a_line_end_are_left_alone() {
    let hcl = crate::syntax::SourceKind::Hcl;
    assert_eq!(format_source("# A\r\r\r\r\nport = 1\n", hcl), Err(NotFormatted::Unsafe));
    let heredoc = "script = <<EOF\nx\r\r\nEOF\n";
    assert_eq!(format_source(heredoc, hcl), Err(NotFormatted::Unsafe));
    assert_eq!(format_source("# A\r\nport = 1\r\n", hcl).as_deref(), Ok("# A\nport = 1\n"));
}
