use super::*;

/// Renders a tree compactly: `{key=value ...}` with strings quoted, for readable assertions.
pub(crate) fn show(value: &Value) -> String {
    match &value.kind {
        ValueKind::Null => "null".into(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Number(n) => n.value.to_string(),
        ValueKind::String(s) => format!("{:?}", s.text),
        ValueKind::Invalid => "<invalid>".into(),
        ValueKind::List(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", ")),
        ValueKind::Object(entries) => format!(
            "{{{}}}",
            entries.iter().map(|e| format!("{}={}", e.key.text, show(&e.value))).collect::<Vec<_>>().join(" ")
        ),
    }
}

fn hcl(text: &str) -> (String, Vec<String>) {
    let p = hcl::parse(text);
    (show(&p.root), p.errors.iter().map(|e| format!("{:?} {}", e.range, e.message)).collect())
}

fn ok(text: &str) -> String {
    let (tree, errors) = hcl(text);
    assert!(errors.is_empty(), "unexpected errors for {text:?}: {errors:?}");
    tree
}

#[test]
fn hcl1_forms_consul_uses() {
    assert_eq!(ok(r#"connect { sidecar_service {} }"#), "{connect={sidecar_service={}}}");
    assert_eq!(ok(r#"service { name = "a" port = 1 }"#), r#"{service={name="a" port=1}}"#);
    assert_eq!(ok("ports { http = 8500, dns = 8600 }"), "{ports={http=8500 dns=8600}}");
    assert_eq!(ok(r#"meta { "rack-id" = "r1" }"#), r#"{meta={rack-id="r1"}}"#);
    assert_eq!(
        ok(r#"upstreams = [{ destination_name = "s2" mesh_gateway { mode = "local" } }]"#),
        r#"{upstreams=[{destination_name="s2" mesh_gateway={mode="local"}}]}"#
    );
    assert_eq!(ok("port = 0x1F\nmode = 0755\nneg = -1\nf = 1.5e3"), "{port=31 mode=493 neg=-1 f=1500}");
    assert_eq!(ok(r#"service "web" "x" { policy = "write" }"#), r#"{service={web={x={policy="write"}}}}"#);
    assert_eq!(ok(r#"a = "${foo("bar")}""#), r#"{a="${foo(\"bar\")}"}"#);
    assert_eq!(ok("weight = 50,\nb = true"), "{weight=50 b=true}");
    assert_eq!(ok("x = [\n  1,\n  2,\n]"), "{x=[1, 2]}");
    assert_eq!(ok("# c\n// d\n/* e\n f */ a = 1"), "{a=1}");
    assert_eq!(
        ok("services { name = \"a\" }\nservices { name = \"b\" }"),
        r#"{services={name="a"} services={name="b"}}"#
    );
    assert_eq!(
        ok("advertise_addr = \"{{ GetInterfaceIP \\\"eth0\\\" }}\""),
        r#"{advertise_addr="{{ GetInterfaceIP \"eth0\" }}"}"#
    );
}

#[test]
fn heredocs() {
    let tree = ok("Rules = <<EOF\nservice \"a\" {}\nEOF\nb = 1");
    assert_eq!(tree, "{Rules=\"service \\\"a\\\" {}\\n\" b=1}");
    // HCL 1 strips the closing anchor's indentation (two spaces here), not the lines' common indentation.
    let tree = ok("x {\n  Script = <<-EOS\n    a\n      b\n  EOS\n}");
    assert_eq!(tree, "{x={Script=\"  a\\n    b\\n\"}}");
    let tree = ok("x {\n  Script = <<-EOS\n    a\n      b\n    EOS\n}");
    assert_eq!(tree, "{x={Script=\"a\\n  b\\n\"}}");
}

#[test]
fn ranges_point_at_keys_labels_and_values() {
    let text = "service \"web\" {\n  policy = \"write\"\n}\n";
    let p = hcl::parse(text);
    let root = p.root.as_object().unwrap();
    let outer = &root[0];
    assert_eq!(&text[outer.key.range.as_usize()], "service");
    let label = &outer.value.as_object().unwrap()[0];
    assert_eq!(&text[label.key.range.as_usize()], "\"web\"");
    assert_eq!(label.key.text, "web");
    let policy = &label.value.as_object().unwrap()[0];
    assert_eq!(&text[policy.value.range.as_usize()], "\"write\"");
    assert_eq!(&text[label.value.range.as_usize()], "{\n  policy = \"write\"\n}");
}

#[test]
fn recovers_and_reports_several_errors() {
    let (tree, errors) = hcl("a = \nb = 2\nc = = 3\nd = 4\ne \"x\" = 5\nf = 6");
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(tree.contains("b=2") && tree.contains("d=4") && tree.contains("f=6"), "{tree}");
    let (tree, errors) = hcl("x {\n  a = 1\n  b = [1, 2\n}\ny = 2");
    assert!(!errors.is_empty());
    assert!(tree.contains("y=2"), "{tree}");
    let (_, errors) = hcl("a = \"unterminated\nb = 1");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (tree, errors) = hcl("a { b = 1");
    assert_eq!(errors.len(), 1);
    assert_eq!(tree, "{a={b=1}}");
    let (_, errors) = hcl("a = bare");
    assert!(errors[0].contains("double quotes"), "{errors:?}");
}

#[test]
fn comments_are_kept_for_suppressions() {
    let p = hcl::parse("a = 1 # consul-ls-ignore: syntax\n// two\n");
    let texts: Vec<_> = p.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, [" consul-ls-ignore: syntax", " two"]);
}

#[test]
fn json_strict() {
    let p = json::parse(r#"{"a": [1, 2.5, -3e2, true, null, "x\n"], "b": {}}"#);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(show(&p.root), r#"{a=[1, 2.5, -300, true, null, "x\n"] b={}}"#);
    for bad in [
        r#"{"a": 1,}"#,
        r#"[1,]"#,
        "{\"a\": 1 // c\n}",
        r#"{a: 1}"#,
        r#"{"a": 01}"#,
        r#"{"a": 0x1}"#,
        r#"{"a": 'x'}"#,
        r#"{"a": 1} x"#,
        "",
        r#"{"a": "\q"}"#,
        "{\"a\": \"tab\there\"}",
        r#"{"a": True}"#,
    ] {
        let p = json::parse(bad);
        assert!(!p.errors.is_empty(), "accepted {bad:?}");
    }
    // Recovery: the member after the bad one is kept.
    let p = json::parse(r#"{"a": nope, "b": 2, "c" 3, "d": 4}"#);
    assert_eq!(p.errors.len(), 2, "{:?}", p.errors);
    assert_eq!(show(&p.root), r#"{a=<invalid> b=2 c=<invalid> d=4}"#);
}

#[test]
fn hcl_file_starting_with_brace_is_json() {
    let p = parse("{\"Kind\": \"mesh\"}", SourceKind::Hcl);
    assert_eq!(p.source_kind, SourceKind::Json);
}

#[test]
fn hostile_input_does_not_panic() {
    let deep = "a = ".to_string() + &"[".repeat(100_000);
    let _ = hcl::parse(&deep);
    let deep = "[".repeat(100_000);
    let _ = json::parse(&deep);
    let deep = "{\"a\":".repeat(100_000);
    let _ = json::parse(&deep);
    let deep = "a { ".repeat(100_000);
    let _ = hcl::parse(&deep);
    for text in [
        "\"",
        "<<",
        "<<EOF",
        "<<EOF\n",
        "a = <<EOF\nx",
        "0x",
        "-",
        "a = 0x",
        "}",
        "]",
        "a = [",
        "\u{0}\u{1}",
        "é = ü",
        "/*",
        "a = \"\\",
        "a = 1e999",
        "\u{feff}a = 1",
    ] {
        let _ = hcl::parse(text);
        let _ = json::parse(text);
    }
}

#[test]
fn commas_only_after_an_item() {
    // HCL 1 consumes one optional comma after each item of a body; a comma anywhere else is an error.
    assert_eq!(ok("a = 1,\nb = 2,"), "{a=1 b=2}");
    assert_eq!(ok("x { a = 1, b {}, c = [1,], }"), "{x={a=1 b={} c=[1]}}");
    for bad in ["a = 1,,", ", a = 1", "x { , a = 1 }", "x { a = 1,, b = 2 }", "x {,}"] {
        let (_, errors) = hcl(bad);
        assert_eq!(errors.len(), 1, "{bad:?}: {errors:?}");
        assert!(errors[0].contains("expected a key, found `,`"), "{bad:?}: {errors:?}");
    }
    // The items around the stray comma are kept.
    assert_eq!(hcl("x { a = 1,, b = 2 }").0, "{x={a=1 b=2}}");
}

#[test]
fn block_labels_count_against_the_depth_limit() {
    fn depth(value: &Value) -> usize {
        match &value.kind {
            ValueKind::Object(entries) => 1 + entries.iter().map(|e| depth(&e.value)).max().unwrap_or(0),
            ValueKind::List(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }
    let text = format!("service {}{{ a = 1 }}", "\"l\" ".repeat(100_000));
    let p = hcl::parse(&text);
    assert!(p.errors.iter().any(|e| e.message.contains("too many block labels")), "{:?}", p.errors);
    assert!(depth(&p.root) <= 210, "tree depth {}", depth(&p.root));
    // Labels inside nested blocks add up too.
    let text = format!("{}{}", "a \"l\" \"m\" {\n".repeat(1000), "}\n".repeat(1000));
    let p = hcl::parse(&text);
    assert!(!p.errors.is_empty());
    assert!(depth(&p.root) <= 210, "tree depth {}", depth(&p.root));
    // A few labels are fine.
    assert_eq!(ok("a \"1\" \"2\" \"3\" { }"), "{a={1={2={3={}}}}}");
}

/// What HCL 1 accepts that looks wrong, and what it rejects that looks right (each confirmed against
/// hashicorp/hcl v1 by `tests/hcl1_oracle.rs`).
#[test]
fn hcl1_quirks() {
    // A key is any run of identifiers and strings, across newlines.
    assert_eq!(ok("bootstr\nap { x = 1 }"), "{bootstr={ap={x=1}}}");
    // `key =` at the end of the file is dropped.
    assert_eq!(ok("a = 1\nb = # nothing\n"), "{a=1}");
    // Inside a block, an item that breaks off at a `}` is dropped when another `}` follows.
    assert_eq!(ok("x { a = 1 b = } }"), "{x={a=1}}");
    assert_eq!(ok("x { a = [1, 2 } }\ny = 2"), "{x={} y=2}");
    assert_eq!(ok("l = [{ b = } }]"), "{l=[{}]}");
    // Lists: repeated and leading commas; no comma needed after a nested list.
    assert_eq!(ok("a = [,1,,2,]\nb = [[1] [2] 3]"), "{a=[1, 2] b=[[1], [2], 3]}");
    // Numbers: `1.` is a float; a number token stops where a number cannot go on.
    assert_eq!(ok("a = 1.\nb = 0x1F\nc = -0755"), "{a=1 b=31 c=-493}");
    assert_eq!(ok("a = 80x = 1"), "{a=80 x=1}");
    // `${...}` is kept as written, escapes inside it too.
    assert_eq!(ok(r#"s = "${a\n}-\x41\101""#), r#"{s="${a\\n}-AA"}"#);
    // Heredocs: `<<-` strips the closing line's indentation; `<<` keeps what precedes an indented anchor.
    assert_eq!(ok("h = <<-EOT\n    a\n      b\n    EOT\n"), "{h=\"a\\n  b\\n\"}");
    assert_eq!(ok("h = <<EOT\nx\n  EOT\n"), "{h=\"x\\n  \"}");
    assert_eq!(ok("h = <<EOT\r\nx\r\nEOT\r\n"), "{h=\"x\\n\"}");
    for rejected in [
        "s = \"mesh\\-gateway\"",
        "s = \"\\'\"",
        "s = \"\\U00110000\"",
        "s = \"\\400\"",
        "a\nb = 1",
        "a \"b\" = 1",
        "true = 1",
        "a:b = 1",
        "a = +1",
        "a = 08",
        "a = 1e",
        "a = 99999999999999999999",
        "x { a = }",
        "x { a = } }\ny = }",
        "h = <<EOT\nx\nEOT",
        "h = <<-EOT\nx\nEOT\n",
        "h = <<EOT \nx\nEOT\n",
        "\u{feff}a = 1",
        "a = \"\u{e123}\"",
        "a = 1 /",
    ] {
        let (_, errors) = hcl(rejected);
        assert!(!errors.is_empty(), "accepted {rejected:?}");
    }
}

/// A broken file is read a second time, leniently, so its tree keeps what the author meant around the errors.
#[test]
fn lenient_reading_of_broken_files() {
    let read = |text: &str| {
        let (tree, errors) = hcl(text);
        assert!(!errors.is_empty(), "no error for {text:?}");
        tree
    };
    // The `=` is missing: the value is kept.
    assert_eq!(read("Kind  \"exported-services\"\nName = \"default\""), r#"{Kind="exported-services" Name="default"}"#);
    assert_eq!(read("port 8080\nname = \"web\""), r#"{port=8080 name="web"}"#);
    // A key alone on its line is not a label of the next line's key.
    assert_eq!(read("service {\n  name\n  port = 80\n}"), "{service={name=<invalid> port=80}}");
    // A stray character inside or before a key.
    assert_eq!(read("servi}ce {\n  port = 1\n}"), "{service={port=1}}");
    assert_eq!(read("-services {\n  port = 1\n}"), "{services={port=1}}");
    assert_eq!(read("server :{\n  enabled = true\n}\nclient {}"), "{server={enabled=true} client={}}");
    assert_eq!(read("\"peering {\n  enabled = true\n}"), "{peering={enabled=true}}");
    // An unclosed block ends at the next line indented no deeper than its key.
    assert_eq!(
        read("ports {\n  grpc = 8502\n\ndatacenter = \"dc1\"\nacl { enabled = true }"),
        r#"{ports={grpc=8502} datacenter="dc1" acl={enabled=true}}"#
    );
    // An unclosed list ends before a line that starts with an identifier.
    assert_eq!(read("a = [1, 2\nb = 3"), "{a=[1, 2] b=3}");
    // Recovery skips to the next line no deeper than the broken item, even inside brackets it left open.
    assert_eq!(read("key :[ {\n  x = 1\nother = 2"), "{key=<invalid> other=2}");
    assert_eq!(read("data_dir [= \"/opt\"\nbind_addr = \"0.0.0.0\""), r#"{data_dir="/opt" bind_addr="0.0.0.0"}"#);
}

#[test]
fn broken_json_keeps_the_member_after_a_stray_character() {
    let p = json::parse(r#"{= "apiVersion": "v1", "kind": "Service"}"#);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(show(&p.root), r#"{apiVersion="v1" kind="Service"}"#);
}

#[test]
fn hcl_file_starting_with_a_stray_brace_is_read_as_hcl_when_json_fails() {
    // HCL 1 reads it as JSON and rejects it: the JSON errors stand, the tree is the HCL reading.
    let p = parse("{services {\n  name = \"web\"\n}\n", SourceKind::Hcl);
    assert!(!p.errors.is_empty());
    assert_eq!(p.source_kind, SourceKind::Hcl);
    assert!(show(&p.root).contains("name=\"web\""), "{}", show(&p.root));
    // Broken JSON stays JSON.
    let p = parse("{\"Kind\": \"mesh\",}", SourceKind::Hcl);
    assert_eq!((p.source_kind, p.errors.len()), (SourceKind::Json, 1));
}
