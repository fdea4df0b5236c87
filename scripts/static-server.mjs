// A small static server for dist/, shared by scripts/serve.mjs and the e2e
// run. Paths are decoded safely (a malformed one is a 400, never a crash),
// and only regular files inside the root are served: `..`, encoded slashes
// and symlinks that lead outside give 404. Unknown paths fall back to
// index.html, as the single-page app expects.
import { createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
};

const inside = (root, file) => file === root || file.startsWith(root + sep);

// `no-cache`: the worker's files keep their names from build to build, and a
// cached old worker must never talk to a new page. The ETag lets the browser
// keep what it has (the AWS data chunks above all) and revalidate it cheaply.
function reply(res, status, type, body, etag) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', ...(etag ? { etag } : {}) });
  res.end(body);
}

export async function resolveRequest(root, url) {
  let path;
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return { status: 400, message: 'bad request: malformed percent-encoding\n' };
  }
  if (path.includes('\0')) return { status: 400, message: 'bad request\n' };
  const wanted = resolve(root, '.' + (path === '/' ? '/index.html' : path));
  if (!inside(root, wanted)) return { status: 404, message: 'not found\n' };
  let file = wanted;
  // The AWS data is fetched by the worker, which must hear of a missing chunk.
  const fallback = path.startsWith('/aws-data/') ? null : join(root, 'index.html');
  try {
    if (!(await stat(file)).isFile()) file = fallback;
  } catch {
    file = fallback;
  }
  if (!file) return { status: 404, message: 'not found\n' };
  try {
    if (!inside(await realpath(root), await realpath(file))) return { status: 404, message: 'not found\n' };
  } catch {
    return { status: 404, message: 'not found\n' };
  }
  return { status: 200, file };
}

export function staticServer(dist) {
  const root = resolve(dist);
  return createServer(async (req, res) => {
    const found = await resolveRequest(root, req.url ?? '/');
    if (found.status !== 200) return reply(res, found.status, 'text/plain', found.message);
    try {
      const info = await stat(found.file);
      const etag = `W/"${info.size}-${Math.floor(info.mtimeMs)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { 'cache-control': 'no-cache', etag });
        return res.end();
      }
      reply(res, 200, TYPES[extname(found.file)] ?? 'application/octet-stream', await readFile(found.file), etag);
    } catch {
      reply(res, 500, 'text/plain', 'cannot read the file\n');
    }
  });
}
