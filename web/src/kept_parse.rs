//! The worker's last text and what was read of it, so that the next text is
//! read again only in the part an edit lies in (a policy document, a user,
//! group, role or resource, or a step)
//! (`iam_core::scenario::reparse_scenario`). Typing in one policy of a 1 MB
//! scenario then costs that policy, not the megabyte.

use iam_core::scenario::{parse_scenario_with, reparse_scenario, ManagedPolicySource, ParsedScenario, StepResult};
use iam_core::DocId;
use std::rc::Rc;

#[derive(Default)]
pub struct KeptParse {
    last: Option<(String, ParsedScenario)>,
    /// The step results of the last text, when it evaluated with all the
    /// AWS managed policies it names: a lesson's checks of the same text
    /// read them instead of running the scenario again.
    results: Option<Rc<Vec<StepResult>>>,
}

impl KeptParse {
    /// What `text` reads as, and whether it was read in part. The kept
    /// parse is taken: give it back with [`KeptParse::keep`].
    pub fn read(&mut self, text: &str, managed: &dyn ManagedPolicySource) -> (ParsedScenario, bool) {
        // The results share the old policies; without them the reading
        // moves the policies' positions in place rather than copying them.
        self.results = None;
        let in_part = self.last.take().and_then(|(old_text, old)| reparse_scenario(&old_text, old, text, DocId(0)));
        match in_part {
            Some(parsed) => (parsed, true),
            None => (parse_scenario_with(text, DocId(0), managed), false),
        }
    }

    /// Keeps `parsed`, the reading of `text`, for the next [`KeptParse::read`],
    /// and the step results it evaluated to (`None` when it did not, or
    /// not with every managed policy it names).
    pub fn keep(&mut self, text: String, parsed: ParsedScenario, results: Option<Rc<Vec<StepResult>>>) {
        self.last = Some((text, parsed));
        self.results = results;
    }

    /// The step results of `text`, when it is the text kept and it evaluated.
    pub fn results_of(&self, text: &str) -> Option<Rc<Vec<StepResult>>> {
        self.last.as_ref().filter(|(kept, _)| kept == text).and_then(|_| self.results.clone())
    }

    /// Forgets the kept parse: the AWS managed policies it was read with
    /// have changed, so the next text is read whole.
    pub fn forget(&mut self) {
        self.last = None;
        self.results = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_core::scenario::StarterPolicies;

    fn same(a: &ParsedScenario, b: &ParsedScenario) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    #[test]
    fn an_edit_in_a_policy_is_read_in_part_and_anything_else_whole() {
        let text = crate::examples::WELCOME.to_string();
        let mut kept = KeptParse::default();
        let (first, in_part) = kept.read(&text, &StarterPolicies);
        assert!(!in_part, "nothing kept yet");
        kept.keep(text.clone(), first, None);
        // An action typed into a policy: read in part, and the same as read whole.
        let typed = text.replacen("\"Effect\": \"Allow\"", "\"Effect\": \"Alow\"", 1);
        let (parsed, in_part) = kept.read(&typed, &StarterPolicies);
        assert!(in_part);
        assert!(same(&parsed, &parse_scenario_with(&typed, DocId(0), &StarterPolicies)));
        assert!(
            parsed.diagnostics.iter().any(|d| d.is_error() && d.span().text(&typed) == "\"Alow\""),
            "{:?}",
            parsed.diagnostics
        );
        kept.keep(typed.clone(), parsed, None);
        // A title is no policy: read whole.
        let retitled = typed.replacen("\"title\": \"", "\"title\": \"A ", 1);
        assert_ne!(retitled, typed);
        let (parsed, in_part) = kept.read(&retitled, &StarterPolicies);
        assert!(!in_part);
        kept.keep(retitled.clone(), parsed, None);
        // Results kept are given for the same text only, and go with a new reading.
        let (parsed, _) = kept.read(&retitled, &StarterPolicies);
        kept.keep(retitled.clone(), parsed, Some(Rc::new(Vec::new())));
        assert!(kept.results_of(&retitled).is_some() && kept.results_of(&typed).is_none());
        let (parsed, _) = kept.read(&retitled, &StarterPolicies);
        assert!(kept.results_of(&retitled).is_none(), "taken by the reading");
        kept.keep(retitled.clone(), parsed, None);
        // New AWS data: the next text is read whole.
        kept.forget();
        assert!(!kept.read(&typed, &StarterPolicies).1);
    }
}
