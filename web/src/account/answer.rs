//! The worker's side of the account views. The scenario is read and
//! explored once per text (finding every principal is the slow part), and
//! kept for the next question about the same text.

use super::wire::{
    Body, CompareView, EdgeView, FindingView, GraphView, LinkView, MatrixView, NodeView, ReachView, RecordView, Reply,
    Request, RowView,
};
use crate::analysis::{AwsData, Needs};
use iam_core::analysis::{self, Columns, Explored, MatrixError, NodeKind};
use iam_core::scenario::{parse_scenario_with, Scenario};
use iam_core::{blocks_evaluation, DocId};
use std::cell::RefCell;

struct Explored1 {
    text: String,
    scenario: Scenario,
    explored: Explored,
}

thread_local! {
    static MODEL: RefCell<Option<Explored1>> = const { RefCell::new(None) };
}

fn refused(message: impl Into<String>) -> Body {
    Body::Refused(message.into())
}

/// Reads and explores `text` unless it is the model kept.
fn ensure_model(text: &str, data: &AwsData) -> Result<Result<(), String>, Needs> {
    if MODEL.with_borrow(|m| m.as_ref().is_some_and(|m| m.text == text)) {
        return Ok(Ok(()));
    }
    let parsed = parse_scenario_with(text, DocId(0), &data.managed);
    let Some(scenario) = parsed.scenario.filter(|_| !blocks_evaluation(&parsed.diagnostics)) else {
        let errors = parsed.diagnostics.iter().filter(|d| d.is_error()).count();
        return Ok(Err(format!(
            "The scenario cannot be evaluated: it has {errors} error{}. Fix {} in the editor first.",
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it" } else { "them" }
        )));
    };
    let missing: Vec<String> = data.managed.missing(&scenario).into_iter().map(str::to_string).collect();
    if !missing.is_empty() {
        return Err(Needs { services: Vec::new(), policies: missing });
    }
    let explored = analysis::explore(&scenario);
    MODEL.with_borrow_mut(|m| *m = Some(Explored1 { text: text.to_string(), scenario, explored }));
    Ok(Ok(()))
}

fn chain(links: &[analysis::Link]) -> Vec<LinkView> {
    links.iter().map(LinkView::from).collect()
}

fn body(request: &Request, s: &Scenario, explored: &Explored, data: &AwsData) -> Result<Body, Needs> {
    Ok(match request {
        Request::Findings => Body::Findings(
            analysis::findings_with(s, explored)
                .into_iter()
                .map(|f| FindingView {
                    code: f.code.to_string(),
                    kind: f.kind.describe().to_string(),
                    message: f.message,
                    subject: f.subject,
                    path: f.path,
                })
                .collect(),
        ),
        Request::WhoCan { action, resource } => {
            let (action, resource) = (action.trim(), resource.trim());
            if action.is_empty() || resource.is_empty() {
                return Ok(refused("Give an action and a resource."));
            }
            Body::WhoCan(
                analysis::who_can_in(explored, s, action, resource)
                    .iter()
                    .map(|r| ReachView {
                        principal: r.principal.clone(),
                        chain: chain(&r.chain),
                        deciding: r.deciding.iter().map(|d| d.label()).collect(),
                    })
                    .collect(),
            )
        }
        Request::MatrixActions { .. } | Request::MatrixResources { .. } => {
            let Some(catalogue) = data.catalogue.as_ref() else {
                return Ok(refused("The AWS catalogue did not load, so the actions of a service are not known."));
            };
            let columns = match request {
                Request::MatrixActions { prefix, resource } => Columns::Actions {
                    prefix: prefix.trim().to_ascii_lowercase(),
                    resource: if resource.trim().is_empty() { "*".into() } else { resource.trim().to_string() },
                },
                Request::MatrixResources { action, extra } => Columns::Resources {
                    action: action.trim().to_string(),
                    extra: extra.iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect(),
                },
                _ => return Ok(refused("not a matrix")),
            };
            match analysis::matrix(explored, s, catalogue, &columns) {
                Ok(m) => Body::Matrix(MatrixView {
                    columns: m.columns,
                    rows: m
                        .rows
                        .iter()
                        .map(|r| RowView {
                            principal: r.principal.clone(),
                            chain: chain(&r.chain),
                            cells: r.cells.iter().map(|c| c.map(|d| d.as_str().to_string())).collect(),
                        })
                        .collect(),
                    other_principals: m.other_principals,
                    other_columns: m.other_columns,
                    evaluated: m.evaluated,
                }),
                Err(MatrixError::NotLoaded) => {
                    let prefix = match &columns {
                        Columns::Actions { prefix, .. } => prefix.clone(),
                        Columns::Resources { .. } => String::new(),
                    };
                    return Err(Needs { services: vec![prefix], policies: Vec::new() });
                }
                Err(MatrixError::UnknownService { closest }) => refused(match closest {
                    Some(c) => format!("The catalogue has no service with that prefix. Did you mean `{c}`?"),
                    None => "The catalogue has no service with that prefix.".to_string(),
                }),
                Err(MatrixError::Empty) => refused(match &columns {
                    Columns::Actions { .. } => "That service has no actions.",
                    Columns::Resources { .. } => "Give an action, and the model has no resource: add one to the list.",
                }),
            }
        }
        Request::Records => Body::Records(records(s)),
        Request::Compare { user, action, resource } => compare(s, user, action, resource),
        Request::Graph => {
            let g = analysis::assumption_graph(explored, s);
            Body::Graph(GraphView {
                nodes: g
                    .nodes
                    .into_iter()
                    .map(|n| NodeView {
                        id: n.id,
                        kind: match n.kind {
                            NodeKind::User => "user",
                            NodeKind::Role => "role",
                            NodeKind::Service => "service",
                        }
                        .to_string(),
                        account: n.account,
                        reached: n.reached,
                    })
                    .collect(),
                edges: g.edges.into_iter().map(|e| EdgeView { from: e.from, to: e.to, with: e.with }).collect(),
            })
        }
    })
}

/// `user` (or the first user) beside a role with the same permissions.
fn compare(s: &Scenario, user: &str, action: &str, resource: &str) -> Body {
    let users: Vec<String> = s.accounts.iter().flat_map(|a| a.users.iter().map(|u| u.arn.clone())).collect();
    // A user named by ARN, by name (from the outline), or the first one.
    let user = match user.trim() {
        "" => users.first().cloned().unwrap_or_default(),
        arn if arn.starts_with("arn:") => arn.to_string(),
        name => users.iter().find(|u| u.rsplit('/').next() == Some(name)).cloned().unwrap_or_else(|| name.to_string()),
    };
    if user.is_empty() {
        return refused("The model has no user to compare: add one in the outline.");
    }
    let request = (!action.trim().is_empty() && !resource.trim().is_empty()).then(|| (action.trim(), resource.trim()));
    match analysis::compare_user_with_role(s, &user, request) {
        Ok(c) => Body::Compare(CompareView {
            users,
            user: c.user,
            role: c.role,
            session: c.session,
            action: c.action,
            resource: c.resource,
            facts: c.facts.into_iter().map(|f| (f.topic, f.user, f.role)).collect(),
        }),
        Err(analysis::CompareError::UnknownUser { closest }) => refused(match closest {
            Some(c) => format!("No user of the model is `{user}`. Did you mean `{c}`?"),
            None => format!("No user of the model is `{user}`."),
        }),
        Err(analysis::CompareError::NotRun(why)) => refused(format!("They could not be compared: {why}")),
    }
}

/// The modelled CloudTrail records of the steps of `s`.
fn records(s: &Scenario) -> Vec<RecordView> {
    use iam_core::scenario::cloudtrail;
    let results = iam_core::scenario::run_scenario(s);
    cloudtrail::records(s, &results)
        .iter()
        .map(|r| {
            let id = &r.identity;
            let who = id
                .arn
                .clone()
                .or_else(|| id.invoked_by.clone())
                .or_else(|| id.identity_provider.clone())
                .unwrap_or_default();
            RecordView {
                step: r.step,
                step_name: results.get(r.step).map(|x| x.name.clone()).unwrap_or_default(),
                identity_type: id.kind.as_str().to_string(),
                who,
                access_key: id.access_key_id.clone(),
                issuer: id.session.as_ref().map(|c| c.issuer_arn.clone()),
                mfa: id.session.as_ref().map(|c| c.mfa_authenticated),
                source_identity: id.session.as_ref().and_then(|c| c.source_identity.clone()),
                time: iam_core::values::format_instant(r.event_time),
                event: format!("{} {}", r.event_source, r.event_name),
                error: r.error_code.map(|c| format!("{c}: {}", r.error_message.clone().unwrap_or_default())),
                recipient_account: r.recipient_account.clone(),
                shared_event_id: r.shared_event_id.clone(),
                json: r.to_json().to_pretty(),
            }
        })
        .collect()
}

/// The answer to `request` (JSON of [`Request`]) about `text`, as JSON of
/// [`Reply`]; or the AWS data to load first.
pub fn answer(text: &str, request: &str, data: &AwsData, clock: &dyn Fn() -> f64) -> Result<String, Needs> {
    let started = clock();
    let reply = |body: Body, principals: usize| Reply { body, millis: (clock() - started).max(0.0), principals };
    let reply = match serde_json::from_str::<Request>(request) {
        Err(e) => reply(refused(format!("The question could not be read: {e}.")), 0),
        Ok(request) => match ensure_model(text, data)? {
            Err(message) => reply(refused(message), 0),
            Ok(()) => {
                let (body, principals) = MODEL.with_borrow(|m| match m.as_ref() {
                    Some(m) => {
                        body(&request, &m.scenario, &m.explored, data).map(|b| (b, m.explored.principals().count()))
                    }
                    None => Ok((refused("The scenario was not kept; ask again."), 0)),
                })?;
                reply(body, principals)
            }
        },
    };
    Ok(serde_json::to_string(&reply).unwrap_or_else(|_| {
        r#"{"body":{"Refused":"The answer could not be written."},"millis":0,"principals":0}"#.to_string()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_core::catalogue::Catalogue;

    fn full() -> AwsData {
        let catalogue =
            Catalogue::parse(include_str!("../../../crates/iam-core/data/aws-catalogue/catalogue.json")).unwrap();
        AwsData { catalogue: Some(catalogue), ..AwsData::default() }
    }

    const BUCKET: &str = include_str!("../../../examples/user-vs-role-bucket-policy.json");

    fn ask(text: &str, request: &Request, data: &AwsData) -> Reply {
        let json = answer(text, &serde_json::to_string(request).unwrap(), data, &|| 0.0).unwrap();
        serde_json::from_str(&json).unwrap()
    }

    fn refused(reply: &Reply) -> &str {
        match &reply.body {
            Body::Refused(why) => why,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn each_view_is_answered_from_the_model_of_the_text() {
        let data = full();
        let findings = ask(BUCKET, &Request::Findings, &data);
        assert!(matches!(findings.body, Body::Findings(_)));
        assert_eq!(findings.principals, 3, "carol, dave and the Analyst role they reach");
        let who = ask(
            BUCKET,
            &Request::WhoCan { action: "s3:GetObject".into(), resource: "arn:aws:s3:::shared-data/report.csv".into() },
            &data,
        );
        let Body::WhoCan(list) = &who.body else { panic!("{who:?}") };
        assert!(list.iter().any(|r| r.principal.ends_with(":user/carol")), "{list:?}");
        let extra = vec!["arn:aws:s3:::shared-data/report.csv".to_string()];
        let grid = ask(BUCKET, &Request::MatrixResources { action: "s3:GetObject".into(), extra }, &data);
        let Body::Matrix(m) = &grid.body else { panic!("{grid:?}") };
        // GetObject is on objects: the bucket's own ARN is a column nobody is allowed.
        assert_eq!(m.columns, [("s3:GetObject".to_string(), "arn:aws:s3:::shared-data/report.csv".to_string())]);
        assert_eq!(m.other_columns, 1);
        let Body::Graph(g) = ask(BUCKET, &Request::Graph, &data).body else { panic!() };
        assert!(g.edges.iter().all(|e| e.to.ends_with(":role/Analyst")));
        let Body::Records(records) = ask(BUCKET, &Request::Records, &data).body else { panic!() };
        assert!(!records.is_empty() && records.iter().all(|r| !r.json.is_empty()));
        let first = Request::Compare { user: String::new(), action: String::new(), resource: String::new() };
        let Body::Compare(c) = ask(BUCKET, &first, &data).body else { panic!() };
        assert_eq!(c.users, ["arn:aws:iam::111111111111:user/carol", "arn:aws:iam::111111111111:user/dave"]);
        assert_eq!(c.user, "arn:aws:iam::111111111111:user/carol", "the first user by default");
        assert!(c.facts.iter().any(|(t, u, r)| t == "`aws:username`" && u == "`carol`" && r == "absent"));
        let by_name = Request::Compare { user: "dave".into(), action: String::new(), resource: String::new() };
        let Body::Compare(d) = ask(BUCKET, &by_name, &data).body else { panic!() };
        assert_eq!(d.user, "arn:aws:iam::111111111111:user/dave", "the outline names users by name");
        let typo = Request::Compare {
            user: "arn:aws:iam::111111111111:user/carl".into(),
            action: String::new(),
            resource: String::new(),
        };
        assert_eq!(
            refused(&ask(BUCKET, &typo, &data)),
            "No user of the model is `arn:aws:iam::111111111111:user/carl`. Did you mean `arn:aws:iam::111111111111:user/carol`?"
        );
    }

    #[test]
    fn bad_input_is_refused_with_a_reason_the_user_can_act_on() {
        let data = full();
        assert_eq!(
            refused(&ask("{", &Request::Findings, &data)),
            "The scenario cannot be evaluated: it has 1 error. Fix it in the editor first."
        );
        let json = answer(BUCKET, "nonsense", &data, &|| 0.0).unwrap();
        let reply: Reply = serde_json::from_str(&json).unwrap();
        assert!(refused(&reply).starts_with("The question could not be read"));
        let empty = ask(BUCKET, &Request::WhoCan { action: " ".into(), resource: "*".into() }, &data);
        assert_eq!(refused(&empty), "Give an action and a resource.");
        let typo = ask(BUCKET, &Request::MatrixActions { prefix: "ec3".into(), resource: String::new() }, &data);
        assert_eq!(refused(&typo), "The catalogue has no service with that prefix. Did you mean `ec2`?");
        let none =
            ask(BUCKET, &Request::MatrixActions { prefix: "s3".into(), resource: "*".into() }, &AwsData::default());
        assert!(refused(&none).starts_with("The AWS catalogue did not load"));
    }

    #[test]
    fn a_service_whose_actions_are_not_loaded_is_asked_for() {
        let mut whole: serde_json::Value =
            serde_json::from_str(include_str!("../../../crates/iam-core/data/aws-catalogue/catalogue.json")).unwrap();
        for service in whole["services"].as_object_mut().unwrap().values_mut() {
            let service = service.as_object_mut().unwrap();
            service.remove("actions");
            service.remove("resources");
        }
        let data =
            AwsData { catalogue: Some(Catalogue::parse_index(&whole.to_string()).unwrap()), ..AwsData::default() };
        let request =
            serde_json::to_string(&Request::MatrixActions { prefix: "s3".into(), resource: "*".into() }).unwrap();
        let needs = answer(BUCKET, &request, &data, &|| 0.0).unwrap_err();
        assert_eq!(needs.services, ["s3"]);
    }
}
