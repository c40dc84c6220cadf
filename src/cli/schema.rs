//! `consul-ls schema [KIND]`: the JSON Schema (draft 2020-12) of one kind of Consul file, generated from the schema
//! table; without KIND, the kinds, one per line.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Args;

use super::fail;
use crate::schema::json_schema;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// A config entry kind (e.g. `exported-services`), `service`, `agent` or `acl-policy`; omit to list them.
    #[arg(value_name = "KIND")]
    pub kind: Option<String>,
}

pub fn run(args: &SchemaArgs) -> ExitCode {
    let output = match &args.kind {
        None => json_schema::kinds().iter().map(|kind| format!("{kind}\n")).collect::<String>(),
        Some(kind) => match json_schema::json_schema(kind) {
            Some(schema) => {
                let mut text = serde_json::to_string_pretty(&schema).expect("a JSON value serialises");
                text.push('\n');
                text
            }
            None => {
                return fail(format!(
                    "unknown schema kind \"{kind}\"; known kinds: {}",
                    json_schema::kinds().join(", ")
                ));
            }
        },
    };
    let mut stdout = io::stdout().lock();
    match stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`consul-ls schema agent | head`) is not an error worth a message.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(format!("cannot write the schema: {e}")),
    }
}
