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
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verify } from './helpers/verifying-server.mjs';

const examples = fileURLToPath(new URL('../../examples/node/', import.meta.url));
const ROLE = 'arn:aws:iam::111122223333:role/demo-client';
// A role the demo user may assume whose sessions the API refuses.
const OUTSIDER = 'arn:aws:iam::111122223333:role/demo-outsider';
const outsiders = new Set();
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
        if (form.get('Action') !== 'AssumeRole' || ![ROLE, OUTSIDER].includes(form.get('RoleArn'))) return reply(res, 400, { message: 'bad STS call' });
        const id = `ASIA${randomBytes(6).toString('hex').toUpperCase()}`;
        keys[id] = { secretAccessKey: randomBytes(20).toString('base64'), sessionToken: randomBytes(40).toString('base64') };
        if (form.get('RoleArn') === OUTSIDER) outsiders.add(id);
        const xml = `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${id}</AccessKeyId><SecretAccessKey>${keys[id].secretAccessKey}</SecretAccessKey><SessionToken>${keys[id].sessionToken}</SessionToken><Expiration>${new Date(Date.now() + 3600_000).toISOString()}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;
        return reply(res, 200, xml, 'text/xml');
      }
      const path = req.url.split('?')[0];
      if (outsiders.has(verdict.accessKeyId)) return reply(res, 403, { message: 'User: arn:aws:sts::111122223333:assumed-role/demo-outsider/s is not authorized' });
      if (path === '/prod/denied') return reply(res, 403, { message: 'User is not authorized to access this resource' });
      if (path === '/prod/hello') return reply(res, 200, { message: `Hello from ${verdict.accessKeyId}` });
      return reply(res, 404, { message: 'Not found' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));

const EXPECTED = {
  allowed: '200',
  unsigned: '403',
  tampered: '403',
  denied: '403',
  presigned: '200',
  'profile-role': '200',
  'profile-role-denied': '403',
  'assume-role': '200',
};
// The shared files of the profile rows: both roles assumed with the user's keys.
const files = mkdtempSync(join(tmpdir(), 'sigv4kit-demo-'));
writeFileSync(
  join(files, 'config'),
  `[profile demo-role]\nrole_arn = ${ROLE}\nsource_profile = demo-user\n[profile demo-outsider]\nrole_arn = ${OUTSIDER}\nsource_profile = demo-user\n`,
);
writeFileSync(join(files, 'credentials'), `[demo-user]\naws_access_key_id = AKIDDEMO\naws_secret_access_key = ${keys.AKIDDEMO.secretAccessKey}\n`);
after(() => rmSync(files, { recursive: true, force: true }));

for (const client of ['axios-client.mjs', 'fetch-client.mjs']) {
  test(`examples/node/${client} makes every demo call with the expected status`, async () => {
    assert.ok(existsSync(`${examples}node_modules`), 'examples/node has no node_modules: run make setup-wasm');
    const env = { ...process.env, SIGV4KIT_ENDPOINT: origin, AWS_ACCESS_KEY_ID: 'AKIDDEMO', AWS_SECRET_ACCESS_KEY: keys.AKIDDEMO.secretAccessKey, AWS_REGION: 'us-east-1', DEMO_ROLE_ARN: ROLE,
      DEMO_PROFILE_ROLE: 'demo-role', DEMO_PROFILE_DENIED: 'demo-outsider', AWS_CONFIG_FILE: join(files, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(files, 'credentials'), AWS_ENDPOINT_URL_STS: origin, AWS_EC2_METADATA_DISABLED: 'true' };
    delete env.AWS_SESSION_TOKEN;
    const { stdout } = await promisify(execFile)(process.execPath, [client], { cwd: examples, env });
    const lines = stdout.trim().split('\n').map((line) => line.split('\t'));
    assert.deepEqual(lines.map(([call]) => call), Object.keys(EXPECTED));
    for (const [call, status, message] of lines) {
      assert.equal(status, EXPECTED[call], `${call}: ${message}`);
      assert.ok(message.length <= 80);
    }
    assert.match(lines.find(([call]) => call === 'assume-role')[2], /Hello from ASIA/);
    assert.match(lines.find(([call]) => call === 'profile-role')[2], /Hello from ASIA/);
  });
}
