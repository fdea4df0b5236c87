//! The help dialog: the model, how AWS decides, the keyboard, and where
//! work is kept.

use crate::components::dialog::Dialog;
use yew::prelude::*;

#[function_component(HelpDialog)]
pub fn help_dialog() -> Html {
    let (open, close) = crate::components::dialog::use_closable();
    if !*open {
        return html! {};
    }
    html! {
        <Dialog labelled_by="help-title" on_close={close.clone()} class="help-dialog">
            <div class="dialog-head">
                <h2 id="help-title">{"Help"}</h2>
                <button class="button" onclick={close.reform(|_: MouseEvent| ())}>{"Close"}</button>
            </div>
            <h3>{"The model"}</h3>
            <p>{"A scenario is one JSON document: accounts with their users, groups, roles, policies and resources; optionally an organization with its SCPs and RCPs; and steps. A step is a request (a principal, an action, a resource and its context) or a role assumption through STS, which creates a session later steps can use (\"session:<id>\"). The full format is in docs/scenario-format.md of the project."}</p>
            <ul>
                <li><strong>{"Users"}</strong>{" are long-term identities for people, with a password and access keys."}</li>
                <li><strong>{"Groups"}</strong>{" carry the policies their users share."}</li>
                <li><strong>{"Roles"}</strong>{" are assumed through STS for temporary credentials. The trust policy says who may assume the role; its permission policies say what the session may do."}</li>
                <li><strong>{"Policies"}</strong>{" are JSON statements that allow or deny actions on resources, under conditions."}</li>
            </ul>
            <h3>{"How AWS decides"}</h3>
            <ol>
                <li>{"An explicit Deny in any policy that applies ends it: denied."}</li>
                <li>{"Organizations: every SCP and RCP on the path from the root to the account must allow the request."}</li>
                <li>{"A resource-based policy (a bucket policy, a trust policy) can allow on its own, in the same account."}</li>
                <li>{"Identity policies must allow it, within the permissions boundary and the session policy when there are any."}</li>
                <li>{"Nothing allows it: denied implicitly. Across accounts, both the identity's account and the resource's must allow."}</li>
            </ol>
            <p>{"Select a step and open Layers to see each of these gates for it, with the statements that decided."}</p>
            <h3>{"The keyboard"}</h3>
            <ul>
                <li><kbd>{"Ctrl"}</kbd>{"+"}<kbd>{"Z"}</kbd>{" undoes any change, from any panel; "}<kbd>{"Ctrl"}</kbd>{"+"}<kbd>{"Shift"}</kbd>{"+"}<kbd>{"Z"}</kbd>{" redoes. (⌘ on a Mac.)"}</li>
                <li>{"In the editor, Tab indents and Ctrl+Space completes actions, condition keys and AWS managed policies. Press Esc, then Tab, to leave it."}</li>
                <li><kbd>{"Ctrl"}</kbd>{"+"}<kbd>{"F"}</kbd>{" in the editor finds in the whole scenario, however long (the browser's own find sees only the lines laid out): Enter goes to the next place, Shift+Enter to the one before, Esc returns to the editor with the place selected."}</li>
                <li>{"Esc closes a dialog; Tab stays inside it while it is open."}</li>
                <li>{"The first link of the page skips to the editor."}</li>
            </ul>
            <h3>{"Where your work is kept"}</h3>
            <p>{"In this browser only. Every scenario is saved as you work, in the browser's local storage, and listed in the Library; nothing is sent anywhere, not even to evaluate: that runs in the page. Clearing this site's data removes your scenarios. Export saves a file; Share makes a link that holds the whole scenario in its address."}</p>
        </Dialog>
    }
}
