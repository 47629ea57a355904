// Which entry carries what in browsers. The plain browser engine (dist/web)
// leaves out 403 diagnosis and the POST-policy presigner, and refuses them
// naming the entry that has them; `sigv4kit/full` (dist/web-sigv4a, the
// engine `sigv4kit/sigv4a` also loads) carries them, checked against the
// shared cases (testdata/cases: the AWS documentation's POST example,
// botocore's fields; the diagnose cases). In Node every entry is the Node
// build, which has everything.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../../', import.meta.url);
const lines = (name) => readFileSync(new URL(`testdata/cases/${name}`, root), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

async function load(dir, entry = 'index.browser.js') {
  const web = await import(new URL(`../dist/${dir}/${entry}`, import.meta.url));
  const index = await import(new URL(`../dist/${dir}/index.browser.js`, import.meta.url));
  await index.ready(readFileSync(new URL(`../dist/${dir}/sigv4kit_wasm_bg.wasm`, import.meta.url)));
  return web;
}

describe('the plain browser build', () => {
  test('refuses diagnosis, naming sigv4kit/full', async () => {
    const web = await load('web');
    assert.throws(() => web.explainMismatch({ canonicalRequest: 'a', stringToSign: 'b' }, 'x'), /not in this build's engine.*'sigv4kit\/full'/);
    assert.throws(() => web.quotedStrings('x'), /'sigv4kit\/full'/);
  });

  test('refuses presignPost before it fetches credentials, naming sigv4kit/full', async () => {
    const web = await load('web');
    let asked = false;
    const signer = new web.Signer({ region: 'us-east-1', service: 's3', credentials: async () => ((asked = true), CREDS) });
    await assert.rejects(signer.presignPost({ bucket: 'b', key: 'k' }), /presignPost\(\) is not in this build's engine.*'sigv4kit\/full'/);
    assert.equal(asked, false);
  });

  test("refuses the integrations' debug: true, naming their full entry; without it they sign", async () => {
    const { createSignedFetch } = await load('web', 'fetch.js');
    const { sigv4Interceptor } = await load('web', 'axios.js');
    const options = { region: 'us-east-1', service: 'execute-api', credentials: CREDS };
    let seen;
    const signedFetch = createSignedFetch({ ...options, debug: true, fetch: async () => new Response('') });
    await assert.rejects(signedFetch('https://example.com/'), /'sigv4kit\/full\/fetch'/);
    assert.throws(() => sigv4Interceptor({ ...options, debug: true, axios: { Axios: { prototype: { getUri: () => '' } } } }), /'sigv4kit\/full\/axios'/);
    const plain = createSignedFetch({ ...options, fetch: async (url, init) => ((seen = new Headers(init?.headers ?? url.headers)), new Response('')) });
    await plain('https://example.com/');
    assert.match(seen.get('authorization'), /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
  });
});

describe('the full browser build (sigv4kit/full)', () => {
  test('explains the shared diagnose cases', async () => {
    const web = await load('web-sigv4a');
    const cases = lines('diagnose.jsonl');
    const expected = new Map(lines('diagnose.expected.jsonl').map((e) => [e.id, e.diagnosis]));
    assert.ok(cases.length > 0);
    for (const c of cases) {
      const d = web.explainMismatch({ canonicalRequest: c.canonical_request, stringToSign: c.string_to_sign }, c.body);
      const want = expected.get(c.id);
      for (const [key, value] of Object.entries(want)) {
        const got = { error_code: d.errorCode ?? null, line: d.line ?? null, expected: d.expected ?? null, signed: d.signed ?? null, finding: d.finding, part: d.part }[key];
        if (got !== undefined) assert.deepEqual(got, value, `${c.id}: ${key}`);
      }
    }
  });

  test('presigns the shared POST-policy cases as botocore does', async () => {
    const web = await load('web-sigv4a');
    const expected = new Map(lines('post-policy.expected.jsonl').map((e) => [e.id, e]));
    const cases = lines('post-policy.jsonl').filter((c) => expected.get(c.id)?.fields);
    assert.ok(cases.length > 0);
    for (const c of cases) {
      const creds = c.credentials;
      const signer = new web.Signer({
        region: c.region,
        service: 's3',
        credentials: { accessKeyId: creds.access_key_id, secretAccessKey: creds.secret_access_key, sessionToken: creds.session_token ?? undefined },
      });
      const post = await signer.presignPost({
        bucket: c.bucket,
        key: c.key,
        conditions: c.conditions,
        fields: c.fields === undefined ? undefined : Object.fromEntries(c.fields),
        expiresIn: c.expires_in,
        endpoint: c.endpoint,
        signingDate: c.timestamp,
      });
      assert.deepEqual({ url: post.url, fields: post.fieldList }, { url: expected.get(c.id).url, fields: expected.get(c.id).fields }, c.id);
    }
  });
});

test('in Node sigv4kit/full is the Node build itself', async () => {
  const require = createRequire(import.meta.url);
  assert.equal(require('sigv4kit/full').Signer, require('sigv4kit').Signer);
  assert.equal((await import('sigv4kit/full')).explainMismatch, require('sigv4kit').explainMismatch);
  assert.equal((await import('sigv4kit/full/fetch')).createSignedFetch, require('sigv4kit/fetch').createSignedFetch);
});
