// Resolves the default credential chain once with the Node build and prints
// the outcome as JSON: what the cross-binding credential matrix compares
// with botocore (scripts/credential-matrix/). Input on stdin:
// {"env": {...}, "base": "http://127.0.0.1:PORT"}. Every request goes through
// a guard that refuses any host but 127.0.0.1; the container's link-local
// address 169.254.170.2 is redirected to `base` (and reported).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { resolveCredentialChain, sendHttp, CredentialChainError } = require('../../dist/node/index.node.js');

const { env, base } = JSON.parse(readFileSync(0, 'utf8'));
const urls = [];
const baseUrl = new URL(base);

async function guard(request) {
  urls.push(request.url);
  let { url, headers } = request;
  if (url.startsWith('http://169.254.170.2/')) {
    url = base + url.slice('http://169.254.170.2'.length);
    headers = headers.map(([n, v]) => [n, n.toLowerCase() === 'host' ? baseUrl.host : v]);
  }
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`test guard: refusing ${url}`);
  return sendHttp({ ...request, url, headers });
}

let out;
try {
  const r = await resolveCredentialChain({ env, transport: guard });
  const c = r.credentials;
  out = {
    outcome: 'ok',
    keys: [c.accessKeyId, c.secretAccessKey, c.sessionToken ?? null],
    expiry: c.expiration ? Math.floor(c.expiration.getTime() / 1000) : null,
    region: r.region ?? null,
    source: r.source,
  };
} catch (err) {
  if (!(err instanceof CredentialChainError)) throw err;
  out = { outcome: err.notFound ? 'none' : 'error', message: err.message, source: err.source, setting: err.setting };
}
out.urls = urls;
process.stdout.write(JSON.stringify(out) + '\n');
