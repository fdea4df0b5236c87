//! Step results as the components share them: equal when they come from the
//! same evaluation run (the same allocation), so a render never compares or
//! copies whole traces.

use iam_core::scenario::StepResult;
use std::rc::Rc;

/// The results of one evaluation run.
#[derive(Debug, Clone)]
pub struct Results(pub Rc<Vec<StepResult>>);

impl PartialEq for Results {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Results {
    type Target = [StepResult];

    fn deref(&self) -> &[StepResult] {
        &self.0
    }
}

/// One step of a run, by position.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRef {
    pub results: Results,
    pub index: usize,
}

impl StepRef {
    /// The step, when the index is inside the run.
    pub fn get(&self) -> Option<&StepResult> {
        self.results.0.get(self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_equal_only_when_they_are_the_same_run() {
        let a = Results(Rc::new(Vec::new()));
        let b = Results(Rc::new(Vec::new()));
        assert_eq!(a, a.clone());
        assert_ne!(a, b);
        assert!(StepRef { results: a, index: 0 }.get().is_none());
    }
}
