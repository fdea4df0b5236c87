//! The bundled AWS service catalogue, read once; and `iam-playground expand`.

use crate::Format;
use iam_core::catalogue::{ActionLookup, Catalogue, BUNDLED, LEVELS};
use iam_core::scenario::{AllManagedPolicies, ManagedPolicySource, StarterPolicies};
use serde_json::json;
use std::sync::OnceLock;

/// The catalogue compiled into the binary. An error here is a defect of the
/// build (the data is checked by tests), reported rather than hidden.
pub fn bundled() -> Result<&'static Catalogue, String> {
    static CATALOGUE: OnceLock<Result<Catalogue, String>> = OnceLock::new();
    CATALOGUE
        .get_or_init(|| Catalogue::parse(BUNDLED))
        .as_ref()
        .map_err(|e| format!("the bundled AWS catalogue cannot be read: {e}"))
}

/// Every AWS managed policy, compiled into the binary and indexed once.
pub fn managed_policies() -> Result<&'static AllManagedPolicies<'static>, String> {
    static POLICIES: OnceLock<Result<AllManagedPolicies<'static>, String>> = OnceLock::new();
    POLICIES
        .get_or_init(|| AllManagedPolicies::parse(iam_core::scenario::managed::ALL_POLICIES))
        .as_ref()
        .map_err(|e| format!("the bundled AWS managed policies cannot be read: {e}"))
}

/// Every AWS managed policy, read only when a scenario names one outside the
/// starter set (indexing 3.3 MB costs more than most scenarios' whole run).
struct AllOnDemand;

impl ManagedPolicySource for AllOnDemand {
    fn get(&self, arn: &str) -> Option<(&str, &str)> {
        StarterPolicies.get(arn).or_else(|| managed_policies().ok()?.get(arn))
    }

    fn arns(&self) -> Vec<&str> {
        managed_policies().map_or_else(|_| StarterPolicies.arns(), |m| m.arns())
    }

    fn complete(&self) -> bool {
        // A bundled set that cannot be read is a defect of the build: said, not hidden.
        managed_policies().map_err(|e| errln!("warning: {e}; only the starter set is known")).is_ok()
    }
}

/// Parses a scenario with every AWS managed policy available.
pub fn parse_scenario(text: &str) -> iam_core::scenario::ParsedScenario {
    iam_core::scenario::parse_scenario_with(text, iam_core::DocId(0), &AllOnDemand)
}

/// `--version`: the tool's version and the data's.
pub fn version() -> String {
    let catalogue = match bundled() {
        Ok(c) => format!("{} {} ({}, {} licence)", c.package, c.version, c.date, c.licence),
        Err(e) => e,
    };
    let managed = match managed_policies() {
        Ok(m) => format!(
            "{} {}: {} policies (newest change {}, {} licence)",
            m.package,
            m.version,
            m.len(),
            m.date,
            m.licence
        ),
        Err(e) => e,
    };
    format!("{}\nAWS data: {catalogue}\nAWS managed policies: {managed}", env!("CARGO_PKG_VERSION"))
}

/// `expand PATTERN...`: the actions each pattern names. Exit 1 when a
/// pattern names none.
pub fn expand(patterns: &[String], by_level: bool, format: Format) -> u8 {
    let catalogue = match bundled() {
        Ok(c) => c,
        Err(e) => {
            errln!("error[catalogue/unreadable]: {e}");
            return 2;
        }
    };
    let mut code = 0;
    let mut found = Vec::new();
    for pattern in patterns {
        match catalogue.lookup(pattern) {
            ActionLookup::Known(actions) => found.extend(actions),
            ActionLookup::Everything => {
                found.extend(catalogue.services().flat_map(|s| s.actions().iter().map(move |a| (s, a))))
            }
            ActionLookup::UnknownService { prefix } => {
                let hint =
                    catalogue.closest_service(&prefix).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
                errln!("error[lint/unknown-service]: `{prefix}` is not the prefix of any AWS service{hint}");
                code = 1;
            }
            ActionLookup::NoMatch { service } => {
                let name = pattern.split_once(':').map_or("", |p| p.1);
                let hint = iam_core::catalogue::closest(name, service.actions().iter().map(|a| a.name.as_str()))
                    .map(|s| format!("; did you mean `{}:{s}`?", service.prefix))
                    .unwrap_or_default();
                errln!("error[lint/unknown-action]: `{pattern}` matches no {} action{hint}", service.name);
                code = 1;
            }
            // The CLI reads the whole catalogue, so this means damaged data.
            ActionLookup::NotLoaded { prefix } => {
                errln!("error[catalogue/unreadable]: the actions of `{prefix}` are missing from the catalogue");
                code = 2;
            }
        }
    }
    found.sort_by(|a, b| (a.0.prefix.as_str(), a.1.name.as_str()).cmp(&(b.0.prefix.as_str(), b.1.name.as_str())));
    found.dedup_by(|a, b| a.0.prefix == b.0.prefix && a.1.name == b.1.name);
    let name =
        |(s, a): &(&iam_core::catalogue::Service, &iam_core::catalogue::Action)| format!("{}:{}", s.prefix, a.name);
    match (format, by_level) {
        (Format::Json, false) => outln!(
            "{}",
            json!(found
                .iter()
                .map(|f| json!({"action": name(f), "access": f.1.access, "service": f.0.name}))
                .collect::<Vec<_>>())
        ),
        (Format::Json, true) => {
            let groups: serde_json::Map<String, serde_json::Value> = LEVELS
                .iter()
                .map(|l| {
                    let names: Vec<String> = found.iter().filter(|f| f.1.access == *l).map(name).collect();
                    (
                        serde_json::to_value(l).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                        json!(names),
                    )
                })
                .collect();
            outln!("{}", serde_json::Value::Object(groups));
        }
        (Format::Text, false) => {
            for f in &found {
                outln!("{}", name(f));
            }
        }
        (Format::Text, true) => {
            for l in LEVELS {
                let names: Vec<String> = found.iter().filter(|f| f.1.access == l).map(name).collect();
                if !names.is_empty() {
                    outln!("{} ({}):", l.describe(), names.len());
                    for n in names {
                        outln!("  {n}");
                    }
                }
            }
        }
    }
    if format == Format::Text && !found.is_empty() {
        errln!("{} action{}", found.len(), if found.len() == 1 { "" } else { "s" });
    }
    code
}
