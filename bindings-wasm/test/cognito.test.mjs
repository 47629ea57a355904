// fromCognitoIdentityPool against the local gateway's Cognito identity pool
// stand-in (GetId and GetCredentialsForIdentity, JSON 1.1, on 127.0.0.1):
// the credentials it gives sign a call the gateway accepts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Signer, fromCognitoIdentityPool, SigV4Error } from 'sigv4kit';

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
