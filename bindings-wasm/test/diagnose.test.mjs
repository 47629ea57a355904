// Debugging a 403 from Node: `explainMismatch` returns the core's reading
// (the shared cases, testdata/cases/diagnose.jsonl, run through every
// binding's conformance runner), and the fetch wrapper and the Axios
// interceptor attach it to a 403 of the local gateway (which quotes the
// canonical request and string to sign as API Gateway does) when a request
// was changed after signing, with `debug: true` or SIGV4KIT_DEBUG=1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import { Signer, explainMismatch, quotedStrings } from 'sigv4kit';
import { sigv4Interceptor } from 'sigv4kit/axios';
import { createSignedFetch } from 'sigv4kit/fetch';

const DEMO = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const root = fileURLToPath(new URL('../../', import.meta.url));
const gatewayBin = process.env.GATEWAY_BIN ?? `${root}target/debug/sigv4kit-gateway`;
let gateway;
let origin;

before(async () => {
  gateway = spawn(gatewayBin, ['--listen', '127.0.0.1:0', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(createInterface({ input: gateway.stdout }), 'line');
  origin = line.split('listening on ')[1];
});
after(async () => {
  gateway.kill('SIGTERM');
  await once(gateway, 'exit');
});

// A proxy on the way: changes a signed header after signing.
const tampering = (url, init) => {
  const headers = new Headers(init.headers);
  headers.set('x-trace', 'changed-in-flight');
  return fetch(url, { ...init, headers });
};

test('explainMismatch reads what the gateway quotes', async () => {
  const signer = new Signer({ region: 'us-east-1', service: 'execute-api', credentials: DEMO });
  const signed = await signer.sign({ method: 'GET', url: `${origin}/prod/hello`, headers: { 'X-Trace': 'abc' } }, { debug: true });
  const res = await tampering(signed.url, { method: signed.method, headers: signed.headers });
  assert.equal(res.status, 403);
  const body = await res.text();
  const d = explainMismatch(signed, body);
  assert.deepEqual([d.finding, d.part, d.expected, d.signed, d.errorCode], ['header', 'header x-trace', 'x-trace:changed-in-flight', 'x-trace:abc', 'SignatureDoesNotMatch']);
  assert.match(String(d), /differs first at line \d+ \(header x-trace\)/);
  // The same from bytes and from the parsed JSON an HTTP client hands over.
  assert.equal(explainMismatch(signed, new TextEncoder().encode(body)).part, 'header x-trace');
  assert.equal(explainMismatch(signed, JSON.parse(body)).part, 'header x-trace');
  // The gateway's string to sign has the same date and scope; its hash is
  // of its own canonical request.
  const scope = (sts) => sts.split('\n').slice(0, 3);
  assert.deepEqual(scope(quotedStrings(body).stringToSign), scope(signed.stringToSign));
  assert.throws(() => explainMismatch({}, body), /sign with \{ debug: true \}/);
});

test('the fetch wrapper attaches the diagnosis to a 403 with debug: true', async () => {
  const awsFetch = createSignedFetch({ region: 'us-east-1', service: 'execute-api', credentials: DEMO, fetch: tampering, debug: true });
  const res = await awsFetch(`${origin}/prod/hello`, { headers: { 'X-Trace': 'abc' } });
  assert.equal(res.status, 403);
  assert.equal(res.sigv4kit.part, 'header x-trace');
  assert.match((await res.json()).message, /The Canonical String for this request should have been/, 'the body is still there to read');
  const fine = await createSignedFetch({ region: 'us-east-1', service: 'execute-api', credentials: DEMO, debug: true })(`${origin}/prod/hello`);
  assert.equal(fine.status, 200);
  assert.equal(fine.sigv4kit, undefined);
});

test('without debug, nothing is attached; SIGV4KIT_DEBUG=1 turns it on', async () => {
  const saved = process.env.SIGV4KIT_DEBUG;
  try {
    delete process.env.SIGV4KIT_DEBUG;
    const off = await createSignedFetch({ region: 'us-east-1', service: 'execute-api', credentials: DEMO, fetch: tampering })(`${origin}/prod/hello`, { headers: { 'X-Trace': 'abc' } });
    assert.equal(off.status, 403);
    assert.equal(off.sigv4kit, undefined);
    process.env.SIGV4KIT_DEBUG = '1';
    const on = await createSignedFetch({ region: 'us-east-1', service: 'execute-api', credentials: DEMO, fetch: tampering })(`${origin}/prod/hello`, { headers: { 'X-Trace': 'abc' } });
    assert.equal(on.sigv4kit.finding, 'header');
  } finally {
    if (saved === undefined) delete process.env.SIGV4KIT_DEBUG;
    else process.env.SIGV4KIT_DEBUG = saved;
  }
});

test('the Axios interceptor attaches the diagnosis to the error of a 403', async () => {
  const api = axios.create({ baseURL: `${origin}/prod/` });
  // Request interceptors run last-added first: this one runs after signing,
  // as a later interceptor (or a proxy) would change the request.
  api.interceptors.request.use((config) => {
    config.data = `${config.data} `; // one byte more than was signed
    return config;
  });
  api.interceptors.request.use(sigv4Interceptor({ region: 'us-east-1', service: 'execute-api', credentials: DEMO, debug: true }));
  const err = await api.post('hello', { n: 1 }).then(() => assert.fail('expected a 403'), (e) => e);
  assert.equal(err.response.status, 403);
  assert.equal(err.sigv4kit.finding, 'payload_hash');
  assert.match(String(err.sigv4kit), /the body sent is not the body signed/);

  // validateStatus letting the 403 through: the response carries it; a
  // retry of the same config is signed (and diagnosed) again.
  const res = await api.post('hello', { n: 1 }, { validateStatus: () => true });
  assert.equal(res.status, 403);
  assert.equal(res.sigv4kit.finding, 'payload_hash');
  const again = await api.request({ ...res.config, validateStatus: (status) => status < 400 }).then(() => assert.fail('expected a 403'), (e) => e);
  assert.equal(again.sigv4kit.finding, 'payload_hash');

  const plain = axios.create({ baseURL: `${origin}/prod/` });
  plain.interceptors.request.use(sigv4Interceptor({ region: 'us-east-1', service: 'execute-api', credentials: DEMO, debug: false }));
  const ok = await plain.post('hello', { n: 1 });
  assert.equal(ok.status, 200);
  assert.equal(ok.sigv4kit, undefined);
});
