// Adds a Content-Security-Policy to the built page that allows only the page's
// own resources, plus the hash of the inline module script Trunk injects.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'dist/index.html';
let html = readFileSync(file, 'utf8');
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "connect-src 'self'",
  // The evaluation worker's loader (same origin, never a blob: URL).
  "worker-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace(/<meta http-equiv="?Content-Security-Policy"?[^>]*>/i, '');
// The minified page may have no <head> tag; put the policy right after the
// charset declaration (or the <html> tag), before any script or stylesheet.
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
const anchor = html.match(/<meta charset=["']?utf-8["']?\s*\/?>/i) ?? html.match(/<html[^>]*>/i);
if (!anchor) {
  console.error('csp: found no place for the Content-Security-Policy in', file);
  process.exit(1);
}
html = html.replace(anchor[0], `${anchor[0]}${meta}`);
writeFileSync(file, html);
console.log(`csp: policy added with ${hashes.length} inline script hash(es)`);
