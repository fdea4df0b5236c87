//! AWS managed policies in the browser: every ARN from the data index, and
//! documents fetched when a scenario names them.

use super::managed::{ManagedPolicySource, StarterPolicies};

/// Every AWS managed policy by name, with documents added as they arrive:
/// the browser's source. It knows every ARN from the data index, carries the
/// starter set, and fetches any other document when a scenario names it.
#[derive(Debug, Clone, Default)]
pub struct OnDemandPolicies {
    /// ARN → version, from the index; empty until the index is read.
    index: std::collections::BTreeMap<String, String>,
    /// ARN → document text, for the policies loaded so far.
    loaded: std::collections::BTreeMap<String, String>,
    /// ARN → why its document could not be loaded.
    failed: std::collections::BTreeMap<String, String>,
}

impl OnDemandPolicies {
    /// Reads the `managed` object of the data index: `{"policies": {ARN: version}}`.
    pub fn parse_index(text: &str) -> Result<Self, String> {
        let (root, _) = crate::json::parse(text, crate::DocId(0));
        let root = root.ok_or("the data index is not JSON")?;
        let policies = root
            .get("managed")
            .and_then(|m| m.get("policies"))
            .and_then(crate::json::Node::as_object)
            .ok_or("the data index has no `managed.policies` object")?;
        let mut index = std::collections::BTreeMap::new();
        for m in policies {
            let version = m.value.as_str().ok_or_else(|| format!("`{}` has no version", m.key))?;
            index.insert(m.key.to_string(), version.to_string());
        }
        Ok(OnDemandPolicies { index, ..OnDemandPolicies::default() })
    }

    /// Adds a policy's document, read from its chunk `{"version", "document"}`.
    pub fn add(&mut self, arn: &str, text: &str) -> Result<(), String> {
        let (root, _) = crate::json::parse(text, crate::DocId(0));
        let document =
            root.as_ref().and_then(|r| r.get("document")).ok_or_else(|| format!("`{arn}` has no document"))?;
        self.loaded.insert(arn.to_string(), document.span.text(text).to_string());
        self.failed.remove(arn);
        Ok(())
    }

    /// Records why a policy's document could not be loaded.
    pub fn fail(&mut self, arn: &str, reason: String) {
        self.failed.insert(arn.to_string(), reason);
    }

    /// The AWS managed policies `scenario` names whose documents are to be
    /// fetched: in the index, not in the starter set, not loaded or failed.
    pub fn missing<'s>(&self, scenario: &'s super::Scenario) -> Vec<&'s str> {
        let mut out: Vec<&str> =
            super::parse_refs::aws_managed_refs(scenario).into_iter().filter(|arn| self.pending(arn)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// AWS managed policy ARNs that start with `typed` (case-insensitive),
    /// with their versions.
    pub fn complete_arn(&self, typed: &str) -> Vec<crate::catalogue::Completion> {
        let starts = |arn: &str| arn.get(..typed.len()).is_some_and(|s| s.eq_ignore_ascii_case(typed));
        let versions: Vec<(&str, &str)> = if self.index.is_empty() {
            StarterPolicies.arns().into_iter().map(|arn| (arn, StarterPolicies.get(arn).map_or("", |p| p.0))).collect()
        } else {
            self.index.iter().map(|(arn, version)| (arn.as_str(), version.as_str())).collect()
        };
        versions
            .into_iter()
            .filter(|(arn, _)| starts(arn))
            .take(crate::catalogue::MAX_COMPLETIONS)
            .map(|(arn, version)| crate::catalogue::Completion {
                text: arn.to_string(),
                detail: format!("AWS managed, {version}"),
            })
            .collect()
    }

    /// Whether the policy exists and its document is neither loaded nor failed.
    pub fn pending(&self, arn: &str) -> bool {
        self.index.contains_key(arn)
            && StarterPolicies.get(arn).is_none()
            && !self.loaded.contains_key(arn)
            && !self.failed.contains_key(arn)
    }

    /// The policy's version, when the index lists it.
    pub fn version(&self, arn: &str) -> Option<&str> {
        self.index.get(arn).map(String::as_str)
    }
}

impl ManagedPolicySource for OnDemandPolicies {
    fn get(&self, arn: &str) -> Option<(&str, &str)> {
        if let Some(found) = StarterPolicies.get(arn) {
            return Some(found);
        }
        let doc = self.loaded.get(arn)?;
        Some((self.version(arn).unwrap_or(""), doc.as_str()))
    }

    fn arns(&self) -> Vec<&str> {
        if self.index.is_empty() {
            return StarterPolicies.arns();
        }
        self.index.keys().map(String::as_str).collect()
    }

    fn complete(&self) -> bool {
        !self.index.is_empty()
    }

    fn unavailable(&self, arn: &str) -> Option<String> {
        if !self.index.contains_key(arn) || self.get(arn).is_some() {
            return None;
        }
        Some(match self.failed.get(arn) {
            Some(reason) => format!("its document could not be loaded ({reason})"),
            None => "its document is still loading".to_string(),
        })
    }
}

#[cfg(test)]
mod tests;
