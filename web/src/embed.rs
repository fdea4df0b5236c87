//! Embed mode: `#embed&step=3&panel=trace&readonly&s1.…` in an iframe, and the
//! messages exchanged with the host page through `window.postMessage`.

use crate::store::Panel;
use iam_core::scenario::{StepOutcome, StepResult};
use serde::Serialize;

/// Options an embed link sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbedOptions {
    pub readonly: bool,
    /// Zero-based step to open.
    pub step: Option<usize>,
    pub panel: Option<Panel>,
}

pub fn panel_name(panel: Panel) -> &'static str {
    match panel {
        Panel::Layers => "layers",
        Panel::Statements => "statements",
        Panel::Trace => "trace",
        Panel::Context => "context",
        Panel::Chain => "chain",
    }
}

pub fn parse_panel(name: &str) -> Option<Panel> {
    [Panel::Layers, Panel::Statements, Panel::Trace, Panel::Context, Panel::Chain]
        .into_iter()
        .find(|p| panel_name(*p) == name)
}

/// Reads the embed flags of a fragment; `None` when it is not an embed link.
pub fn parse_flags(fragment: &str) -> Option<EmbedOptions> {
    let parts: Vec<&str> = fragment.trim_start_matches('#').split('&').collect();
    if !parts.contains(&"embed") {
        return None;
    }
    let (step, panel) = parse_selection(fragment);
    Some(EmbedOptions { readonly: parts.contains(&"readonly"), step, panel })
}

/// The step (zero-based; written one-based) and panel a fragment selects.
pub fn parse_selection(fragment: &str) -> (Option<usize>, Option<Panel>) {
    let value = |key: &str| {
        fragment.trim_start_matches('#').split('&').find_map(|p| p.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
    };
    (
        value("step").and_then(|s| s.parse::<usize>().ok()).and_then(|s| s.checked_sub(1)),
        value("panel").and_then(parse_panel),
    )
}

/// The lesson and step (from 0; written from 1) a fragment opens:
/// `lesson=assume-role&step=3`.
pub fn parse_lesson(fragment: &str) -> Option<(String, usize)> {
    let parts = fragment.trim_start_matches('#').split('&');
    let id = parts.clone().find_map(|p| p.strip_prefix("lesson="))?;
    let step = parse_selection(fragment).0.unwrap_or(0);
    (!id.is_empty()).then(|| (id.to_string(), step))
}

/// The fragment of a lesson at a step (from 0).
pub fn lesson_fragment(id: &str, step: usize) -> String {
    format!("lesson={id}&step={}", step + 1)
}

/// The fragment parts that keep a selection: `step=3&panel=trace`.
pub fn selection(step: usize, panel: Panel) -> String {
    format!("step={}&panel={}", step + 1, panel_name(panel))
}

/// The fragment of an embed link (`embed&step=…&panel=…[&readonly]&s1.…`).
pub fn fragment(options: EmbedOptions, scenario_fragment: &str) -> String {
    let mut parts = vec!["embed".to_string()];
    if let Some(step) = options.step {
        parts.push(format!("step={}", step + 1));
    }
    if let Some(panel) = options.panel {
        parts.push(format!("panel={}", panel_name(panel)));
    }
    if options.readonly {
        parts.push("readonly".into());
    }
    parts.push(scenario_fragment.to_string());
    parts.join("&")
}

/// What the host page may send (`{"type": "iam-playground:load", ...}`).
#[derive(Debug, Clone, PartialEq)]
pub enum HostMessage {
    /// Replace the scenario (sent as an object or as JSON text).
    Load { scenario: String },
    /// Select a step (1-based) and optionally a panel.
    Select { step: usize, panel: Option<String> },
}

impl HostMessage {
    /// Reads a message from its parts: the `type`, the scenario as JSON text,
    /// and the `step` and `panel` fields. Unknown types are ignored (`None`).
    pub fn from_parts(
        kind: &str,
        scenario: Option<String>,
        step: Option<f64>,
        panel: Option<String>,
    ) -> Option<HostMessage> {
        match kind {
            "iam-playground:load" => scenario.map(|scenario| HostMessage::Load { scenario }),
            "iam-playground:select" => {
                let step = step.filter(|s| s.is_finite() && *s >= 1.0 && s.fract() == 0.0)?;
                Some(HostMessage::Select { step: format!("{step}").parse().ok()?, panel })
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepSummary {
    pub step: usize,
    pub name: String,
    pub decision: Option<&'static str>,
    pub error: Option<String>,
    pub pass: Option<bool>,
    /// Why, in one or two plain sentences (the step card's words).
    pub summary: Vec<String>,
}

/// What the playground tells the host page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum EmbedMessage {
    #[serde(rename = "iam-playground:ready")]
    Ready,
    /// Sent after every evaluation.
    #[serde(rename = "iam-playground:decisions")]
    Decisions {
        title: Option<String>,
        valid: bool,
        /// Error codes of policy documents AWS would refuse that the decisions were computed over.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        refused: Vec<String>,
        steps: Vec<StepSummary>,
    },
}

pub fn decisions(
    title: Option<String>,
    results: Option<&[StepResult]>,
    why: &[Vec<String>],
    refused: &[String],
) -> EmbedMessage {
    let steps = results
        .unwrap_or(&[])
        .iter()
        .map(|r| StepSummary {
            step: r.index + 1,
            name: r.name.clone(),
            decision: r.decision.map(|d| d.as_str()),
            error: match &r.outcome {
                StepOutcome::Failed { code, .. } => Some(code.clone()),
                StepOutcome::Decided { .. } => None,
            },
            pass: r.pass,
            summary: why.get(r.index).cloned().unwrap_or_default(),
        })
        .collect();
    EmbedMessage::Decisions { title, valid: results.is_some(), refused: refused.to_vec(), steps }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_round_trip_through_a_fragment() {
        let options = EmbedOptions { readonly: true, step: Some(2), panel: Some(Panel::Trace) };
        let f = fragment(options, "s1.abc");
        assert_eq!(f, "embed&step=3&panel=trace&readonly&s1.abc");
        assert_eq!(parse_flags(&format!("#{f}")), Some(options));
    }

    #[test]
    fn plain_links_are_not_embeds_and_bad_values_are_ignored() {
        assert_eq!(parse_flags("s1.abc"), None);
        assert_eq!(
            parse_flags("embed&step=zero&panel=nope&s1.x"),
            Some(EmbedOptions { readonly: false, step: None, panel: None })
        );
        assert_eq!(parse_flags("embed&step=0").and_then(|o| o.step), None);
    }

    #[test]
    fn a_plain_link_keeps_the_selected_step_and_panel() {
        let kept = selection(2, Panel::Chain);
        assert_eq!(kept, "step=3&panel=chain");
        assert_eq!(parse_selection(&format!("#data=1&{kept}&s1.abc")), (Some(2), Some(Panel::Chain)));
        assert_eq!(parse_selection("s1.abc"), (None, None));
        assert_eq!(parse_selection("step=0&panel=nope"), (None, None));
    }

    #[test]
    fn a_lesson_link_names_the_lesson_and_its_step() {
        assert_eq!(parse_lesson("#lesson=assume-role&step=3"), Some(("assume-role".into(), 2)));
        assert_eq!(parse_lesson("embed&lesson=guardrails"), Some(("guardrails".into(), 0)));
        assert_eq!(parse_lesson("s1.abc"), None);
        assert_eq!(parse_lesson("lesson=&step=2"), None);
        assert_eq!(lesson_fragment("assume-role", 2), "lesson=assume-role&step=3");
    }

    #[test]
    fn host_messages_are_read_by_type() {
        assert_eq!(
            HostMessage::from_parts("iam-playground:load", Some("{}".into()), None, None),
            Some(HostMessage::Load { scenario: "{}".into() })
        );
        assert_eq!(
            HostMessage::from_parts("iam-playground:select", None, Some(2.0), Some("trace".into())),
            Some(HostMessage::Select { step: 2, panel: Some("trace".into()) })
        );
        assert_eq!(HostMessage::from_parts("iam-playground:select", None, Some(0.5), None), None);
        assert_eq!(HostMessage::from_parts("iam-playground:load", None, None, None), None);
        assert_eq!(HostMessage::from_parts("other", Some("{}".into()), None, None), None);
    }

    #[test]
    fn decisions_message_summarises_steps() {
        let text = crate::examples::WELCOME;
        let analysis = crate::analysis::analyse(text);
        let message = serde_json::to_value(decisions(
            analysis.title.clone(),
            analysis.results.as_deref().map(Vec::as_slice),
            &analysis.why,
            &analysis.refused,
        ))
        .unwrap();
        assert_eq!(message["type"], "iam-playground:decisions");
        assert_eq!(message["valid"], true);
        assert_eq!(message["steps"][0]["decision"], "allowed");
        assert_eq!(message["steps"][2]["decision"], "explicitDeny");
        assert_eq!(message["steps"][5]["error"], "sts/invalid-duration");
        let why = message["steps"][2]["summary"][0].as_str().unwrap_or_default();
        assert!(why.starts_with("Denied: `KeepTrail` › `NoTrailChangesWithoutMfa` explicitly denies"), "{why}");
    }
}
