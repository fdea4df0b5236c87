//! The lessons of `examples/lessons/` (see `docs/lessons.md`), compiled into
//! the worker, which serves a lesson and checks its tasks, and into the
//! views loaded on demand, which list them. The page carries none of them.

use iam_core::lesson::{parse_lesson, Lesson};
use serde::{Deserialize, Serialize};

/// Every lesson file, in no particular order (each says its own).
const FILES: [&str; 6] = [
    include_str!("../../examples/lessons/users-and-groups.json"),
    include_str!("../../examples/lessons/roles-for-applications.json"),
    include_str!("../../examples/lessons/assume-role.json"),
    include_str!("../../examples/lessons/cross-account.json"),
    include_str!("../../examples/lessons/guardrails.json"),
    include_str!("../../examples/lessons/least-privilege.json"),
];

/// Every lesson that reads, in course order. (A file that does not read is
/// caught by `iam-playground lesson` in CI and by this module's tests.)
pub fn all() -> Vec<Lesson> {
    let mut lessons: Vec<Lesson> =
        FILES.iter().filter_map(|text| parse_lesson(text, iam_core::DocId(0)).lesson).collect();
    lessons.sort_by_key(|l| l.order);
    lessons
}

pub fn find(id: &str) -> Option<Lesson> {
    all().into_iter().find(|l| l.id == id)
}

/// What the page shows of a lesson: its texts, without checks or solutions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonView {
    pub id: String,
    /// Its place in the course (from 1) and how many lessons there are.
    pub number: usize,
    pub of: usize,
    pub title: String,
    pub steps: Vec<StepView>,
    /// The id of the lesson after it in the course.
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    pub title: String,
    pub text: String,
    pub task: Option<String>,
    pub hint: Option<String>,
}

/// The lesson `id` and the scenario at the start of step `step` (from 0),
/// or why it cannot be opened.
pub fn open(id: &str, step: usize) -> Result<(LessonView, String), String> {
    let lessons = all();
    let (number, lesson) =
        lessons.iter().enumerate().find(|(_, l)| l.id == id).ok_or_else(|| format!("there is no lesson `{id}`"))?;
    if step >= lesson.steps.len() {
        return Err(format!("the lesson “{}” has steps 1 to {}", lesson.title, lesson.steps.len()));
    }
    let start =
        lesson.start_of(step).map_err(|p| format!("its step {} cannot be set up ({} matches)", p.step + 1, p.found))?;
    let view = LessonView {
        id: lesson.id.clone(),
        number: number + 1,
        of: lessons.len(),
        title: lesson.title.clone(),
        steps: lesson
            .steps
            .iter()
            .map(|s| StepView {
                title: s.title.clone(),
                text: s.text.clone(),
                task: s.task.clone(),
                hint: s.hint.clone(),
            })
            .collect(),
        next: lessons.get(number + 1).map(|l| l.id.clone()),
    };
    Ok((view, start))
}

/// Each check of step `step` against the results of the scenario as it is
/// now: its sentence, and whether it holds.
pub fn check(lesson: &Lesson, step: usize, results: &[iam_core::scenario::StepResult]) -> Vec<(String, bool)> {
    let Some(s) = lesson.steps.get(step) else { return Vec::new() };
    s.checks
        .iter()
        .zip(iam_core::lesson::check_step(s, results))
        .map(|(c, r)| (iam_core::lesson::sentence(c, &r), r.passed))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_reads_in_course_order_and_opens_at_each_step() {
        let lessons = all();
        assert_eq!(lessons.len(), FILES.len(), "every file reads");
        let ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "users-and-groups",
                "roles-for-applications",
                "assume-role",
                "cross-account",
                "guardrails",
                "least-privilege"
            ]
        );
        for l in &lessons {
            for step in 0..l.steps.len() {
                let (view, start) = open(&l.id, step).unwrap();
                assert_eq!(view.steps.len(), l.steps.len());
                assert!(crate::analysis::analyse(&start).results.is_some(), "{} step {step}", l.id);
            }
        }
        assert!(open("assume-role", 9).unwrap_err().contains("has steps 1 to 4"));
        assert_eq!(open("nope", 0).unwrap_err(), "there is no lesson `nope`");
    }

    #[test]
    fn a_task_is_checked_against_the_scenario_as_edited() {
        let lesson = find("assume-role").unwrap();
        let run = |text: &str| crate::analysis::analyse(text).results.unwrap();
        let before = check(&lesson, 1, &run(&lesson.start_of(1).unwrap()));
        assert_eq!(
            before,
            [
                ("“without MFA bob cannot assume BreakGlass” should be denied; it is allowed now".to_string(), false),
                ("“bob assumes BreakGlass with MFA for one hour” is allowed, as the task asks".to_string(), true),
            ]
        );
        let after = check(&lesson, 1, &run(&lesson.solved(1).unwrap()));
        assert!(after.iter().all(|(_, ok)| *ok), "{after:?}");
    }
}
