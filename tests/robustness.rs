//! Never panic: the whole pipeline — bytes → `SourceFile` → workspace → every rule → quick fixes → all three output
//! formats — on hostile input: random bytes, token soup, mutated and truncated real files, invalid UTF-8, NUL bytes,
//! empty and comment-only files, a file over the size limit, deep nesting. Broken files that look like Consul's must
//! get at least one diagnostic; the real binary must not print a panic.

mod common;

use common::{corpus_or_skip, data_dir, data_files, fixtures_dir};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use codespan_reporting::term::termcolor::NoColor;
use consul_ls::analysis::{self, Analysis, AnalysisHost, CheckedFile};
use consul_ls::cli::render;
use consul_ls::ide::{self, FileChange};
use consul_ls::rules::{Code, Diagnostic};
use consul_ls::workspace::{MAX_FILE_BYTES, Root, SourceFile};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/// A fresh folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("consul-ls-robust-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The root every in-memory workspace of this test lives under (never touched on disk).
fn virtual_root() -> PathBuf {
    PathBuf::from("/nonexistent-consul-ls-robustness/cluster-01")
}

/// Builds a one-cluster workspace from in-memory files and runs everything on it: all rules, the quick fixes of
/// every diagnostic (applied to the text), and the three renderers. Returns the diagnostics per file.
fn analyse(files: &[(&str, &[u8])]) -> (Analysis, Vec<Vec<Diagnostic>>) {
    analyse_with(files, true)
}

/// [`analyse`], optionally without the human renderer: it prints each finding's whole source line, so a file of
/// very long lines with many findings makes output quadratic in size (covered by smaller inputs elsewhere).
fn analyse_with(files: &[(&str, &[u8])], human: bool) -> (Analysis, Vec<Vec<Diagnostic>>) {
    let root = virtual_root();
    let sources = files.iter().map(|(name, bytes)| SourceFile::from_bytes(root.join(name), bytes)).collect();
    let analysis = AnalysisHost::with_sources(vec![Root { path: root.clone(), is_dir: true }], sources).analysis();
    let diagnostics: Vec<Vec<Diagnostic>> = analysis.workspace().files.ids().map(|f| analysis.diagnostics(f)).collect();
    exercise_fixes_and_output(&analysis, human);
    (analysis, diagnostics)
}

fn exercise_fixes_and_output(analysis: &Analysis, human: bool) {
    let ws = analysis.workspace();
    for f in ws.files.ids() {
        for diagnostic in analysis.diagnostics(f) {
            for fix in ide::fixes::fixes_for(analysis, f, &diagnostic) {
                for change in &fix.changes {
                    if let FileChange::Edit { path, edits } = change {
                        let target = ws.file(ws.file_id(path).expect("fix edits a known file"));
                        let _ = ide::apply_edits(&target.text, edits);
                    }
                }
            }
        }
    }
    render_all(&analysis::check::checked_files(analysis), human);
}

fn render_all(files: &[CheckedFile], human: bool) {
    let rows = render::rows(files, Path::new("/nonexistent-consul-ls-robustness"));
    let mut out = Vec::new();
    render::json(&rows, &mut out).unwrap();
    serde_json::from_slice::<serde_json::Value>(&out).expect("json output is JSON");
    out.clear();
    render::sarif(&rows, &mut out).unwrap();
    serde_json::from_slice::<serde_json::Value>(&out).expect("sarif output is JSON");
    if human {
        let mut out = NoColor::new(Vec::new());
        render::human(files, &rows, &mut out).unwrap();
    }
}

fn analyse_one(name: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    analyse(&[(name, bytes)]).1.remove(0)
}

/// Every fixture and corpus data file: (file name, bytes).
fn real_files() -> &'static [(String, Vec<u8>)] {
    static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut paths = Vec::new();
        data_files(&fixtures_dir(), &mut paths);
        data_files(&data_dir(), &mut paths);
        assert!(paths.len() > 100, "fixtures or tests/data missing");
        // Consul's own configurations, when they are beside the repository.
        if let Some(corpus) = corpus_or_skip("robustness (real files)") {
            data_files(&corpus, &mut paths);
        }
        paths
            .iter()
            .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(path).unwrap()))
            .collect()
    })
}

fn syntax_diagnostics(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.code == Code::Syntax).count()
}

// ---------------------------------------------------------------------------------------------------------------
// Random input

const HCL_TOKENS: &[&str] = &[
    " ",
    "\n",
    "\r\n",
    "\t",
    "{",
    "}",
    "[",
    "]",
    "=",
    ",",
    ":",
    ".",
    "-",
    "\"",
    "\\",
    "\\u",
    "\\U0001F600",
    "${",
    "%{",
    "#",
    "//",
    "/*",
    "*/",
    "<<EOF\n",
    "<<-EOF\n",
    "EOF",
    "\nEOF\n",
    "  EOF\n",
    "<<",
    "0x",
    "1",
    "0755",
    "1.5e3",
    "-2",
    "true",
    "false",
    "null",
    "é",
    "😀",
    "\u{feff}",
    "\u{0}",
    "service",
    "services",
    "name",
    "\"web\"",
    "port",
    "connect",
    "sidecar_service",
    "proxy",
    "upstreams",
    "destination_name",
    "destination_peer",
    "\"cluster-02\"",
    "mesh_gateway",
    "mode",
    "\"local\"",
    "Kind",
    "\"exported-services\"",
    "\"mesh\"",
    "\"service-defaults\"",
    "\"proxy-defaults\"",
    "Name",
    "Services",
    "Consumers",
    "Peer",
    "Partition",
    "Namespace",
    "Rules",
    "\"service \\\"x\\\" { policy = \\\"write\\\" }\"",
    "acl",
    "tokens",
    "agent",
    "\"secret\"",
    "datacenter",
    "peering",
    "enabled",
    "config_entries",
    "bootstrap",
    "kind",
    "\"mesh-gateway\"",
    "service_prefix",
    "\"\"",
    "policy",
    "\"read\"",
    "\"write\"",
    "mesh",
    "cluster",
    "paths",
    "peers",
    "ignore",
    "acl_enabled",
    "Peering",
    "PeerThroughMeshGateways",
    "Config",
    "Meta",
    "checks",
];

const JSON_TOKENS: &[&str] = &[
    " ",
    "\n",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\\",
    "\\u",
    "\\ud83d",
    "\\ude00",
    "\\\"",
    "1",
    "-",
    "0",
    "1e5",
    ".",
    "true",
    "false",
    "null",
    "tru",
    "é",
    "😀",
    "//",
    "/*",
    "*/",
    "\u{feff}",
    "\"service\"",
    "\"Service\"",
    "\"name\"",
    "\"Name\"",
    "\"web\"",
    "\"port\"",
    "\"Port\"",
    "\"8080\"",
    "\"connect\"",
    "\"Connect\"",
    "\"Proxy\"",
    "\"Upstreams\"",
    "\"DestinationName\"",
    "\"DestinationPeer\"",
    "\"cluster-02\"",
    "\"MeshGateway\"",
    "\"Mode\"",
    "\"local\"",
    "\"Kind\"",
    "\"exported-services\"",
    "\"mesh\"",
    "\"service-defaults\"",
    "\"Services\"",
    "\"Consumers\"",
    "\"Peer\"",
    "\"Partition\"",
    "\"Rules\"",
    "\"service \\\"x\\\" { policy = \\\"write\\\" }\"",
    "\"acl\"",
    "\"tokens\"",
    "\"agent\"",
    "\"Peering\"",
    "\"PeerThroughMeshGateways\"",
    "\"config_entries\"",
    "\"bootstrap\"",
];

fn soup(tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(tokens), 0..300).prop_map(|parts| parts.concat())
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: &'static str },
    Duplicate { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..20).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), prop::sample::select(HCL_TOKENS)).prop_map(|(at, text)| Mutation::Insert { at, text }),
        (any::<usize>(), prop::sample::select(JSON_TOKENS)).prop_map(|(at, text)| Mutation::Insert { at, text }),
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

fn mutate(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for m in mutations {
        let n = out.len();
        match m {
            Mutation::Delete { at, len } if n > 0 => {
                let at = at % n;
                out.drain(at..(at + len).min(n));
            }
            Mutation::Insert { at, text } => {
                let at = at % (n + 1);
                out.splice(at..at, text.bytes());
            }
            Mutation::Duplicate { at, len } if n > 0 => {
                let at = at % n;
                let piece: Vec<u8> = out[at..(at + len).min(n)].to_vec();
                out.splice(at..at, piece);
            }
            _ => {}
        }
    }
    out
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        analyse_one("random.hcl", &bytes);
        analyse_one("random.json", &bytes);
    }

    #[test]
    fn hcl_token_soup(text in soup(HCL_TOKENS)) {
        analyse_one("soup.hcl", text.as_bytes());
        analyse_one("consul-ls.hcl", text.as_bytes());
    }

    #[test]
    fn json_token_soup(text in soup(JSON_TOKENS)) {
        analyse_one("soup.json", text.as_bytes());
    }

    /// A real file with a few random edits, analysed next to an untouched copy of another real file (so the
    /// cross-file rules have something to relate it to).
    #[test]
    fn mutated_real_files(
        pick in any::<prop::sample::Index>(),
        other in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let files = real_files();
        let (name, bytes) = pick.get(files);
        let (other_name, other_bytes) = other.get(files);
        let mutated = mutate(bytes, &mutations);
        let other_name = format!("other-{other_name}");
        analyse(&[(name.as_str(), &mutated), (other_name.as_str(), other_bytes)]);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Truncated real files

/// Every prefix (in steps of 7 bytes) of every fixture and corpus file. A prefix that does not parse and still
/// looks like a Consul file must get a `syntax` diagnostic.
#[test]
fn truncated_real_files() {
    let mut broken_consul = 0;
    let mut prefixes = 0;
    for (name, bytes) in real_files() {
        for len in (0..bytes.len()).step_by(7) {
            prefixes += 1;
            let prefix = &bytes[..len];
            let (ws, diagnostics) = analyse(&[(name, prefix)]);
            let file = ws.workspace().files.iter().next().expect("one file").1;
            let broken = !file.parse.errors.is_empty() || file.content_error.is_some();
            if broken && file.kind().is_consul() {
                broken_consul += 1;
                assert!(
                    syntax_diagnostics(&diagnostics[0]) > 0,
                    "{name} cut at {len} bytes: parse errors {:?} but no syntax diagnostic",
                    file.parse.errors
                );
            }
        }
    }
    // Guards against passing vacuously: most cuts leave a broken file that is still recognised as Consul's.
    assert!(broken_consul * 2 > prefixes, "{broken_consul} of {prefixes} prefixes were broken Consul files");
}

/// Each fixture workspace with one of its files truncated (steps of 23 bytes): cross-file rules see broken files.
#[test]
fn fixture_workspaces_with_one_truncated_file() {
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(fixtures_dir()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    for dir in dirs {
        let mut paths = Vec::new();
        data_files(&dir, &mut paths);
        let files: Vec<(String, Vec<u8>)> = paths
            .iter()
            .map(|p| (p.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(p).unwrap()))
            .collect();
        for victim in 0..files.len() {
            for len in (0..files[victim].1.len()).step_by(23) {
                let input: Vec<(&str, &[u8])> = files
                    .iter()
                    .enumerate()
                    .map(|(i, (name, bytes))| (name.as_str(), if i == victim { &bytes[..len] } else { &bytes[..] }))
                    .collect();
                analyse(&input);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Special files

#[test]
fn empty_blank_and_comment_only_files() {
    for (name, text) in [
        ("empty.hcl", ""),
        ("empty.json", ""),
        ("blank.hcl", " \n\t\r\n"),
        ("blank.json", " \n\t\r\n"),
        ("bom.hcl", "\u{feff}"),
        ("bom.json", "\u{feff}"),
        ("comments.hcl", "# a\n// b\n/* c\n d */\n"),
        ("unterminated-comment.hcl", "/* never closed"),
    ] {
        let diagnostics = analyse_one(name, text.as_bytes());
        assert!(diagnostics.is_empty(), "{name}: {diagnostics:?}");
    }
}

#[test]
fn json_values_that_are_not_objects() {
    for text in ["[1,2]", "1", "\"x\"", "null", "true", "[]", "[{\"service\": {\"name\": \"a\"}}]", "{}"] {
        analyse_one("value.json", text.as_bytes());
        analyse_one("value.hcl", text.as_bytes());
    }
}

#[test]
fn nul_bytes_are_one_syntax_error() {
    for name in ["svc.hcl", "svc.json"] {
        let diagnostics = analyse_one(name, b"service { name = \"a\0\" }");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, Code::Syntax);
        assert!(diagnostics[0].message.contains("NUL"), "{}", diagnostics[0].message);
    }
}

#[test]
fn invalid_utf8_is_a_syntax_error() {
    for bytes in
        [&b"service { name = \"\xff\" }"[..], b"\xc3", b"\xe6\x97", b"service {\n name = \"a\"\n}\n\xf0\x9f\x98"]
    {
        for name in ["svc.hcl", "svc.json"] {
            let diagnostics = analyse_one(name, bytes);
            assert_eq!(syntax_diagnostics(&diagnostics), 1, "{name} {bytes:?}: {diagnostics:?}");
            assert!(diagnostics.iter().any(|d| d.message.contains("UTF-8")), "{diagnostics:?}");
        }
    }
}

#[test]
fn broken_consul_looking_files_get_a_diagnostic() {
    for (name, text) in [
        ("a.hcl", "service {\n  name = \"web\"\n  port = 8080\n"),
        ("b.hcl", "service {\n  name = \n}\n"),
        ("c.hcl", "service {\n  name = \"web\n}\n"),
        ("d.hcl", "Kind = \"service-defaults\"\nName = \"web\"\nProtocol = \"http\" }\n"),
        ("e.hcl", "datacenter = \"dc1\"\nports {\n  grpc = 8502,,\n}\n"),
        ("f.hcl", "acl {\n  enabled = true\n  tokens {\n    agent = \"x\"\n"),
        ("g.json", "{\"service\": {\"name\": \"web\", \"port\": 8080"),
        ("h.json", "{\"Kind\": \"mesh\", \"Peering\": {\"PeerThroughMeshGateways\": true,}}"),
        ("i.json", "// comment\n{\"service\": {\"name\": \"web\"}}"),
        ("j.json", "{\"Kind\": \"exported-services\", \"Name\": \"default\" \"Services\": []}"),
        ("k.hcl", "Kind = \"exported-services\"\nName = \"default\"\nServices = [\n  {\n    Name = \"api\"\n"),
        ("l.hcl", "service {\n  name = \"web\"\n  tags = [\"a\" \"b\"]\n}\n"),
    ] {
        let diagnostics = analyse_one(name, text.as_bytes());
        assert!(syntax_diagnostics(&diagnostics) > 0, "{name}: {text:?} got {diagnostics:?}");
    }
}

/// 200 000 levels of every kind of nesting: the parsers' depth limit must hold, and nothing downstream (model,
/// rules, fixes, output, dropping the tree) may overflow the stack. Each case comes one opener per line (everything,
/// human output included) and all on one line (without the human renderer, see [`analyse_with`]).
#[test]
fn deep_nesting() {
    const N: usize = 200_000;
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        // name, before, opener (repeated N times), closer (repeated N times)
        ("open-lists.hcl", "service {\n  tags = ", "[", ""),
        ("open-objects.hcl", "service = ", "{", ""),
        ("open-blocks.hcl", "", "service {", ""),
        ("balanced-lists.hcl", "x = ", "[", "]"),
        ("balanced-objects.hcl", "", "a = {", "}"),
        ("balanced-blocks.hcl", "", "service {", "}"),
        ("many-labels.hcl", "service ", "\"l\" ", "{}"),
        ("many-labels-unclosed.hcl", "service_prefix ", "\"\" ", ""),
        ("mixed.hcl", "service { x = ", "[{ a = ", ""),
        ("open-arrays.json", "", "[", ""),
        ("open-objects.json", "", "{\"service\": ", ""),
        ("balanced-arrays.json", "", "[", "]"),
        ("balanced-objects.json", "{\"a\": ", "{\"a\": ", "}"),
        ("mixed.json", "{\"service\": ", "[{\"a\": ", ""),
        ("closers.hcl", "", "}]", ""),
        ("closers.json", "", "}]", ""),
    ];
    for (name, before, opener, closer) in cases {
        // Labels must stay on the key's line.
        let separator = if name.starts_with("many-labels") { "" } else { "\n" };
        for (one_line, sep) in [(false, separator), (true, "")] {
            let mut text = String::from(before);
            for _ in 0..N {
                text.push_str(opener);
                text.push_str(sep);
            }
            if closer == "{}" {
                text.push_str(closer);
            } else {
                for _ in 0..N {
                    text.push_str(closer);
                    text.push_str(sep);
                }
            }
            let (_, diagnostics) = analyse_with(&[(name, text.as_bytes())], !one_line);
            assert!(diagnostics[0].len() < 1000, "{name}: {} diagnostics", diagnostics[0].len());
        }
    }
}

#[test]
fn long_lines_and_many_errors() {
    let long_string = format!("service {{\n  name = \"{}\"\n}}\n", "é".repeat(1_000_000));
    analyse_one("long.hcl", long_string.as_bytes());
    let many_errors = format!("service {{\n  name = \"web\"\n{}}}\n", "  = = = ]\n".repeat(20_000));
    let diagnostics = analyse_one("errors.hcl", many_errors.as_bytes());
    assert!(syntax_diagnostics(&diagnostics) > 0);
    let unterminated = format!("service {{\n  name = \"web\"\n  meta = {{\n{}", "    k = \"v\n".repeat(20_000));
    analyse_one("unterminated.hcl", unterminated.as_bytes());
}

#[test]
fn over_the_size_limit_in_memory() {
    let mut bytes = b"service { name = \"web\" }\n".to_vec();
    bytes.resize(MAX_FILE_BYTES + 1, b' ');
    let diagnostics = analyse_one("big.hcl", &bytes);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].code, Code::Syntax);
    assert!(diagnostics[0].message.contains("too large"), "{}", diagnostics[0].message);
}

/// A 40 MB file on disk, through `workspace::check`: exactly one `syntax` diagnostic saying it is too large.
#[test]
fn forty_megabyte_file_on_disk() {
    let dir = TempDir::new("big");
    let mut bytes = b"service {\n  name = \"web\"\n  port = \"not a number\"\n}\n".to_vec();
    bytes.resize(40 * 1000 * 1000, b'\n');
    dir.write("big.hcl", &bytes).write("web.hcl", "service {\n  name = \"web\"\n  port = 80\n}\n");
    let files = analysis::check(std::slice::from_ref(&dir.0), &mut |_, _| {}).unwrap();
    assert_eq!(files.len(), 2);
    let big = files.iter().find(|f| f.path.ends_with("big.hcl")).unwrap();
    assert_eq!(big.diagnostics.len(), 1, "{:?}", big.diagnostics);
    assert_eq!(big.diagnostics[0].code, Code::Syntax);
    assert!(big.diagnostics[0].message.contains("too large"), "{}", big.diagnostics[0].message);
    render_all(&files, true);
}

/// `workspace::check` on a folder of nasty files (the way the CLI reads them).
#[test]
fn check_on_a_folder_of_nasty_files() {
    let dir = TempDir::new("nasty");
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    binary.extend_from_slice(b"\x00\x00service {");
    dir.write("binary.hcl", &binary)
        .write("latin1.json", b"{\"service\": {\"name\": \"caf\xe9\"}}")
        .write("empty.hcl", "")
        .write("empty.json", "")
        .write("comments.hcl", "# nothing here\n")
        .write("array.json", "[1,2]")
        .write("deep.json", "[".repeat(100_000))
        .write("truncated.hcl", "service {\n  name = \"web\"\n  connect { sidecar_service { proxy { upstreams = [{")
        .write("sub/dir/nul.json", b"{\"service\": {\"name\": \"a\x00\"}}");
    let files = analysis::check(std::slice::from_ref(&dir.0), &mut |_, _| {}).unwrap();
    assert_eq!(files.len(), 9);
    for name in ["binary.hcl", "latin1.json", "truncated.hcl", "nul.json"] {
        let file = files.iter().find(|f| f.path.ends_with(name)).unwrap();
        assert!(syntax_diagnostics(&file.diagnostics) >= 1, "{name}: {:?}", file.diagnostics);
    }
    for name in ["empty.hcl", "empty.json", "comments.hcl", "array.json"] {
        let file = files.iter().find(|f| f.path.ends_with(name)).unwrap();
        assert!(file.diagnostics.is_empty(), "{name}: {:?}", file.diagnostics);
    }
    render_all(&files, true);
}

/// The real binary on a folder with a binary `.hcl` file: a syntax error (exit 1) in every format, no panic.
#[test]
fn binary_on_a_binary_file() {
    let dir = TempDir::new("binary-cli");
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    dir.write("blob.hcl", &bytes).write("deep.hcl", format!("service = {}", "{".repeat(100_000)));
    for format in ["human", "json", "sarif"] {
        let output = Command::new(env!("CARGO_BIN_EXE_consul-ls"))
            .args(["check", "--format", format])
            .current_dir(&dir.0)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{format}: {stderr}");
        assert_eq!(output.status.code(), Some(1), "{format}: {stderr}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("blob.hcl"), "{format}: {stdout}");
    }
}
