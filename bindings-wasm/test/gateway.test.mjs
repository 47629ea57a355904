// The package against the local gateway (on 127.0.0.1), which reads a
// request as API Gateway does: a raw '+' in a query is a space there, so the
// integrations must send a space as %20 and a plus as %2B; and
// fromCognitoIdentityPool against its Cognito identity pool stand-in
// (GetId and GetCredentialsForIdentity, JSON 1.1), whose credentials sign a
// call the gateway accepts: in Node, and from the browser builds (dist/web,
// dist/web-sigv4a), where the calls are a module fetched on first use
// (cognito-calls.js, test/bundle.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import { Signer, fromCognitoIdentityPool, SigV4Error } from 'sigv4kit';
import { sigv4Interceptor } from 'sigv4kit/axios';
import { createSignedFetch } from 'sigv4kit/fetch';

const DEMO = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const PARAMS = { q: 'a b+c', r: 'x+y z' };

const root = fileURLToPath(new URL('../../', import.meta.url));
const gatewayBin = process.env.GATEWAY_BIN ?? `${root}target/debug/sigv4kit-gateway`;
// The demo configuration's pool (examples/local-gateway/gateway.toml).
const POOL = 'us-east-1:00000000-0000-4000-8000-000000000000';
let gateway;
let origin;

before(async () => {
  gateway = spawn(gatewayBin, ['--listen', '127.0.0.1:0', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(createInterface({ input: gateway.stdout }), 'line');
  origin = line.split('listening on ')[1];
  assert.match(origin, /^http:\/\/127\.0\.0\.1:\d+$/);
});
after(async () => {
  gateway.kill('SIGTERM');
  await once(gateway, 'exit');
});

test('a guest identity gets temporary credentials that sign a call the gateway accepts', async () => {
  let calls = 0;
  const counting = (url, init) => {
    calls += 1;
    return fetch(url, init);
  };
  const credentials = fromCognitoIdentityPool({ identityPoolId: POOL, endpoint: `${origin}/`, fetch: counting });
  const first = await credentials();
  assert.match(first.accessKeyId, /^ASIA/);
  assert.ok(first.sessionToken && first.secretAccessKey);
  assert.ok(Number(first.expiration) > Date.now());
  assert.equal(calls, 2, 'GetId, then GetCredentialsForIdentity');
  await credentials();
  assert.equal(calls, 3, 'the identity id is kept: only GetCredentialsForIdentity again');

  const signer = new Signer({ region: 'us-east-1', service: 'execute-api', credentials });
  const signed = await signer.sign({ method: 'GET', url: `${origin}/prod/hello?name=cognito` });
  const res = await fetch(signed.url, { method: signed.method, headers: signed.headers });
  assert.equal(res.status, 200, await res.text());
});

test('an unknown pool is an error that names the field, with Cognito\'s reason', async () => {
  const credentials = fromCognitoIdentityPool({ identityPoolId: 'us-east-1:11111111-1111-4111-8111-111111111111', endpoint: `${origin}/` });
  await assert.rejects(credentials(), (err) => err instanceof SigV4Error && err.code === 'invalid_credentials' && err.field === 'identityPoolId' && /GetId failed/.test(err.message));
  assert.throws(() => fromCognitoIdentityPool({ identityPoolId: 'not-a-pool' }), (err) => err instanceof SigV4Error && err.field === 'identityPoolId');
});

for (const dir of ['web', 'web-sigv4a']) {
  test(`dist/${dir}: a guest identity's credentials, from the calls loaded on first use, sign a call the gateway accepts`, async () => {
    const web = await import(new URL(`../dist/${dir}/index.browser.js`, import.meta.url));
    await web.ready(readFileSync(new URL(`../dist/${dir}/sigv4kit_wasm_bg.wasm`, import.meta.url)));
    const seen = [];
    // fetch is called as a plain function (a browser's global fetch refuses another `this`).
    const counting = function (url, init) {
      seen.push({ self: this, target: new Headers(init.headers).get('x-amz-target') });
      return fetch(url, init);
    };
    const credentials = web.fromCognitoIdentityPool({ identityPoolId: POOL, endpoint: `${origin}/`, fetch: counting });
    const signer = new web.Signer({ region: 'us-east-1', service: 'execute-api', credentials });
    const signed = await signer.sign({ method: 'GET', url: `${origin}/prod/hello?name=cognito` });
    assert.match(signed.headers['X-Amz-Security-Token'], /./);
    const res = await fetch(signed.url, { method: signed.method, headers: signed.headers });
    assert.equal(res.status, 200, await res.text());
    const first = await credentials();
    assert.match(first.accessKeyId, /^ASIA/);
    assert.deepEqual(
      seen.map((s) => s.target),
      ['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity'].map((a) => `AWSCognitoIdentityService.${a}`),
      'the identity id is kept: GetId once',
    );
    assert.ok(seen.every((s) => s.self === undefined));
  });

  test(`dist/${dir}: Cognito's refusals and an unreachable endpoint name the field, options are checked at once`, async () => {
    const web = await import(new URL(`../dist/${dir}/index.browser.js`, import.meta.url));
    const unknown = web.fromCognitoIdentityPool({ identityPoolId: 'us-east-1:11111111-1111-4111-8111-111111111111', endpoint: `${origin}/` });
    await assert.rejects(unknown(), (err) => err instanceof web.SigV4Error && err.field === 'identityPoolId' && /GetId failed/.test(err.message));
    const down = new Error('connection refused');
    const unreachable = web.fromCognitoIdentityPool({ identityPoolId: POOL, endpoint: `${origin}/`, fetch: () => Promise.reject(down) });
    await assert.rejects(unreachable(), (err) => err instanceof web.SigV4Error && err.field === 'endpoint' && err.cause === down && /GetId could not reach/.test(err.message));
    assert.throws(() => web.fromCognitoIdentityPool({ identityPoolId: 'not-a-pool' }), (err) => err instanceof web.SigV4Error && err.field === 'identityPoolId');
    assert.throws(() => web.fromCognitoIdentityPool({ identityPoolId: POOL, region: 'US EAST' }), (err) => err instanceof web.SigV4Error && err.field === 'region');
  });
}

test('Axios params with spaces and pluses verify at the gateway and arrive as meant', async () => {
  const api = axios.create({ baseURL: `${origin}/prod/` });
  api.interceptors.request.use(sigv4Interceptor({ region: 'us-east-1', service: 'execute-api', credentials: DEMO }));
  const res = await api.get('echo', { params: PARAMS, validateStatus: () => true });
  assert.equal(res.status, 200, JSON.stringify(res.data));
  assert.deepEqual(res.data.event.queryStringParameters, PARAMS);
});

test('signed fetch of a URL with a raw + (a space) and %2B (a plus) verifies at the gateway', async () => {
  const signedFetch = createSignedFetch({ region: 'us-east-1', service: 'execute-api', credentials: DEMO });
  const res = await signedFetch(`${origin}/prod/echo?q=a+b%2Bc&r=x%2By%20z`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.deepEqual(body.event.queryStringParameters, PARAMS);
});
