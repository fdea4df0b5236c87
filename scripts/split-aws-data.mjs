// Splits the committed AWS data into the chunks the browser loads on demand:
//   node scripts/split-aws-data.mjs [out dir]      (default: $TRUNK_STAGING_DIR/aws-data)
//   node scripts/split-aws-data.mjs --report       (sizes only, written nowhere)
// Run by Trunk after each build (Trunk.toml, post_build hook), so the chunks
// are never committed and always match the committed data.
//
// index.json            versions, dates and licences; every service's name and
//                       condition keys; every AWS managed policy ARN and version
// services/<prefix>.json one service as the whole catalogue writes it
// managed/<name>.json    {"version", "document"} of one AWS managed policy
//                       (<name> is the ARN after `policy/`, paths included)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const data = join(root, 'crates', 'iam-core', 'data');
const catalogue = JSON.parse(readFileSync(join(data, 'aws-catalogue', 'catalogue.json'), 'utf8'));
const managed = JSON.parse(readFileSync(join(data, 'aws-managed-policies', 'policies.json'), 'utf8'));
const PREFIX = 'arn:aws:iam::aws:policy/';

const files = new Map();
const services = {};
for (const [prefix, service] of Object.entries(catalogue.services)) {
  if (!/^[a-z0-9-]+$/.test(prefix)) throw new Error(`service prefix ${prefix} cannot be a file name`);
  services[prefix] = { name: service.name, keys: service.keys };
  files.set(`services/${prefix}.json`, JSON.stringify(service));
}
const policies = {};
for (const [arn, policy] of Object.entries(managed.policies)) {
  const name = arn.startsWith(PREFIX) ? arn.slice(PREFIX.length) : null;
  if (!name || name.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`managed policy ${arn} cannot be a file name`);
  }
  policies[arn] = policy.version;
  files.set(`managed/${name}.json`, JSON.stringify({ version: policy.version, document: policy.document }));
}
const { services: _, ...about } = catalogue;
const { policies: __, ...managedAbout } = managed;
files.set('index.json', JSON.stringify({ ...about, services, managed: { ...managedAbout, policies } }));

const size = (text) => [Buffer.byteLength(text), gzipSync(text).length];
const median = (prefix) => {
  const sizes = [...files].filter(([p]) => p.startsWith(prefix)).map(([, t]) => size(t)).sort((a, b) => a[1] - b[1]);
  return sizes[sizes.length >> 1];
};
const total = [...files.values()].map(size).reduce((a, b) => [a[0] + b[0], a[1] + b[1]], [0, 0]);
const kb = ([raw, gz]) => `${(raw / 1000).toFixed(1)} KB (${(gz / 1000).toFixed(1)} KB gzip)`;
const report = [
  `aws-data: ${files.size} files, ${kb(total)}`,
  `  index.json ${kb(size(files.get('index.json')))}`,
  `  median service chunk ${kb(median('services/'))}; s3 ${kb(size(files.get('services/s3.json')))}; ec2 ${kb(size(files.get('services/ec2.json')))}`,
  `  median managed policy ${kb(median('managed/'))}`,
].join('\n');

if (process.argv[2] === '--report') {
  console.log(report);
} else {
  const staging = process.env.TRUNK_STAGING_DIR;
  const out = process.argv[2] ?? (staging && join(staging, 'aws-data'));
  if (!out) {
    console.error('usage: split-aws-data.mjs <out dir> | --report (or run from Trunk, which sets TRUNK_STAGING_DIR)');
    process.exit(2);
  }
  for (const [path, text] of files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
  }
  console.log(report);
}
