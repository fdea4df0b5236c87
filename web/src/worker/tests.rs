use super::*;
use crate::analysis::analyse;
use crate::examples::EXAMPLES;

fn text(s: &str) -> crate::state::text::Text {
    crate::state::text::Text::from(s)
}

fn reduce(state: Evaluation, action: EvalAction) -> Evaluation {
    (*Rc::new(state).reduce(action)).clone()
}

#[test]
fn analysis_round_trips_through_a_worker_reply() {
    for example in EXAMPLES {
        let analysis = analyse(example.text());
        let reply = Reply::Done { id: 7, analysis: analysis.clone(), millis: 1.5 };
        let wire = encode(&reply).unwrap();
        let decoded = decode::<Reply>(&wire);
        let Ok(Reply::Done { id, analysis: back, .. }) = decoded else {
            panic!("{}: {:?}", example.file, decoded.err())
        };
        assert_eq!(id, 7);
        // Nothing is lost on the way: the page sees exactly what the worker made.
        assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&analysis).unwrap(), "{}", example.file);
        let (a, b) = (back.results.unwrap(), analysis.results.unwrap());
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b.iter()) {
            assert_eq!((x.decision, x.pass, &x.name), (y.decision, y.pass, &y.name));
            assert_eq!(x.evaluations.len(), y.evaluations.len());
        }
    }
}

#[test]
fn a_job_and_an_unreadable_reply_are_told_apart() {
    let job = ToWorker::Evaluate(Job { id: 3, text: "{\"version\": 1}\u{1b}é".into() });
    assert_eq!(decode::<ToWorker>(&encode(&job).unwrap()).unwrap(), job);
    let err = decode::<Reply>("").unwrap_err();
    assert!(err.starts_with("a message could not be read"), "{err}");
}

#[test]
fn finished_job_shows_and_an_older_one_does_not_mark_the_newer_done() {
    let analysis = Rc::new(analyse(crate::examples::WELCOME));
    let s = reduce(Evaluation::default(), EvalAction::Started { text: text("a") });
    assert_eq!(s.status, Status::Running);
    assert!(s.is_behind());
    let s = reduce(s, EvalAction::Started { text: text("b") });
    let s = reduce(s, EvalAction::Finished { text: text("a"), analysis: analysis.clone(), millis: 2.0 });
    // "a" finished while "b" waits: its results show, and "b" is still running.
    assert_eq!(s.status, Status::Running);
    assert_eq!(s.analysed_text.as_deref(), Some("a"));
    assert!(s.is_behind());
    let s = reduce(s, EvalAction::Finished { text: text("b"), analysis, millis: 3.0 });
    assert_eq!(s.status, Status::Done);
    assert!(!s.is_behind());
    assert_eq!(s.problem(), None);
}

#[test]
fn the_link_follows_the_decision_and_only_for_the_text_it_was_made_of() {
    // The worker's analysis carries no link; the link comes in a reply of its own.
    let analysis = Rc::new(Analysis { link: None, ..analyse(crate::examples::WELCOME) });
    let s = reduce(Evaluation::default(), EvalAction::Started { text: text("a") });
    let s = reduce(s, EvalAction::Finished { text: text("a"), analysis: analysis.clone(), millis: 2.0 });
    assert_eq!((s.status.clone(), s.link.clone()), (Status::Done, None), "decided, with no link yet");
    let s = reduce(s, EvalAction::Linked { text: text("a"), link: Some(Rc::from("s1.A")) });
    assert_eq!(s.link.as_deref(), Some("s1.A"));
    // A link of another text (a reply overtaken by a newer analysis) is not taken.
    let s = reduce(s, EvalAction::Started { text: text("b") });
    let s = reduce(s, EvalAction::Finished { text: text("b"), analysis, millis: 2.0 });
    assert_eq!(s.link, None, "the link of `a` is not the link of `b`");
    let s = reduce(s, EvalAction::Linked { text: text("a"), link: Some(Rc::from("s1.A")) });
    assert_eq!(s.link, None);
    // An analysis made on the page brings its link with it.
    let s = reduce(
        s,
        EvalAction::Finished { text: text("c"), analysis: Rc::new(analyse(crate::examples::WELCOME)), millis: 1.0 },
    );
    assert!(s.link.as_deref().is_some_and(|l| l.starts_with("s1.")));
}

#[test]
fn timed_out_job_keeps_the_last_results_and_says_how_far_it_got() {
    let analysis = Rc::new(analyse(crate::examples::WELCOME));
    let s = reduce(Evaluation::default(), EvalAction::Started { text: text("good") });
    let s = reduce(s, EvalAction::Finished { text: text("good"), analysis: analysis.clone(), millis: 2.0 });
    let s = reduce(s, EvalAction::Started { text: text("heavy") });
    let s = reduce(s, EvalAction::TimedOut { progress: Some(Progress::Steps { done: 3, total: 100 }) });
    assert_eq!(s.status, Status::TooSlow { progress: Some(Progress::Steps { done: 3, total: 100 }) });
    assert!(s.analysis.as_ref().is_some_and(|a| Rc::ptr_eq(a, &analysis)));
    assert!(s.is_behind(), "the results shown are not the heavy text's");
    let sentence = s.problem().unwrap();
    assert!(sentence.starts_with("This scenario takes too long to evaluate: it was stopped after 1 s"), "{sentence}");
    assert!(sentence.contains("it was read, and 3 of its 100 steps finished"), "{sentence}");
    assert!(sentence.contains("not saved in this browser"), "{sentence}");
}

#[test]
fn too_slow_sentence_names_each_stage() {
    assert!(too_slow_sentence(None).contains("it could not even be read in that time"));
    assert!(too_slow_sentence(Some(Progress::Parsed { steps: 1 })).contains("none of its 1 step finished"));
    assert!(too_slow_sentence(Some(Progress::Steps { done: 0, total: 2 })).contains("0 of its 2 steps"));
    assert_eq!(BUDGET_MS % 1000, 0, "the sentence says whole seconds");
}

#[test]
fn worker_failure_is_said_and_the_runner_is_recorded() {
    let s = reduce(Evaluation::default(), EvalAction::Started { text: text("x") });
    let s = reduce(s, EvalAction::Failed { message: "the evaluator stopped (boom)".into() });
    assert_eq!(s.problem().unwrap(), "This scenario could not be evaluated: the evaluator stopped (boom). The results shown are from the last version that evaluated.");
    assert_eq!(s.runner.name(), "worker");
    assert_eq!(Status::TooSlow { progress: None }.name(), "too-slow");
}

#[test]
fn questions_and_answers_of_the_editor_round_trip() {
    use crate::editor_context::Place;
    use iam_core::catalogue::{AccessLevel, Completion, Expansion};
    let ask =
        ToWorker::Ask { id: 9, question: Question::Complete { place: Place::ConditionKey, typed: "aws:Mul".into() } };
    assert_eq!(decode::<ToWorker>(&encode(&ask).unwrap()).unwrap(), ask);
    let completions = Reply::Answer {
        id: 9,
        answer: Answer::Completions(vec![Completion {
            text: "aws:MultiFactorAuthAge".into(),
            detail: "number".into(),
        }]),
    };
    let Reply::Answer { id: 9, answer } = decode::<Reply>(&encode(&completions).unwrap()).unwrap() else { panic!() };
    assert_eq!(
        answer,
        Answer::Completions(vec![Completion { text: "aws:MultiFactorAuthAge".into(), detail: "number".into() }])
    );
    let expansion = Expansion {
        entry: "s3:GetObjectT*".into(),
        actions: vec![("s3:GetObjectTagging".into(), AccessLevel::Read)],
        levels: vec![(AccessLevel::Read, 1)],
    };
    let reply = Reply::Answer { id: 10, answer: Answer::Expansion(Some(expansion.clone())) };
    let Reply::Answer { answer, .. } = decode::<Reply>(&encode(&reply).unwrap()).unwrap() else { panic!() };
    assert_eq!(answer, Answer::Expansion(Some(expansion)));
}
