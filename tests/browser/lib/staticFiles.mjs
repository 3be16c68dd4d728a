// Serves the built dashboard (services/dashboard/dist) for the mocked-API test, like the API does at "/".
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Answers a GET for a file under `root`; falls back to index.html (SPA). Returns false if not handled. */
export function serveStatic(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = normalize(join(root, urlPath));
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(404).end();
    return true;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  // The security contract's headers, so the browser tests catch anything the dashboard's CSP would block.
  const headers = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' };
  if (type.startsWith('text/html')) {
    // the same policy as services/api (request_pipeline.cpp)
    headers['Content-Security-Policy'] =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    headers['Referrer-Policy'] = 'no-referrer';
  }
  res.writeHead(200, headers);
  createReadStream(file).pipe(res);
  return true;
}
