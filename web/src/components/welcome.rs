//! The welcome of a first visit: what the tool is, and three ways in.

use super::app::use_store;
use crate::store::Action;
use yew::prelude::*;

/// What "your own policy" opens: a user whose one inline policy is there to
/// be replaced, and a step that asks about it.
pub const OWN_POLICY: &str = r#"{
  "version": 1,
  "title": "My policy",
  "description": "Paste your policy over MyPolicy, then change the step to the request you want to ask about.",
  "accounts": [
    {
      "id": "111111111111",
      "users": [
        {
          "name": "me",
          "inline_policies": {
            "MyPolicy": {
              "Version": "2012-10-17",
              "Statement": [
                { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }
              ]
            }
          }
        }
      ]
    }
  ],
  "steps": [
    {
      "name": "I read an object",
      "request": { "principal": "arn:aws:iam::111111111111:user/me", "action": "s3:GetObject", "resource": "arn:aws:s3:::my-bucket/report.csv" }
    }
  ]
}
"#;

#[function_component(Welcome)]
pub fn welcome() -> Html {
    let Some(store) = use_store() else { return html! {} };
    let gallery = {
        let store = store.clone();
        Callback::from(move |_| {
            store.dispatch(Action::Welcomed);
            crate::on_demand::launch::open(&store, "gallery", "");
        })
    };
    let own = {
        let store = store.clone();
        Callback::from(move |_| {
            store.dispatch(Action::Welcomed);
            store.dispatch(Action::Open(OWN_POLICY.to_string()));
        })
    };
    let help = {
        let store = store.clone();
        Callback::from(move |_| crate::on_demand::launch::open(&store, "help", ""))
    };
    let close = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Welcomed))
    };
    html! {
        <section class="welcome" aria-labelledby="welcome-title">
            <h2 id="welcome-title">{"Understand AWS IAM by trying it"}</h2>
            <p>{"Model users, groups, roles and their policies; run requests and role assumptions; see every allow and deny explained, and what would change it. Everything runs in your browser: nothing is sent anywhere."}</p>
            <div class="welcome-ways">
                <a class="button primary" href="#lesson=users-and-groups&step=1">{"Start the first lesson"}</a>
                <button class="button" onclick={gallery}>{"Browse the examples"}</button>
                <button class="button" id="welcome-own" onclick={own}>{"Try your own policy"}</button>
                <button class="button" onclick={help}>{"Help"}</button>
                <button class="button" onclick={close}>{"Not now"}</button>
            </div>
            <p class="muted">{"Below is an example to explore: bob's break-glass admin role."}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn your_own_policy_opens_a_valid_scenario_whose_step_is_allowed() {
        let a = crate::analysis::analyse(super::OWN_POLICY);
        assert_eq!(a.errors, 0, "{:?}", a.diagnostics);
        let results = a.results.unwrap();
        assert_eq!(results[0].decision, Some(iam_core::Decision::Allowed));
    }
}
