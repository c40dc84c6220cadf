use consul_ls::schema::{Block, Ty};
fn walk(b: &'static Block, prefix: &str, depth: usize, out: &mut Vec<String>) {
    if depth > 4 {
        return;
    }
    for f in b.fields {
        let p = format!("{prefix}{}", f.name);
        let mut flags = String::new();
        if f.deprecated {
            flags.push_str(" deprecated");
        }
        if f.enterprise {
            flags.push_str(" ent");
        }
        if f.api_only {
            flags.push_str(" api");
        }
        out.push(format!("{p}\t{}\t{flags}", f.aliases.join(",")));
        match f.ty {
            Ty::Block(c) | Ty::BlockList(c) => walk(c, &format!("{p}."), depth + 1, out),
            Ty::Map(c) => walk(c, &format!("{p}.*."), depth + 1, out),
            _ => {}
        }
    }
}
#[test]
fn dump() {
    let mut out = Vec::new();
    walk(&consul_ls::schema::agent::AGENT, "", 0, &mut out);
    std::fs::write("/tmp/work/schema_agent.tsv", out.join("\n")).unwrap();
}
