//! The decision from the traced policies, following the IAM evaluation logic:
//! explicit deny, then RCPs and SCPs per level, then the resource policy,
//! identity policies, permissions boundary and session policy, with the
//! same-account / cross-account and special-principal rules.

use crate::explain::{Decision, Layer, LayerNote, LayerTrace, PolicyTrace, StatementRef, Verdict};
use crate::matching::principal::{Caller, Grant};
use crate::policy::Effect;

pub(super) struct Scope<'a> {
    pub caller: &'a Caller,
    pub same_account: bool,
    pub explicit_required: bool,
    pub trust: bool,
    pub has_scps: Option<usize>,
    pub has_rcps: Option<usize>,
    pub has_resource_policy: bool,
    pub has_boundary: bool,
    pub has_session_policy: bool,
}

pub(super) struct Outcome {
    pub decision: Decision,
    pub layer: Layer,
    pub level: Option<usize>,
    pub determining: Vec<StatementRef>,
    pub layers: Vec<LayerTrace>,
}

impl Scope<'_> {
    fn identity_based(&self) -> bool {
        matches!(
            self.caller,
            Caller::User { .. } | Caller::Role { .. } | Caller::AssumedRole { .. } | Caller::FederatedUser { .. }
        )
    }

    /// Whether a layer's statements count for this caller at all.
    fn applies(&self, layer: Layer) -> bool {
        let slr = self.caller.is_service_linked_role();
        match layer {
            Layer::Rcp => !slr,
            Layer::Scp => self.caller.is_iam_principal() && !slr,
            Layer::ResourcePolicy => true,
            Layer::IdentityPolicies | Layer::PermissionsBoundary => self.identity_based(),
            Layer::SessionPolicy => self.caller.is_session(),
        }
    }
}

/// Statements of traced policies that apply, filtered by layer and effect.
fn refs<'p>(
    policies: &'p [PolicyTrace],
    layer: Layer,
    level: Option<usize>,
    effect: Effect,
) -> impl Iterator<Item = (StatementRef, Option<Grant>)> + 'p {
    policies.iter().filter(move |p| p.layer == layer && (level.is_none() || p.level == level)).flat_map(move |p| {
        p.statements
            .iter()
            .filter(move |s| s.applies && s.effect == effect)
            .map(move |s| (StatementRef::to(p, s), s.grant))
    })
}

/// Whether any statement of the layer (and level) with this effect applies.
fn any_applies(policies: &[PolicyTrace], layer: Layer, level: Option<usize>, effect: Effect) -> bool {
    policies
        .iter()
        .filter(|p| p.layer == layer && (level.is_none() || p.level == level))
        .any(|p| p.statements.iter().any(|s| s.applies && s.effect == effect))
}

fn allows(policies: &[PolicyTrace], layer: Layer) -> Vec<StatementRef> {
    refs(policies, layer, None, Effect::Allow).map(|(r, _)| r).collect()
}

pub(super) fn decide(scope: &Scope<'_>, policies: &[PolicyTrace]) -> Outcome {
    let denies: Vec<(StatementRef, Layer, Option<usize>)> = Layer::ALL
        .iter()
        .filter(|l| scope.applies(**l))
        .flat_map(|l| {
            policies.iter().filter(move |p| p.layer == *l).flat_map(move |p| {
                p.statements
                    .iter()
                    .filter(|s| s.applies && s.effect == Effect::Deny)
                    .map(move |s| (StatementRef::to(p, s), p.layer, p.level))
            })
        })
        .collect();
    let facts = Facts::gather(scope, policies);
    let layers = layer_traces(scope, policies, &facts);
    if let Some((_, layer, level)) = denies.first() {
        let (layer, level) = (*layer, *level);
        return Outcome {
            decision: Decision::ExplicitDeny,
            layer,
            level,
            determining: denies.into_iter().map(|d| d.0).collect(),
            layers,
        };
    }
    let scp_gap = layers.iter().find(|l| l.layer == Layer::Scp && l.verdict == Verdict::ImplicitDeny);
    let (decision, layer, level, determining) = match scp_gap {
        Some(l) => (Decision::ImplicitDeny, Layer::Scp, l.level, Vec::new()),
        None => {
            let (d, layer, refs) = principal_decision(scope, &facts);
            (d, layer, None, refs)
        }
    };
    Outcome { decision, layer, level, determining, layers }
}

/// What the resource, identity, boundary and session layers say.
struct Facts {
    rbp_grant: Option<Grant>,
    rbp_allows: Vec<StatementRef>,
    rbp_direct: Vec<StatementRef>,
    identity_allows: Vec<StatementRef>,
    identity_ok: bool,
    boundary_ok: bool,
    session_ok: bool,
}

impl Facts {
    fn gather(scope: &Scope<'_>, policies: &[PolicyTrace]) -> Facts {
        let rbp: Vec<(StatementRef, Option<Grant>)> =
            refs(policies, Layer::ResourcePolicy, None, Effect::Allow).collect();
        let rbp_grant = rbp.iter().filter_map(|(_, g)| *g).max();
        let rbp_direct = rbp.iter().filter(|(_, g)| *g == Some(Grant::Direct)).map(|(r, _)| r.clone()).collect();
        let identity_allows = allows(policies, Layer::IdentityPolicies);
        let root = matches!(scope.caller, Caller::Root { .. });
        let boundary_ok = !scope.has_boundary
            || !scope.identity_based()
            || any_applies(policies, Layer::PermissionsBoundary, None, Effect::Allow);
        let session_allows = any_applies(policies, Layer::SessionPolicy, None, Effect::Allow);
        let session_ok = match scope.caller {
            Caller::FederatedUser { .. } => scope.has_session_policy && session_allows,
            Caller::Role { .. } | Caller::AssumedRole { .. } => !scope.has_session_policy || session_allows,
            _ => true,
        };
        Facts {
            rbp_grant,
            rbp_allows: rbp.into_iter().map(|(r, _)| r).collect(),
            rbp_direct,
            identity_ok: root || !identity_allows.is_empty(),
            identity_allows,
            boundary_ok,
            session_ok,
        }
    }

    /// The first principal-side layer that fails, when the identity side is needed.
    fn principal_gap(&self, identity_ok: bool) -> Option<Layer> {
        if !identity_ok {
            Some(Layer::IdentityPolicies)
        } else if !self.boundary_ok {
            Some(Layer::PermissionsBoundary)
        } else if !self.session_ok {
            Some(Layer::SessionPolicy)
        } else {
            None
        }
    }
}

type Verdict3 = (Decision, Layer, Vec<StatementRef>);

fn implicit(layer: Layer) -> Verdict3 {
    (Decision::ImplicitDeny, layer, Vec::new())
}

fn principal_decision(scope: &Scope<'_>, f: &Facts) -> Verdict3 {
    match scope.caller {
        Caller::Service { .. } | Caller::Anonymous | Caller::WebIdentity { .. } => {
            if f.rbp_grant == Some(Grant::Direct) {
                (Decision::Allowed, Layer::ResourcePolicy, f.rbp_direct.clone())
            } else {
                implicit(Layer::ResourcePolicy)
            }
        }
        Caller::Root { .. } => {
            if scope.same_account && !scope.explicit_required {
                (Decision::Allowed, Layer::IdentityPolicies, Vec::new())
            } else if f.rbp_grant.is_some() {
                (Decision::Allowed, Layer::ResourcePolicy, f.rbp_allows.clone())
            } else {
                implicit(Layer::ResourcePolicy)
            }
        }
        _ if scope.same_account => same_account(scope, f),
        _ => {
            if f.rbp_grant.is_none() {
                return implicit(Layer::ResourcePolicy);
            }
            match f.principal_gap(f.identity_ok) {
                Some(layer) => implicit(layer),
                None => (
                    Decision::Allowed,
                    Layer::IdentityPolicies,
                    [f.rbp_allows.clone(), f.identity_allows.clone()].concat(),
                ),
            }
        }
    }
}

fn same_account(scope: &Scope<'_>, f: &Facts) -> Verdict3 {
    if f.rbp_grant == Some(Grant::Direct) {
        // A trust policy naming the caller still needs the caller's boundary to allow.
        if scope.trust && !f.boundary_ok {
            return implicit(Layer::PermissionsBoundary);
        }
        return (Decision::Allowed, Layer::ResourcePolicy, f.rbp_direct.clone());
    }
    if scope.explicit_required && f.rbp_grant.is_none() {
        return implicit(Layer::ResourcePolicy);
    }
    let role_named = f.rbp_grant == Some(Grant::Role);
    if let Some(layer) = f.principal_gap(f.identity_ok || role_named) {
        return implicit(layer);
    }
    if f.identity_ok {
        let mut determining = if scope.explicit_required { f.rbp_allows.clone() } else { Vec::new() };
        determining.extend(f.identity_allows.iter().cloned());
        (Decision::Allowed, Layer::IdentityPolicies, determining)
    } else {
        (Decision::Allowed, Layer::ResourcePolicy, f.rbp_allows.clone())
    }
}

fn layer_traces(scope: &Scope<'_>, policies: &[PolicyTrace], f: &Facts) -> Vec<LayerTrace> {
    let idx = |layer: Layer, level: Option<usize>| -> Vec<usize> {
        policies.iter().enumerate().filter(|(_, p)| p.layer == layer && p.level == level).map(|(i, _)| i).collect()
    };
    let has = |layer: Layer, level: Option<usize>, effect: Effect| any_applies(policies, layer, level, effect);
    let trace = |layer, level, verdict, note| LayerTrace {
        layer,
        level,
        verdict,
        note,
        policies: idx(layer, level),
        name: None,
    };
    let mut out = Vec::new();
    let slr = scope.caller.is_service_linked_role();
    match scope.has_rcps {
        None => out.push(trace(Layer::Rcp, None, Verdict::NotApplicable, Some(LayerNote::NoOrganization))),
        Some(levels) => out.extend((0..levels).map(|l| {
            let level = Some(l);
            if slr {
                trace(Layer::Rcp, level, Verdict::NotApplicable, Some(LayerNote::ServiceLinkedRoleExempt))
            } else if has(Layer::Rcp, level, Effect::Deny) {
                trace(Layer::Rcp, level, Verdict::ExplicitDeny, None)
            } else {
                trace(Layer::Rcp, level, Verdict::Allows, Some(LayerNote::ImplicitRcpFullAwsAccess))
            }
        })),
    }
    match scope.has_scps {
        None => out.push(trace(Layer::Scp, None, Verdict::NotApplicable, Some(LayerNote::NoOrganization))),
        Some(levels) => out.extend((0..levels).map(|l| {
            let level = Some(l);
            if !scope.applies(Layer::Scp) {
                let note = if slr { LayerNote::ServiceLinkedRoleExempt } else { LayerNote::NotAnIamPrincipal };
                trace(Layer::Scp, level, Verdict::NotApplicable, Some(note))
            } else if has(Layer::Scp, level, Effect::Deny) {
                trace(Layer::Scp, level, Verdict::ExplicitDeny, None)
            } else if has(Layer::Scp, level, Effect::Allow) {
                trace(Layer::Scp, level, Verdict::Allows, None)
            } else {
                trace(Layer::Scp, level, Verdict::ImplicitDeny, None)
            }
        })),
    }
    out.push(resource_trace(
        scope,
        f,
        has(Layer::ResourcePolicy, None, Effect::Deny),
        trace(Layer::ResourcePolicy, None, Verdict::NoEffect, None),
    ));
    out.extend(principal_traces(scope, policies, f, &trace));
    out
}

fn resource_trace(scope: &Scope<'_>, f: &Facts, denies: bool, mut t: LayerTrace) -> LayerTrace {
    let needs_grant = scope.explicit_required || !scope.same_account;
    let (verdict, note) = if denies {
        (Verdict::ExplicitDeny, None)
    } else if let Some(grant) = f.rbp_grant {
        let note = match grant {
            Grant::Role => Some(LayerNote::RoleNamedByResourcePolicy),
            Grant::Account => Some(LayerNote::AccountDelegationNeedsIdentityAllow),
            Grant::Direct => None,
        };
        (Verdict::Allows, note)
    } else if needs_grant {
        let note = if scope.explicit_required {
            LayerNote::ExplicitAllowRequired
        } else {
            LayerNote::CrossAccountRequiresBothSides
        };
        (Verdict::ImplicitDeny, Some(note))
    } else if !scope.has_resource_policy {
        (Verdict::NotApplicable, Some(LayerNote::NoPolicy))
    } else {
        (Verdict::NoEffect, None)
    };
    t.verdict = verdict;
    t.note = note;
    t
}

fn principal_traces(
    scope: &Scope<'_>,
    policies: &[PolicyTrace],
    f: &Facts,
    trace: &dyn Fn(Layer, Option<usize>, Verdict, Option<LayerNote>) -> LayerTrace,
) -> Vec<LayerTrace> {
    let denies = |layer| any_applies(policies, layer, None, Effect::Deny);
    let bypass = scope.same_account && f.rbp_grant == Some(Grant::Direct);
    let identity = if matches!(scope.caller, Caller::Root { .. }) {
        trace(Layer::IdentityPolicies, None, Verdict::Allows, Some(LayerNote::RootUserFullAccess))
    } else if !scope.identity_based() {
        trace(Layer::IdentityPolicies, None, Verdict::NotApplicable, Some(LayerNote::NotAnIamPrincipal))
    } else if denies(Layer::IdentityPolicies) {
        trace(Layer::IdentityPolicies, None, Verdict::ExplicitDeny, None)
    } else if f.identity_ok {
        trace(Layer::IdentityPolicies, None, Verdict::Allows, None)
    } else if bypass {
        trace(Layer::IdentityPolicies, None, Verdict::NotRequired, Some(LayerNote::GrantedByResourcePolicy))
    } else if scope.same_account && f.rbp_grant == Some(Grant::Role) {
        trace(Layer::IdentityPolicies, None, Verdict::NotRequired, Some(LayerNote::RoleNamedByResourcePolicy))
    } else {
        trace(Layer::IdentityPolicies, None, Verdict::ImplicitDeny, None)
    };
    let boundary = if !scope.identity_based() || !scope.has_boundary {
        trace(Layer::PermissionsBoundary, None, Verdict::NotApplicable, Some(LayerNote::NoPolicy))
    } else if denies(Layer::PermissionsBoundary) {
        trace(Layer::PermissionsBoundary, None, Verdict::ExplicitDeny, None)
    } else if f.boundary_ok {
        trace(Layer::PermissionsBoundary, None, Verdict::Allows, None)
    } else if bypass && scope.trust {
        trace(Layer::PermissionsBoundary, None, Verdict::ImplicitDeny, Some(LayerNote::BoundaryAppliesToAssumeRole))
    } else if bypass {
        trace(Layer::PermissionsBoundary, None, Verdict::NotRequired, Some(LayerNote::GrantedByResourcePolicy))
    } else {
        trace(Layer::PermissionsBoundary, None, Verdict::ImplicitDeny, None)
    };
    let session = match scope.caller {
        _ if !scope.caller.is_session() => {
            trace(Layer::SessionPolicy, None, Verdict::NotApplicable, Some(LayerNote::NotASession))
        }
        _ if denies(Layer::SessionPolicy) => trace(Layer::SessionPolicy, None, Verdict::ExplicitDeny, None),
        Caller::FederatedUser { .. } if !scope.has_session_policy => {
            let verdict = if bypass { Verdict::NotRequired } else { Verdict::ImplicitDeny };
            trace(Layer::SessionPolicy, None, verdict, Some(LayerNote::FederatedUserWithoutSessionPolicy))
        }
        _ if !scope.has_session_policy => {
            trace(Layer::SessionPolicy, None, Verdict::Allows, Some(LayerNote::RoleSessionWithoutSessionPolicy))
        }
        _ if f.session_ok => trace(Layer::SessionPolicy, None, Verdict::Allows, None),
        _ if bypass => {
            trace(Layer::SessionPolicy, None, Verdict::NotRequired, Some(LayerNote::GrantedByResourcePolicy))
        }
        _ => trace(Layer::SessionPolicy, None, Verdict::ImplicitDeny, None),
    };
    vec![identity, boundary, session]
}
