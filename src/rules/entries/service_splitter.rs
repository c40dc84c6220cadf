//! service-splitter: `ServiceSplitterConfigEntry.Normalize`/`Validate` (`agent/structs/config_entry_discoverychain.go`).
//! Weights are compared the way Consul does: each scaled to hundredths of a percent (float32) and rounded.

use super::common;
use crate::model::Obj;
use crate::rules::reader::{Ctx, Read, quote};

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    common::name_written_empty(ctx, obj, "Name is required");
    let name = obj.text("name").map(|n| n.text).unwrap_or_default();
    let splits: Vec<Obj<'_>> = obj.objects("splits").collect();
    if splits.is_empty() {
        ctx.missing(obj.range, "no splits configured");
        return;
    }
    let mut seen = std::collections::HashSet::new();
    let mut sum_scaled: i64 = 0;
    for split in &splits {
        // Header modifiers make a split distinct in Consul's comparison (they are pointers).
        let modifies_headers = split.get("request_headers").is_some() || split.get("response_headers").is_some();
        let service = split.set("service").map_or_else(|| name.clone(), |s| s.text);
        let key = (
            service,
            split.text("service_subset").map(|s| s.text).unwrap_or_default(),
            split.text("namespace").map(|s| s.text).unwrap_or_default(),
            split.text("partition").map(|s| s.text).unwrap_or_default(),
        );
        if !modifies_headers && !seen.insert(key.clone()) {
            let at = split.get("service").map_or(split.range, |e| e.value.range);
            ctx.invalid(
                at,
                format!(
                    "split destination occurs more than once: service={}, subset={}, namespace={}, partition={}",
                    quote(&key.0),
                    quote(&key.1),
                    quote(&key.2),
                    quote(&key.3)
                ),
            );
        }
        let weight = split.num("weight").map_or(0.0, |w| w.value) as f32;
        sum_scaled += (weight * 100.0f32).round() as i64;
    }
    if sum_scaled != 100 * 100 {
        let at = obj.get("splits").map_or(obj.range, |e| e.key.range);
        let sum = sum_scaled as f32 / 100.0;
        ctx.invalid(at, format!("the sum of all split weights must be 100, not {sum:.6}"));
    }
}
