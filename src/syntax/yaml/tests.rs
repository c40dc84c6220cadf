use super::*;
use crate::syntax::tests::show;

/// The documents, rendered compactly, and the errors.
fn yaml(text: &str) -> (Vec<String>, Vec<String>) {
    let p = parse(text);
    assert_eq!(p.source_kind, SourceKind::Yaml);
    let docs = documents(&p).iter().map(show).collect();
    (docs, p.errors.iter().map(|e| format!("{:?} {}", e.range, e.message)).collect())
}

fn ok(text: &str) -> Vec<String> {
    let (docs, errors) = yaml(text);
    assert!(errors.is_empty(), "unexpected errors for {text:?}: {errors:?}");
    docs
}

fn one(text: &str) -> String {
    let docs = ok(text);
    assert_eq!(docs.len(), 1, "{text:?}: {docs:?}");
    docs.into_iter().next().unwrap_or_default()
}

/// The source text of the value at `path` (keys and list indices) in the first document.
fn at<'t>(text: &'t str, path: &[&str]) -> &'t str {
    let p = parse(text);
    let mut value = &documents(&p)[0];
    for step in path {
        value = match &value.kind {
            ValueKind::Object(entries) => &entries.iter().find(|e| e.key.text == *step).expect("key").value,
            ValueKind::List(items) => &items[step.parse::<usize>().expect("index")],
            _ => panic!("no {step} in {value:?}"),
        };
    }
    &text[value.range.as_usize()]
}

#[test]
fn mappings_lists_and_kubernetes_typing() {
    assert_eq!(
        one(
            "apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nspec:\n  peering:\n    peerThroughMeshGateways: true\n"
        ),
        r#"{apiVersion="consul.hashicorp.com/v1alpha1" kind="Mesh" spec={peering={peerThroughMeshGateways=true}}}"#
    );
    assert_eq!(
        one("a: yes\nb: \"true\"\nc: 'on'\nd: 8080\ne: \"8080\"\nf: ~\ng:\nh: 1e3\ni: 0x1F\nj: 010\nk: .inf\nl: y"),
        r#"{a=true b="true" c="on" d=8080 e="8080" f=null g=null h=1000 i=31 j=8 k=inf l=true}"#
    );
    assert_eq!(one("- a\n- - b\n  - c\n-\n- {x: 1, y: [2, 3]}"), r#"["a", ["b", "c"], null, {x=1 true=[2, 3]}]"#);
    // `y` is a boolean for go-yaml v2, so as a key it is "true" (a classic Kubernetes surprise).
    assert_eq!(one("[a, 'b', \"c\\td\"]"), r#"["a", "b", "c\td"]"#);
    assert_eq!(one("key: plain\n  continued\n  lines"), r#"{key="plain continued lines"}"#);
    let p = parse("a: 1.5\nb: 2");
    let obj = documents(&p)[0].as_object().unwrap();
    assert_eq!(obj[0].value.as_number().map(|n| (n.value, n.is_integer)), Some((1.5, false)));
    assert_eq!(obj[1].value.as_number().map(|n| (n.value, n.is_integer)), Some((2.0, true)));
}

#[test]
fn ranges_point_at_keys_and_values() {
    let text = "metadata:\n  name: web   # trailing\n  annotations:\n    \"consul.hashicorp.com/connect-inject\": \"true\"\nlist:\n  - &a one\n  - !!str 2\n";
    assert_eq!(at(text, &["metadata", "name"]), "web");
    assert_eq!(at(text, &["metadata", "annotations", "consul.hashicorp.com/connect-inject"]), "\"true\"");
    assert_eq!(at(text, &["list", "0"]), "one");
    assert_eq!(at(text, &["list", "1"]), "2");
    assert_eq!(
        at(text, &["metadata"]),
        "name: web   # trailing\n  annotations:\n    \"consul.hashicorp.com/connect-inject\": \"true\""
    );
    assert_eq!(at(text, &["list"]), "- &a one\n  - !!str 2");
    let p = parse(text);
    let annotations = documents(&p)[0].as_object().unwrap()[0].value.as_object().unwrap()[1].value.as_object().unwrap();
    assert_eq!(&text[annotations[0].key.range.as_usize()], "\"consul.hashicorp.com/connect-inject\"");
    let flow = "spec: {peering: {peerThroughMeshGateways: true}, list: [1, 2]}";
    assert_eq!(at(flow, &["spec"]), "{peering: {peerThroughMeshGateways: true}, list: [1, 2]}");
    assert_eq!(at(flow, &["spec", "list"]), "[1, 2]");
    assert_eq!(at(flow, &["spec", "peering", "peerThroughMeshGateways"]), "true");
}

#[test]
fn offsets_are_bytes_with_multibyte_text_bom_and_crlf() {
    let text = "\u{feff}a: \"héllo wörld\"\r\nb: ünïcode # ç\r\nc: 3\r\n";
    assert_eq!(at(text, &["a"]), "\"héllo wörld\"");
    assert_eq!(at(text, &["b"]), "ünïcode");
    assert_eq!(at(text, &["c"]), "3");
    let p = parse(text);
    assert_eq!(p.comments.len(), 1);
    assert_eq!(&text[p.comments[0].range.as_usize()], "# ç");
    assert_eq!(p.comments[0].text, " ç");
}

#[test]
fn multi_document_streams() {
    assert_eq!(ok("a: 1\n---\nb: 2\n...\n---\n- c\n"), ["{a=1}", "{b=2}", "[\"c\"]"]);
    assert_eq!(ok("---\n---\na: 1\n"), ["null", "{a=1}"]);
    assert_eq!(ok(""), Vec::<String>::new());
    assert_eq!(ok("# only a comment\n"), Vec::<String>::new());
    assert_eq!(ok("--- |\n  text\n--- plain\n"), ["\"text\\n\"", "\"plain\""]);
    let text = "a: 1\n---\nb: 2\n";
    let p = parse(text);
    assert_eq!(p.root.range, TextRange::new(0, text.len() as u32));
    assert_eq!(&text[documents(&p)[1].range.as_usize()], "b: 2");
}

#[test]
fn block_scalars() {
    let text = "lit: |\n  line1 # not a comment\n  line2\nfolded: >-\n  a\n  b\nkeep: |+\n  x\n\nstrip: |2-\n    indented\n  y\nempty: |\nnext: 1\n";
    assert_eq!(
        one(text),
        r#"{lit="line1 # not a comment\nline2\n" folded="a b" keep="x\n\n" strip="  indented\ny" empty="" next=1}"#
    );
    assert_eq!(at(text, &["lit"]), "|\n  line1 # not a comment\n  line2");
    assert_eq!(at(text, &["folded"]), ">-\n  a\n  b");
    assert_eq!(at(text, &["empty"]), "|");
    let p = parse(text);
    let lit = &documents(&p)[0].as_object().unwrap()[0].value;
    assert!(matches!(&lit.kind, ValueKind::String(s) if s.heredoc));
    assert!(p.comments.is_empty(), "{:?}", p.comments);
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let text = "base: &base\n  protocol: http\n  mode: local\nweb:\n  <<: *base\n  mode: remote\nlist: [&x 1, *x]\nmulti:\n  <<: [{a: 1, b: 1}, {b: 2, c: 2}]\n";
    assert_eq!(
        one(text),
        r#"{base={protocol="http" mode="local"} web={protocol="http" mode="remote"} list=[1, 1] multi={a=1 b=1 c=2}}"#
    );
    // The alias's own range is the alias; its children keep the anchored text's ranges.
    assert_eq!(at(text, &["list", "1"]), "*x");
    assert_eq!(at(text, &["web", "protocol"]), "http");
    let p = parse(text);
    let protocol = &documents(&p)[0].as_object().unwrap()[1].value.as_object().unwrap()[0];
    assert_eq!(
        protocol.value.range,
        documents(&p)[0].as_object().unwrap()[0].value.as_object().unwrap()[0].value.range
    );
    // A quoted "<<" is a plain key.
    assert_eq!(one("\"<<\": 1"), "{<<=1}");
    // Anchors are per document.
    let (docs, errors) = yaml("a: &x 1\n---\nb: *x\n");
    assert_eq!(docs, ["{a=1}", "{b=<invalid>}"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (_, errors) = yaml("a: <<\nb:\n  <<: 3\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("map merge"), "{errors:?}");
}

#[test]
fn keys_that_are_not_strings_and_duplicates() {
    assert_eq!(one("1: a\ntrue: b\n0x10: c\n1.5: d\non: e"), r#"{1="a" true="b" 16="c" 1.5="d" true="e"}"#);
    assert_eq!(one("a: 1\na: 2"), "{a=1 a=2}");
    let (docs, errors) = yaml("? [a, b]\n: 1\nc: 2\n~: 3\n");
    assert_eq!(docs, ["{c=2}"]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("2..3 a mapping key must be a scalar"), "{errors:?}");
    assert!(errors[1].contains("cannot be null"), "{errors:?}");
}

#[test]
fn tags() {
    assert_eq!(
        one(
            "a: !!str 1\nb: !!int \"3\"\nc: !!float 1\nd: !!bool yes\ne: ! 12\nf: !custom 5\ng: !!null ''\nh: !foo {x: 1}"
        ),
        r#"{a="1" b=3 c=1 d=true e="12" f="5" g=null h={x=1}}"#
    );
    let (docs, errors) = yaml("a: !!int abc\nb: 1");
    assert_eq!(docs, ["{a=<invalid> b=1}"]);
    assert_eq!(errors, ["9..12 cannot decode `abc` as an integer (!!int)"]);
}

#[test]
fn comments_are_recovered_outside_scalars() {
    let text = "# top\napiVersion: v1 # end of line\nkind: 'a # b' # after quoted\nx: \"c # d\"\nurl: http://x#frag\nlist: [a, b] # flow\nblock: |\n  # content, not a comment\n# consul-ls-ignore: unknown-field\ny: 1\n";
    let p = parse(text);
    let texts: Vec<&str> = p.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, [" top", " end of line", " after quoted", " flow", " consul-ls-ignore: unknown-field"]);
    for c in &p.comments {
        assert!(text[c.range.as_usize()].starts_with('#'));
        assert_eq!(&text[c.range.start as usize + 1..c.range.end as usize], c.text);
    }
}

#[test]
fn a_broken_document_is_one_error_and_the_others_still_count() {
    let text = "kind: Mesh\nspec: [1, 2\nother: 3\n---\nkind: ProxyDefaults\n---\na: \"unterminated\n---\nkind: ExportedServices\n";
    let (docs, errors) = yaml(text);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(docs.len(), 4, "{docs:?}");
    assert!(docs[0].starts_with("{kind=\"Mesh\""), "{docs:?}");
    assert_eq!(docs[1], "{kind=\"ProxyDefaults\"}");
    assert_eq!(docs[3], "{kind=\"ExportedServices\"}");
    // The error sits on the offending text.
    let p = parse(text);
    assert!(p.errors[0].range.start >= text.find("spec").unwrap() as u32);
    assert!(p.errors[1].range.start >= text.find("a: \"").unwrap() as u32);
}

#[test]
fn keys_before_and_after_a_broken_line_still_count() {
    // A half-typed key in the middle of a resource: the rest of the document is still read.
    let text = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh\n peer\nspec:\n  peering:\n    peerThroughMeshGateways: true\n";
    let (docs, errors) = yaml(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        docs,
        [
            r#"{apiVersion="consul.hashicorp.com/v1alpha1" kind="Mesh" metadata={name="mesh"} spec={peering={peerThroughMeshGateways=true}}}"#
        ]
    );
    let (docs, errors) = yaml("a: 1\nb:\n  c: 1\n d: 2\ne: 3\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(docs, ["{a=1 b={c=1} e=3}"]);
    // Tabs for indentation are an error in YAML.
    let (docs, errors) = yaml("a: 1\nb:\n\tc: 2\nd: 4\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(docs[0].contains("a=1") && docs[0].contains("d=4"), "{docs:?}");
}

#[test]
fn deep_nesting_and_alias_bombs_are_errors_not_crashes() {
    let deep = "[".repeat(100_000);
    let (_, errors) = yaml(&deep);
    assert!(!errors.is_empty());
    let deep_block: String = (0..300).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    let (_, errors) = yaml(&deep_block);
    assert!(errors.iter().any(|e| e.contains("too deeply nested")), "{errors:?}");
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = i - 1;
        bomb.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n").replace("*a0", "*a"));
    }
    let (_, errors) = yaml(&bomb);
    assert!(errors.iter().any(|e| e.contains("too many alias expansions")), "{errors:?}");
    let (_, errors) = yaml("a: &a [*a]");
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn routing_by_file_name() {
    use std::path::Path;
    assert_eq!(crate::syntax::source_kind_for_path(Path::new("k8s/mesh.yaml")), SourceKind::Yaml);
    assert_eq!(crate::syntax::source_kind_for_path(Path::new("values.YML")), SourceKind::Yaml);
    assert_eq!(crate::syntax::parse("a: 1", SourceKind::Yaml).source_kind, SourceKind::Yaml);
    assert!(documents(&crate::syntax::parse("{\"a\": 1}", SourceKind::Json)).is_empty());
}
