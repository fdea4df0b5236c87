//! What the app derives from the scenario text: diagnostics and step results.

use iam_core::catalogue::{Catalogue, ServiceGrant};
use iam_core::scenario::{parse_scenario_with, run_scenario_observed, OnDemandPolicies, ParsedScenario, StepResult};
use iam_core::{blocks_evaluation, document_error_codes};
use iam_core::{Diagnostic, DocId, LineIndex};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticView {
    pub code: String,
    pub error: bool,
    /// Error, security warning, warning or suggestion.
    pub kind: iam_core::Severity,
    pub message: String,
    pub help: Option<String>,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

/// Made in the evaluation worker and sent to the page whole (see [`crate::worker`]).
/// Diagnostics sent to the page at most: the editor lists 200 and underlines
/// these; a hostile text with 100,000 problems would otherwise cost the page
/// megabytes to receive and draw. [`Analysis::problems`] counts them all.
pub const MAX_SENT: usize = 1000;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Analysis {
    /// The first [`MAX_SENT`] diagnostics, in text order.
    pub diagnostics: Rc<Vec<DiagnosticView>>,
    /// How many diagnostics there are, and how many of them are errors.
    pub problems: usize,
    pub errors: usize,
    /// `None` only when the text cannot be read as a scenario at all.
    /// Shared with the components, so a render never copies the traces.
    pub results: Option<Rc<Vec<StepResult>>>,
    /// Each step's answer to "why?" in plain sentences, made by the worker
    /// from the results' summaries (the page reads only these).
    #[serde(default)]
    pub why: Rc<Vec<Vec<String>>>,
    /// Error codes of policy documents the results were computed over: AWS
    /// would refuse those documents, or some of their values never match.
    pub refused: Rc<Vec<String>>,
    /// What each Allow statement written in the scenario allows, by service
    /// and access level, keyed by the statement's first byte (with the catalogue).
    #[serde(default)]
    pub grants: Rc<Vec<(usize, Vec<ServiceGrant>)>>,
    pub title: Option<String>,
    /// The story the scenario tells, shown above its steps.
    #[serde(default)]
    pub description: Option<String>,
    /// Each account's alias, where the scenario gives one: `(id, alias)`.
    #[serde(default)]
    pub aliases: Rc<Vec<(String, String)>>,
    /// How long the catalogue's part took (checks, data wanted, what each
    /// statement allows), in ms (0 without a clock).
    #[serde(default)]
    pub lint_millis: f64,
    /// How long reading the text took, in ms, and whether only the policy
    /// document an edit lies in was read (see [`crate::kept_parse`]).
    #[serde(default)]
    pub read_millis: f64,
    #[serde(default)]
    pub read_in_part: bool,
    /// The share fragment of the text (see [`link_of`]) when the analysis
    /// was made on the page; the worker sends it after the analysis instead,
    /// so that a decision never waits for the compressor.
    #[serde(default)]
    pub link: Option<Rc<str>>,
    /// AWS data the text names and the worker has not loaded; the worker
    /// fetches it and evaluates again (never sent to the page).
    #[serde(skip)]
    pub needs: Needs,
}

/// What a text needs from the AWS data that is not loaded yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// Service prefixes whose actions are to be loaded.
    pub services: Vec<String>,
    /// ARNs of AWS managed policies whose documents are to be loaded.
    pub policies: Vec<String>,
}

impl Needs {
    pub fn is_empty(&self) -> bool {
        self.services.is_empty() && self.policies.is_empty()
    }
}

/// The AWS data the worker holds: the catalogue (whole, or an index with
/// the services loaded so far) and the managed policies loaded so far.
#[derive(Debug, Default)]
pub struct AwsData {
    pub catalogue: Option<Catalogue>,
    pub managed: OnDemandPolicies,
}

/// How many steps a question for suggestions may run, proofs included.
const SUGGEST_BUDGET: usize = 200;

/// What would change the answer of step `step` of `text` (worker side):
/// proven edits, or why there are none to give.
pub fn suggest(
    text: &str,
    step: usize,
    managed: &dyn iam_core::scenario::ManagedPolicySource,
) -> Result<Vec<iam_core::scenario::suggest::Suggestion>, String> {
    // The proofs are bounded, so that a question never holds the worker long:
    // past SUGGEST_BUDGET steps re-run, the rest are not tried.
    let budget = std::cell::Cell::new(SUGGEST_BUDGET);
    let run = |text: &str, count: usize| {
        budget.set(budget.get().checked_sub(count)?);
        let parsed = parse_scenario_with(text, DocId(0), managed);
        match (&parsed.scenario, blocks_evaluation(&parsed.diagnostics)) {
            (Some(s), false) => Some(iam_core::scenario::run_scenario_through(s, count)),
            _ => None,
        }
    };
    let results =
        run(text, step + 1).ok_or("the scenario does not evaluate as written, or is too long to try edits on")?;
    Ok(iam_core::scenario::suggest::suggestions(text, DocId(0), &results, step, &run))
}

impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        self.diagnostics == other.diagnostics
            && (self.problems, self.errors) == (other.problems, other.errors)
            && self.grants == other.grants
            && self.title == other.title
            && self.description == other.description
            && self.aliases == other.aliases
            && self.refused == other.refused
            && self.why == other.why
            && self.link == other.link
            && self.results.as_ref().map(|r| r.iter().map(|s| (s.decision, s.pass)).collect::<Vec<_>>())
                == other.results.as_ref().map(|r| r.iter().map(|s| (s.decision, s.pass)).collect::<Vec<_>>())
    }
}

fn view(d: &Diagnostic, index: &LineIndex<'_>) -> DiagnosticView {
    let span = d.span();
    let at = index.line_col(span.lo());
    DiagnosticView {
        code: d.code.to_string(),
        error: d.is_error(),
        kind: d.severity,
        message: d.message.clone(),
        help: d.help.clone(),
        start: span.lo(),
        end: span.hi().max(span.lo() + 1),
        line: at.line,
        column: at.column,
    }
}

/// A byte range of `text` as the UTF-16 offsets a textarea's selection uses.
pub fn utf16_range(text: &str, start: usize, end: usize) -> (u32, u32) {
    let index = LineIndex::new(text);
    let to16 = |b: usize| u32::try_from(index.utf16_offset(b)).unwrap_or(u32::MAX);
    (to16(start), to16(end))
}

/// How far an analysis got, reported while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Progress {
    /// The text was read; `steps` steps are to run.
    Parsed { steps: usize },
    /// `done` of the `total` steps have run.
    Steps { done: usize, total: usize },
}

/// The longest text given a share link, in bytes: a browser's address bar
/// holds about 2 MB, and a link that long is no way to pass a scenario on.
pub const LINK_MAX: usize = 1_000_000;

/// The analysis of `text` with its share link, made in one go (component
/// tests evaluate on the page this way).
pub fn analyse(text: &str) -> Analysis {
    Analysis { link: link_of(text), ..analyse_observed(text, &AwsData::default(), &|| 0.0, |_| {}) }
}

/// The share fragment of a text (`s1.…`), made in the worker so the page
/// carries no compressor; `None` when the text is not one JSON value or is
/// longer than [`LINK_MAX`]. At 1 MB it costs more than reading and
/// evaluating the text, so the worker sends it after the decision.
pub fn link_of(text: &str) -> Option<Rc<str>> {
    (text.len() <= LINK_MAX).then(|| iam_core::share::encode_fragment(text).ok()).flatten().map(Rc::from)
}

/// As [`analyse`], with the AWS data's findings and managed policies as far
/// as they are loaded, and reporting progress after parsing and after every
/// step. `now` reads a clock in ms, to time the catalogue's part.
pub fn analyse_observed(text: &str, data: &AwsData, now: &dyn Fn() -> f64, progress: impl FnMut(Progress)) -> Analysis {
    analyse_parsed(text, &parse_scenario_with(text, DocId(0), &data.managed), data, now, progress)
}

/// As [`analyse_observed`], given the text already read (the worker keeps
/// it, and reads again only the policy document an edit lies in: see
/// [`crate::kept_parse`]).
pub fn analyse_parsed(
    text: &str,
    parsed: &ParsedScenario,
    data: &AwsData,
    now: &dyn Fn() -> f64,
    mut progress: impl FnMut(Progress),
) -> Analysis {
    let scenario = parsed.scenario.as_ref();
    let mut diagnostics = parsed.diagnostics.clone();
    let mut grants = Vec::new();
    let mut needs = Needs::default();
    if let Some(scenario) = scenario {
        needs.policies = data.managed.missing(scenario).into_iter().map(str::to_string).collect();
    }
    let mut lint_millis = 0.0;
    if let (Some(scenario), Some(catalogue)) = (scenario, &data.catalogue) {
        let started = now();
        diagnostics.extend(iam_core::lint::lint_scenario(scenario, catalogue));
        iam_core::sort_by_position(&mut diagnostics);
        let policies = iam_core::lint::scenario_policies(scenario);
        let entries = policies.iter().flat_map(|p| p.statements.iter()).flat_map(|s| s.action.iter());
        needs.services = catalogue
            .missing_services(entries.flat_map(|a| a.items.iter().map(|i| i.text.as_str())))
            .into_iter()
            .collect();
        for policy in policies {
            grants.extend(catalogue.statement_grants(policy).into_iter().map(|(span, g)| (span.lo(), g)));
        }
        lint_millis = now() - started;
    }
    let index = LineIndex::new(text);
    let views = Rc::new(diagnostics.iter().take(MAX_SENT).map(|d| view(d, &index)).collect());
    let problems = diagnostics.len();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let title = scenario.and_then(|s| s.title.clone());
    let description = scenario.and_then(|s| s.description.clone());
    let aliases = scenario
        .map(|s| s.accounts.iter().filter_map(|a| Some((a.id.clone(), a.alias.clone()?))).collect())
        .unwrap_or_default();
    let results = match (scenario, blocks_evaluation(&diagnostics)) {
        (Some(s), false) => {
            let total = s.steps.len();
            progress(Progress::Parsed { steps: total });
            Some(run_scenario_observed(s, |done| progress(Progress::Steps { done, total })))
        }
        _ => None,
    };
    // The sentences are made here, in the worker; the summary data they are
    // made from is not sent on to the page.
    let why = Rc::new(results.as_ref().map(|r| r.iter().map(StepResult::summary).collect()).unwrap_or_default());
    let results = results.map(|mut steps| {
        steps.iter_mut().flat_map(|s| s.evaluations.iter_mut()).for_each(|e| e.summary = None);
        Rc::new(steps)
    });
    let codes = if results.is_some() { document_error_codes(&diagnostics) } else { Vec::new() };
    let refused = Rc::new(codes.into_iter().map(str::to_string).collect());
    Analysis {
        link: None,
        diagnostics: views,
        problems,
        errors,
        results,
        why,
        refused,
        grants: Rc::new(grants),
        title,
        description,
        aliases: Rc::new(aliases),
        needs,
        lint_millis,
        read_millis: 0.0,
        read_in_part: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::EXAMPLES;

    #[test]
    fn every_bundled_example_runs_and_passes() {
        for e in EXAMPLES {
            let a = analyse(e.text());
            let results = a.results.unwrap_or_else(|| panic!("{}: {:?}", e.file, a.diagnostics));
            assert!(results.iter().all(|r| r.pass == Some(true)), "{}", e.file);
        }
    }

    #[test]
    fn the_worker_makes_the_share_link_of_a_json_text_only() {
        let text = crate::examples::WELCOME;
        let link = analyse(text).link.unwrap();
        let decoded = iam_core::share::decode(&link).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&decoded).unwrap(),
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
        assert_eq!(link_of(text).as_deref(), Some(&*link));
        // The worker's analysis leaves the link out: it is sent after the decision.
        assert_eq!(analyse_observed(text, &AwsData::default(), &|| 0.0, |_| {}).link, None);
        assert_eq!(analyse("{ not json").link, None);
        let long = format!("{{\"title\": \"{}\"}}", "a".repeat(LINK_MAX));
        assert_eq!(analyse(&long).link, None, "too long for an address bar");
    }

    #[test]
    fn spans_after_wide_characters_map_to_columns_and_utf16() {
        let text = "{\n  \"title\": \"é😀\", \"version\": 1, \"oops\": 2\n}";
        let a = analyse(text);
        let d = a.diagnostics.iter().find(|d| d.code == "scenario/unknown-field").unwrap();
        assert_eq!(&text[d.start..d.end], "\"oops\"");
        // é is 2 bytes and 1 UTF-16 unit, 😀 is 4 bytes and 2 units, both are 1 character
        assert_eq!((d.line, d.column), (2, 32));
        let (s16, e16) = utf16_range(text, d.start, d.end);
        assert_eq!((s16, e16), (d.start as u32 - 3, d.end as u32 - 3));
        let as_js: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16_lossy(&as_js[s16 as usize..e16 as usize]), "\"oops\"");
    }

    #[test]
    fn policy_errors_still_evaluate_and_are_named() {
        let text = r#"{"version": 1, "accounts": [{"id": "111111111111", "users": [{"name": "alice",
            "inline_policies": {"P": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
              {"Effect": "deny", "Action": "s3:GetObject", "Resource": "*"}]}}}]}],
          "steps": [{"name": "read", "request": {"principal": "arn:aws:iam::111111111111:user/alice",
            "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}, "expect": "allowed"}]}"#;
        let a = analyse(text);
        let results = a.results.unwrap_or_else(|| panic!("{:?}", a.diagnostics));
        assert_eq!(results[0].decision, Some(iam_core::Decision::Allowed));
        assert_eq!(*a.refused, vec!["policy/invalid-effect"]);
    }

    #[test]
    fn a_flood_of_problems_is_counted_whole_and_sent_in_part() {
        let fields: Vec<String> = (0..5000).map(|i| format!("\"junk{i}\": {i}")).collect();
        let text = format!("{{\"version\": 1, {}}}", fields.join(", "));
        let a = analyse(&text);
        assert_eq!(a.diagnostics.len(), MAX_SENT);
        assert_eq!((a.problems, a.errors), (5000, 5000));
        assert_eq!(a.diagnostics[0].code, "scenario/unknown-field");
        assert!(a.results.is_none());
    }

    #[test]
    fn with_the_catalogue_typos_are_found_and_statements_say_what_they_allow() {
        let catalogue =
            Catalogue::parse(include_str!("../../crates/iam-core/data/aws-catalogue/catalogue.json")).unwrap();
        let data = AwsData { catalogue: Some(catalogue), ..AwsData::default() };
        let text = crate::examples::WELCOME.replacen("\"cloudtrail:LookupEvents\"", "\"cloudtrail:LookupEvent\"", 1);
        let a = analyse_observed(&text, &data, &|| 0.0, |_| {});
        assert!(a.needs.is_empty(), "the whole catalogue needs nothing more: {:?}", a.needs);
        let d = a.diagnostics.iter().find(|d| d.code == "lint/unknown-action").unwrap();
        assert_eq!(d.help.as_deref(), Some("did you mean `cloudtrail:LookupEvents`?"));
        assert!(a.results.is_some(), "a name that never matches does not stop the evaluation");
        assert!(!a.grants.is_empty());
        let (at, grants) = &a.grants[0];
        assert!(text.get(*at..).is_some_and(|t| t.starts_with('{')), "keyed by a statement's first byte");
        assert!(grants.iter().all(|g| !g.levels.is_empty()));
        // Without the catalogue: no findings of it, and nothing to say about grants.
        let plain = analyse(&text);
        assert!(plain.grants.is_empty() && plain.diagnostics.iter().all(|d| !d.code.starts_with("lint/")));
    }

    /// The worker's data after reading the index: names and keys, no actions.
    fn index_only() -> AwsData {
        let mut whole: serde_json::Value =
            serde_json::from_str(include_str!("../../crates/iam-core/data/aws-catalogue/catalogue.json")).unwrap();
        for service in whole["services"].as_object_mut().unwrap().values_mut() {
            let service = service.as_object_mut().unwrap();
            service.remove("actions");
            service.remove("resources");
        }
        whole["managed"] =
            serde_json::json!({"policies": {"arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess": "v3"}});
        let text = whole.to_string();
        AwsData {
            catalogue: Some(Catalogue::parse_index(&text).unwrap()),
            managed: OnDemandPolicies::parse_index(&text).unwrap(),
        }
    }

    #[test]
    fn with_the_index_only_the_text_says_which_data_to_fetch_and_nothing_false_is_said() {
        let data = index_only();
        let text = crate::examples::WELCOME.replacen("\"cloudtrail:LookupEvents\"", "\"cloudtrail:LookupEvent\"", 1);
        let a = analyse_observed(&text, &data, &|| 0.0, |_| {});
        assert!(a.diagnostics.iter().all(|d| d.code != "lint/unknown-action"), "actions not loaded: no verdict");
        assert!(a.needs.services.contains(&"cloudtrail".to_string()), "{:?}", a.needs);
        assert!(a.needs.policies.is_empty(), "the example uses starter policies only");
        assert!(a.results.is_some());
        let named = text.replacen(
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess",
            1,
        );
        assert!(named != text, "the example attaches AdministratorAccess");
        let a = analyse_observed(&named, &data, &|| 0.0, |_| {});
        assert_eq!(a.needs.policies, ["arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"]);
        assert!(a.results.is_none(), "no decision while a named policy's document is loading");
        assert!(a.diagnostics.iter().any(|d| d.code == "scenario/managed-policy-unavailable"));
    }

    #[test]
    fn suggestions_for_a_step_are_proven_edits_of_the_text() {
        let alice = crate::examples::EXAMPLES.iter().find(|e| e.file == "alice-developer.json").unwrap();
        let found = suggest(alice.text(), 3, &iam_core::scenario::StarterPolicies).unwrap();
        let first = found.first().unwrap();
        assert!(first.description.contains("also accept `prod`"), "{}", first.description);
        let edited = iam_core::scenario::suggest::apply(alice.text(), &first.edits).unwrap();
        assert_eq!(analyse(&edited).results.unwrap()[3].decision, Some(iam_core::Decision::Allowed));
        assert!(suggest("{", 0, &iam_core::scenario::StarterPolicies).is_err(), "an unreadable text has none");
    }

    #[test]
    fn errors_block_results_and_carry_line_and_column() {
        let a = analyse("{\n  \"version\": 1,\n  \"acounts\": []\n}");
        assert!(a.results.is_none());
        let d = &a.diagnostics[0];
        assert_eq!((d.code.as_str(), d.line, d.column), ("scenario/unknown-field", 3, 3));
    }
}
