//! Document and range formatting for the editor: the [`crate::format`] library on a file of the analysis. Only
//! Consul files and the manifest are formatted; a file with a syntax error, another tool's file, or one the
//! formatter cannot keep unchanged in content gets no edits (and the reason, for the log).

use super::TextEdit;
use crate::analysis::Analysis;
use crate::format::{self, NotFormatted};
use crate::model::FileKind;
use crate::syntax::TextRange;
use crate::workspace::FileId;

/// The edits that format the whole file; empty when it is formatted already.
pub fn format_document(analysis: &Analysis, file: FileId) -> Result<Vec<TextEdit>, NotFormatted> {
    let source = formattable(analysis, file)?;
    Ok(convert(format::document(&source.text, &source.path)?))
}

/// The edits that format the top-level items `range` touches.
pub fn format_range(analysis: &Analysis, file: FileId, range: TextRange) -> Result<Vec<TextEdit>, NotFormatted> {
    let source = formattable(analysis, file)?;
    Ok(convert(format::range(&source.text, &source.path, range)?))
}

/// The file, if the analysis counts it as a Consul file or the manifest. (The formatter classifies the text again
/// itself; this also keeps out a file the analysis holds as not Consul's, whatever its text looks like.)
fn formattable(analysis: &Analysis, file: FileId) -> Result<&crate::workspace::SourceFile, NotFormatted> {
    let source = analysis.workspace().files.get(file).ok_or(NotFormatted::NotConsul)?;
    if !source.kind().is_consul() && source.kind() != FileKind::Manifest {
        return Err(NotFormatted::NotConsul);
    }
    if let Some((message, range)) = &source.content_error {
        return Err(NotFormatted::Syntax(crate::syntax::SyntaxError { message: message.clone(), range: *range }));
    }
    Ok(source)
}

fn convert(edits: Vec<format::TextEdit>) -> Vec<TextEdit> {
    edits.into_iter().map(|e| TextEdit { range: e.range, new_text: e.new_text }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::{apply_edits, testing};

    /// The text after formatting the file holding `$0` (the whole document), or why it is left alone.
    fn document(fixture: &str) -> String {
        let (analysis, file, _) = testing::analysis(fixture);
        match format_document(&analysis, file) {
            Ok(edits) => apply_edits(&analysis.workspace().file(file).text, &edits),
            Err(reason) => format!("(not formatted: {reason})"),
        }
    }

    /// The text after formatting the range between two `$0`-like markers: `$0` is the start, `$1` the end.
    fn range(fixture: &str) -> String {
        let start = fixture.find("$0").unwrap();
        let end = fixture.find("$1").unwrap() - 2;
        let fixture = fixture.replace("$1", "");
        let (analysis, file, _) = testing::analysis(&fixture);
        let text = &analysis.workspace().file(file).text;
        // Offsets in the fixture are offsets in the file when the fixture has one file without a header.
        let range = TextRange::new(start as u32, end as u32);
        match format_range(&analysis, file, range) {
            Ok(edits) => apply_edits(text, &edits),
            Err(reason) => format!("(not formatted: {reason})"),
        }
    }

    #[test]
    fn documents_in_hcl_json_and_the_manifest() {
        let cases = [
            document("service {\nname = \"web\"\n    port    = 8080\n  tags = [\"a\",\"b\"]\n}\n"),
            document("//- sd.json\n{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"http\"}"),
            document("//- consul-ls.hcl\ncluster \"c1\" {\npaths = [\"c1\"]\n  acl_enabled   = true\n}\n"),
        ];
        insta::assert_snapshot!(cases.join("\n=====\n"));
    }

    #[test]
    fn a_range_formats_only_its_items() {
        insta::assert_snapshot!(range(
            "datacenter    =   \"dc1\"\n$0service {\nname = \"web\"\n}$1\nlog_level   = \"INFO\"\n"
        ));
    }

    #[test]
    fn broken_and_foreign_files_are_left_alone() {
        let cases = [
            document("service {\n  name = \"web\"\n"),
            document("//- main.hcl\nresource \"aws_instance\" \"x\" {\nami = \"y\"\n}\n"),
            document("//- package.json\n{\"name\":\"x\"}"),
            document("service {\n  name = \"web\"\n  port = 8080\n}\n"),
        ];
        insta::assert_snapshot!(cases.join("\n=====\n"));
    }
}
