//! The steps a cell of the matrix, or a who-can answer, amounts to: the
//! role assumptions of the principal's chain, then the request, appended to
//! the scenario so that its explanation opens like any other step's.

use super::wire::LinkView;
use crate::edits::quote;
use crate::model_edits::{array_mut, fresh, names, parse_node};
use iam_core::document as json;
use iam_core::DocId;

/// The short name of an ARN or service for a step's name (`user/alice`, `role/Admin`).
fn short(arn: &str) -> &str {
    arn.rsplit(':').next().unwrap_or(arn)
}

/// `text` with the steps that make `principal` (through `chain`) do
/// `action` on `resource`, and the index of the request step.
pub fn with_steps(
    text: &str,
    principal: &str,
    chain: &[LinkView],
    action: &str,
    resource: &str,
) -> Result<(String, usize), String> {
    let (root, _) = json::parse(text, DocId(0));
    let mut root = root.ok_or("Fix the JSON syntax first.")?;
    let steps = array_mut(&mut root, "steps").ok_or("The scenario must be a JSON object whose `steps` is a list.")?;
    let mut taken = names(steps, "id");
    let mut caller = principal.to_string();
    for (i, link) in chain.iter().enumerate() {
        let id = fresh("reach", "-", &taken);
        taken.push(id.clone());
        let step = if i == 0 && !link.from.starts_with("arn:") {
            format!(
                r#"{{"name": {}, "id": {}, "service_assume_role": {{"service": {}, "role": {}}}}}"#,
                quote(&format!("{} assumes {}", link.from, short(&link.role))),
                quote(&id),
                quote(&link.from),
                quote(&link.role)
            )
        } else {
            let from = if i == 0 { link.from.clone() } else { caller.clone() };
            let mut extra = String::new();
            if link.mfa {
                extra.push_str(r#", "mfa": true"#);
            }
            if let Some(x) = &link.external_id {
                extra.push_str(&format!(r#", "external_id": {}"#, quote(x)));
            }
            format!(
                r#"{{"name": {}, "id": {}, "assume_role": {{"caller": {}, "role": {}, "session_name": "playground"{extra}}}}}"#,
                quote(&format!("{} assumes {}", short(&link.from), short(&link.role))),
                quote(&id),
                quote(&from),
                quote(&link.role)
            )
        };
        steps.push(parse_node(&step));
        caller = format!("session:{id}");
    }
    let who = chain.last().map_or(principal, |l| l.role.as_str());
    steps.push(parse_node(&format!(
        r#"{{"name": {}, "request": {{"principal": {}, "action": {}, "resource": {}}}}}"#,
        quote(&format!("{} {action} on {resource}", short(who))),
        quote(&caller),
        quote(action),
        quote(resource)
    )));
    let index = steps.len().saturating_sub(1);
    Ok((format!("{}\n", root.to_pretty()), index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_core::explain::Decision;
    use iam_core::scenario::{parse_scenario, run_scenario};

    fn example(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn last_decision(text: &str) -> Option<Decision> {
        let parsed = parse_scenario(text, DocId(0));
        assert!(!iam_core::has_errors(&parsed.diagnostics), "{:#?}", parsed.diagnostics);
        run_scenario(&parsed.scenario.unwrap()).last().and_then(|r| r.decision)
    }

    #[test]
    fn bobs_chain_becomes_an_assumption_with_mfa_then_the_request_of_the_session() {
        let text = example("break-glass-admin.json");
        let chain = [LinkView {
            from: "arn:aws:iam::111111111111:user/bob".into(),
            role: "arn:aws:iam::111111111111:role/BreakGlass".into(),
            with: vec!["MFA".into()],
            mfa: true,
            external_id: None,
        }];
        let (new, index) = with_steps(
            &text,
            "arn:aws:iam::111111111111:role/BreakGlass",
            &chain,
            "iam:CreateUser",
            "arn:aws:iam::111111111111:user/x",
        )
        .unwrap();
        let before = parse_scenario(&text, DocId(0)).scenario.unwrap().steps.len();
        let steps = parse_scenario(&new, DocId(0)).scenario.unwrap().steps;
        assert_eq!(steps.len(), before + 2);
        assert_eq!(index, before + 1);
        assert_eq!(steps[index].name, "role/BreakGlass iam:CreateUser on arn:aws:iam::111111111111:user/x");
        assert_eq!(last_decision(&new), Some(Decision::Allowed));
        // Without MFA the same chain is refused: the flag is what the trust asks for.
        let mut no_mfa = chain.clone();
        no_mfa[0].mfa = false;
        let (new, _) = with_steps(&text, "x", &no_mfa, "iam:CreateUser", "arn:aws:iam::111111111111:user/x").unwrap();
        assert_ne!(last_decision(&new), Some(Decision::Allowed));
    }

    #[test]
    fn a_service_chain_and_a_user_request_and_ids_not_taken() {
        let text = example("lambda-function-role.json");
        let s = parse_scenario(&text, DocId(0)).scenario.unwrap();
        let explored = iam_core::analysis::explore(&s);
        let (role, links) = explored.roles().next().unwrap();
        let chain: Vec<LinkView> = links.iter().map(LinkView::from).collect();
        let (new, _) = with_steps(&text, role, &chain, "sts:GetCallerIdentity", "*").unwrap();
        let (again, _) = with_steps(&new, role, &chain, "sts:GetCallerIdentity", "*").unwrap();
        let steps = parse_scenario(&again, DocId(0)).scenario.unwrap().steps;
        let ids: Vec<&str> = steps.iter().filter_map(|s| s.id.as_deref()).filter(|i| i.starts_with("reach")).collect();
        assert_eq!(ids, ["reach", "reach-2"]);
        assert_eq!(last_decision(&again), Some(Decision::Allowed));
        let (user, _) =
            with_steps(&text, "arn:aws:iam::111111111111:user/nobody", &[], "s3:GetObject", "arn:aws:s3:::b/k")
                .unwrap();
        assert!(user.contains(r#""principal": "arn:aws:iam::111111111111:user/nobody""#));
        assert_eq!(with_steps("{", "x", &[], "a", "b").unwrap_err(), "Fix the JSON syntax first.");
    }
}
