#!/usr/bin/env node
// Writes a synthetic `aws iam get-account-authorization-details` answer of
// any size, shaped like AWS's output, for import and analysis tests:
//   node scripts/generate-authorization-details.mjs USERS ROLES POLICIES > account.json
// (defaults 500 users, 2,000 roles, 3,000 policies: about 5 MB).
// Every document is synthetic; nothing comes from a real account.
const [users = 500, roles = 2000, policies = 3000] = process.argv.slice(2).map(Number);
const account = '111122223333';
const date = '2025-01-01T00:00:00+00:00';
const doc = (i) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: `Data${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 'dynamodb:Query'],
      Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:dynamodb:eu-west-1:${account}:table/t${i}`],
      Condition: { StringEquals: { 'aws:PrincipalTag/team': `t${i % 10}` } } },
    ...(i % 100 === 0 ? [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${account}:role/r${i / 100}*` }] : []),
  ],
});
const attached = (n) => [{ PolicyName: `P${n % policies}`, PolicyArn: `arn:aws:iam::${account}:policy/P${n % policies}` }];
const groups = Math.max(1, Math.floor(users / 10));
const out = {
  UserDetailList: Array.from({ length: users }, (_, u) => ({
    Path: '/', UserName: `u${u}`, UserId: `AIDA${String(u).padStart(16, '0')}`, Arn: `arn:aws:iam::${account}:user/u${u}`,
    CreateDate: date, GroupList: [`g${u % groups}`], AttachedManagedPolicies: attached(u * 7),
    UserPolicyList: [], Tags: [{ Key: 'team', Value: `t${u % 10}` }],
  })),
  GroupDetailList: Array.from({ length: groups }, (_, g) => ({
    Path: '/', GroupName: `g${g}`, GroupId: `AGPA${String(g).padStart(16, '0')}`, Arn: `arn:aws:iam::${account}:group/g${g}`,
    CreateDate: date, GroupPolicyList: [], AttachedManagedPolicies: attached(g * 60),
  })),
  RoleDetailList: Array.from({ length: roles }, (_, r) => ({
    Path: '/', RoleName: `r${r}`, RoleId: `AROA${String(r).padStart(16, '0')}`, Arn: `arn:aws:iam::${account}:role/r${r}`,
    CreateDate: date,
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow',
      Principal: r % 4 === 0 ? { Service: 'lambda.amazonaws.com' } : { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] },
    InstanceProfileList: [], RolePolicyList: [],
    AttachedManagedPolicies: r % 500 === 0 ? [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] : attached(r * 3),
    RoleLastUsed: {},
  })),
  Policies: Array.from({ length: policies }, (_, p) => ({
    PolicyName: `P${p}`, PolicyId: `ANPA${String(p).padStart(16, '0')}`, Arn: `arn:aws:iam::${account}:policy/P${p}`, Path: '/',
    DefaultVersionId: 'v2', AttachmentCount: 1, PermissionsBoundaryUsageCount: 0, IsAttachable: true, CreateDate: date, UpdateDate: date,
    PolicyVersionList: [
      { Document: doc(p), VersionId: 'v2', IsDefaultVersion: true, CreateDate: date },
      { Document: doc(p + 1), VersionId: 'v1', IsDefaultVersion: false, CreateDate: date },
    ],
  })),
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
