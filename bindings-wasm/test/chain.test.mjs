// The default credential chain's single providers in Node, against the local
// credential endpoints (sigv4kit-cred-endpoints on 127.0.0.1; the matrix
// against botocore is scripts/credential-matrix/). Every request goes
// through a transport that refuses any host but 127.0.0.1.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { createInterface } from 'node:readline';
import {
  Signer,
  fromIni,
  fromInstanceMetadata,
  fromContainerMetadata,
  fromNodeProviderChain,
  fromProcess,
  fromTemporaryCredentials,
  sendHttp,
  CredentialChainError,
} from 'sigv4kit';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const BIN = process.env.SIGV4KIT_CRED_ENDPOINTS ?? join(ROOT, 'target/debug/sigv4kit-cred-endpoints');
const SOURCE = ['AKIDNODESOURCE', 'node-source-secret'];
const EXPIRES = new Date('2099-01-01T00:00:00Z');

let server;
let base;
let dir;
const seen = [];

async function guard(request) {
  seen.push(`${request.method} ${request.url}`);
  assert.equal(new URL(request.url).hostname, '127.0.0.1', `refusing ${request.url}`);
  return sendHttp(request);
}

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: cargo build -p sigv4kit-gateway --bin sigv4kit-cred-endpoints`);
  dir = mkdtempSync(join(tmpdir(), 'sigv4kit-chain-'));
  const config = join(dir, 'endpoints.json');
  writeFileSync(config, JSON.stringify({ keys: [SOURCE], container_token: 'Bearer node-token' }));
  // The server exits when its stdin closes.
  server = spawn(BIN, [config], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise((ok) => createInterface({ input: server.stdout }).once('line', ok));
  assert.match(line, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
  base = line.slice('listening on '.length);
});

after(() => {
  server?.stdin.end();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const home = () => {
  const h = mkdtempSync(join(dir, 'home-'));
  return h;
};

describe('single providers', () => {
  test('fromInstanceMetadata: IMDSv2 token, role, credentials', async () => {
    seen.length = 0;
    const provider = fromInstanceMetadata({
      env: { HOME: home(), AWS_EC2_METADATA_SERVICE_ENDPOINT: base },
      transport: guard,
    });
    const [a, b] = await Promise.all([provider(), provider()]);
    assert.equal(a, b, 'one resolution for concurrent callers');
    assert.match(a.accessKeyId, /^ASIA[0-9A-F]{16}$/);
    assert.deepEqual(a.expiration, EXPIRES);
    assert.deepEqual(seen, [
      `PUT ${base}/latest/api/token`,
      `GET ${base}/latest/meta-data/iam/security-credentials/`,
      `GET ${base}/latest/meta-data/iam/security-credentials/local-instance-role`,
    ]);
    await provider();
    assert.equal(seen.length, 3, 'cached until five minutes before expiry');
    assert.ok(!inspect(a).includes(a.secretAccessKey));
  });

  test('fromInstanceMetadata is off when AWS_EC2_METADATA_DISABLED=true', async () => {
    const provider = fromInstanceMetadata({ env: { HOME: home(), AWS_EC2_METADATA_DISABLED: 'true' }, transport: guard });
    await assert.rejects(provider(), (err) => err instanceof CredentialChainError && err.notFound && err.source === 'instance_metadata');
  });

  test('fromContainerMetadata sends the token and refuses plain HTTP to other hosts', async () => {
    const env = { HOME: home(), AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/container/x`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Bearer node-token' };
    const creds = await fromContainerMetadata({ env, transport: guard })();
    assert.match(creds.accessKeyId, /^ASIA/);
    const bad = { HOME: home(), AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://10.1.2.3/creds' };
    await assert.rejects(fromContainerMetadata({ env: bad, transport: guard })(), (err) => {
      assert.equal(err.setting, 'AWS_CONTAINER_CREDENTIALS_FULL_URI');
      assert.match(err.message, /plain http only to a loopback address/);
      return true;
    });
    const wrong = { ...env, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Bearer wrong-one' };
    await assert.rejects(fromContainerMetadata({ env: wrong, transport: guard })(), (err) => {
      assert.match(err.message, /HTTP 401/);
      assert.ok(!err.message.includes('wrong-one'));
      return true;
    });
  });

  test('fromTemporaryCredentials: AssumeRole signed with the given keys', async () => {
    const provider = fromTemporaryCredentials({
      roleArn: 'arn:aws:iam::111122223333:role/node-role',
      sourceCredentials: { accessKeyId: SOURCE[0], secretAccessKey: SOURCE[1] },
      roleSessionName: 'node-test',
      env: { AWS_ENDPOINT_URL_STS: base, AWS_REGION: 'eu-west-1' },
      transport: guard,
    });
    const creds = await provider();
    assert.match(creds.accessKeyId, /^ASIA/);
    assert.ok(creds.sessionToken.startsWith('local-session-token-'));
    assert.deepEqual(creds.expiration, EXPIRES);
    const refused = fromTemporaryCredentials({
      roleArn: 'arn:aws:iam::111122223333:role/node-role',
      sourceCredentials: { accessKeyId: SOURCE[0], secretAccessKey: 'not-the-secret' },
      env: { AWS_ENDPOINT_URL_STS: base, AWS_REGION: 'eu-west-1' },
      transport: guard,
    });
    await assert.rejects(refused(), /STS answered HTTP 403 \(SignatureDoesNotMatch\)/);
  });

  test('fromIni runs a role profile; fromProcess runs credential_process; mfa_serial needs a code provider', async () => {
    const h = home();
    const config = join(h, 'config');
    const credentials = join(h, 'credentials');
    writeFileSync(
      config,
      '[profile role]\nrole_arn = arn:aws:iam::111122223333:role/demo\nsource_profile = src\nregion = us-east-2\n' +
        `[profile proc]\ncredential_process = ${process.execPath} -e "console.log(JSON.stringify({Version:1,AccessKeyId:'AKIDNODEPROC',SecretAccessKey:'p'}))"\n` +
        '[profile mfa]\nrole_arn = arn:aws:iam::111122223333:role/demo\nsource_profile = src\nmfa_serial = arn:aws:iam::111122223333:mfa/me\n',
    );
    writeFileSync(credentials, `[src]\naws_access_key_id = ${SOURCE[0]}\naws_secret_access_key = ${SOURCE[1]}\n`);
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_ENDPOINT_URL_STS: base, AWS_EC2_METADATA_DISABLED: 'true' });
    try {
      const signer = new Signer({ region: 'us-east-2', service: 'execute-api', credentials: fromIni({ profile: 'role' }) });
      const signed = await signer.sign({ url: 'https://abc.execute-api.us-east-2.amazonaws.com/prod/' });
      assert.match(signed.authorization, /Credential=ASIA[0-9A-F]{16}\/\d{8}\/us-east-2\/execute-api\//);
      const proc = await fromProcess({ profile: 'proc' })();
      assert.equal(proc.accessKeyId, 'AKIDNODEPROC');
      await assert.rejects(fromNodeProviderChain({ profile: 'mfa' })(), (err) => err.setting === 'profile mfa: mfa_serial');
      const codes = [];
      const withMfa = await fromNodeProviderChain({ profile: 'mfa', mfaCodeProvider: (serial) => (codes.push(serial), '123456') })();
      assert.match(withMfa.accessKeyId, /^ASIA/);
      assert.deepEqual(codes, ['arn:aws:iam::111122223333:mfa/me']);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
