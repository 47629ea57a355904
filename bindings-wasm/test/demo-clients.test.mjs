// The demo clients of examples/node against a stand-in for the demo gateway:
// a 127.0.0.1 server that verifies signatures with @smithy/signature-v4,
// refuses /prod/denied by policy and answers STS AssumeRole with temporary
// credentials. Each client must print one line per call with the expected
// status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { verify } from './helpers/verifying-server.mjs';

const examples = fileURLToPath(new URL('../../examples/node/', import.meta.url));
const ROLE = 'arn:aws:iam::111122223333:role/demo-client';
const keys = { AKIDDEMO: { secretAccessKey: 'demo/secret/key' } };
let server;
let origin;

function reply(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(type === 'application/json' ? JSON.stringify(body) : body);
}

before(async () => {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const sts = req.method === 'POST' && req.url === '/';
      const scope = { region: 'us-east-1', service: sts ? 'sts' : 'execute-api' };
      const verdict = await verify({ method: req.method, target: req.url, rawHeaders: req.rawHeaders, body }, keys, scope).catch((e) => ({ ok: false, reason: e.message }));
      if (!verdict.ok) return reply(res, 403, { message: `Forbidden: ${verdict.reason}` });
      if (sts) {
        const form = new URLSearchParams(body.toString());
        if (form.get('Action') !== 'AssumeRole' || form.get('RoleArn') !== ROLE) return reply(res, 400, { message: 'bad STS call' });
        const id = `ASIA${randomBytes(6).toString('hex').toUpperCase()}`;
        keys[id] = { secretAccessKey: randomBytes(20).toString('base64'), sessionToken: randomBytes(40).toString('base64') };
        const xml = `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${id}</AccessKeyId><SecretAccessKey>${keys[id].secretAccessKey}</SecretAccessKey><SessionToken>${keys[id].sessionToken}</SessionToken><Expiration>${new Date(Date.now() + 3600_000).toISOString()}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;
        return reply(res, 200, xml, 'text/xml');
      }
      const path = req.url.split('?')[0];
      if (path === '/prod/denied') return reply(res, 403, { message: 'User is not authorized to access this resource' });
      if (path === '/prod/hello') return reply(res, 200, { message: `Hello from ${verdict.accessKeyId}` });
      return reply(res, 404, { message: 'Not found' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));

const EXPECTED = { allowed: '200', unsigned: '403', tampered: '403', denied: '403', presigned: '200', 'assume-role': '200' };

for (const client of ['axios-client.mjs', 'fetch-client.mjs']) {
  test(`examples/node/${client} makes every demo call with the expected status`, async () => {
    assert.ok(existsSync(`${examples}node_modules`), 'examples/node has no node_modules: run make setup-wasm');
    const env = { ...process.env, SIGV4KIT_ENDPOINT: origin, AWS_ACCESS_KEY_ID: 'AKIDDEMO', AWS_SECRET_ACCESS_KEY: keys.AKIDDEMO.secretAccessKey, AWS_REGION: 'us-east-1', DEMO_ROLE_ARN: ROLE };
    delete env.AWS_SESSION_TOKEN;
    const { stdout } = await promisify(execFile)(process.execPath, [client], { cwd: examples, env });
    const lines = stdout.trim().split('\n').map((line) => line.split('\t'));
    assert.deepEqual(lines.map(([call]) => call), Object.keys(EXPECTED));
    for (const [call, status, message] of lines) {
      assert.equal(status, EXPECTED[call], `${call}: ${message}`);
      assert.ok(message.length <= 80);
    }
    assert.match(lines.find(([call]) => call === 'assume-role')[2], /Hello from ASIA/);
  });
}
