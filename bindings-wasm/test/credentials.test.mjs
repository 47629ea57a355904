// Credential providers: memoization until five minutes before expiry,
// fromEnv and fromIni (whose rules live in the core's profile module).
import { describe, test, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Signer, Credentials, SigV4Error, fromEnv, fromIni, loadRegion, REFRESH_MARGIN_SECONDS } from 'sigv4kit';

const URL_ = 'https://example.amazonaws.com/';
const accessKeyOf = (signed) => /Credential=([^/]+)\//.exec(signed.authorization)[1];

describe('credential providers', () => {
  test('an async provider is called once and its answer reused until 5 minutes before expiry', async () => {
    assert.equal(REFRESH_MARGIN_SECONDS, 300);
    let calls = 0;
    let expiresIn = 3600_000;
    const provider = async () => {
      calls += 1;
      return { accessKeyId: `AKID${calls}`, secretAccessKey: 'secret', expiration: new Date(Date.now() + expiresIn) };
    };
    const signer = new Signer({ region: 'us-east-1', service: 'execute-api', credentials: provider });
    const results = await Promise.all([1, 2, 3].map(() => signer.sign({ url: URL_ })));
    assert.equal(calls, 1, 'concurrent requests share one provider call');
    assert.deepEqual(results.map(accessKeyOf), ['AKID1', 'AKID1', 'AKID1']);
    await signer.sign({ url: URL_ });
    assert.equal(calls, 1);

    // Another signer with the same provider shares the memoized answer.
    const other = new Signer({ region: 'eu-west-1', service: 'sts', credentials: provider });
    assert.equal(accessKeyOf(await other.sign({ url: URL_ })), 'AKID1');
    assert.equal(calls, 1);

    // Credentials that expire within the margin are refreshed before use.
    expiresIn = 4 * 60_000;
    const fresh = new Signer({ region: 'us-east-1', service: 'execute-api', credentials: async () => provider() });
    assert.equal(accessKeyOf(await fresh.sign({ url: URL_ })), 'AKID2');
    assert.equal(accessKeyOf(await fresh.sign({ url: URL_ })), 'AKID3', 'an answer inside the margin is not kept');
  });

  test('a provider without expiration is kept for good; a failure is not kept', async () => {
    let calls = 0;
    let fail = true;
    const provider = () => {
      calls += 1;
      if (fail) throw new Error('metadata service unreachable');
      return { accessKeyId: 'AKIDSYNC', secretAccessKey: 'secret' };
    };
    const signer = new Signer({ region: 'us-east-1', service: 'execute-api', credentials: provider });
    await assert.rejects(signer.sign({ url: URL_ }), (err) => {
      assert.ok(err instanceof SigV4Error);
      assert.equal(err.code, 'invalid_credentials');
      assert.match(err.message, /metadata service unreachable/);
      assert.equal(err.cause.message, 'metadata service unreachable');
      return true;
    });
    fail = false;
    await signer.sign({ url: URL_ });
    await signer.sign({ url: URL_ });
    assert.equal(calls, 2);
  });

  test('a provider answering something unusable is refused clearly', async () => {
    const signer = new Signer({ region: 'us-east-1', service: 'execute-api', credentials: async () => ({ accessKeyId: 'AKID' }) });
    await assert.rejects(signer.sign({ url: URL_ }), { code: 'invalid_credentials', field: 'secret_access_key' });
  });

  test('Credentials knows when it expires', () => {
    const c = new Credentials({ accessKeyId: 'AKID', secretAccessKey: 's', expiration: '2030-01-01T00:00:00Z' });
    assert.equal(c.expiresWithin(300, Date.parse('2029-12-31T23:54:00Z')), false);
    assert.equal(c.expiresWithin(300, Date.parse('2029-12-31T23:56:00Z')), true);
    assert.equal(new Credentials({ accessKeyId: 'AKID', secretAccessKey: 's' }).expiresWithin(300), false);
  });
});

describe('fromEnv and fromIni', () => {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), 'sigv4kit-ini-'));
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  writeFileSync(
    credentialsFile,
    [
      '[default]',
      'aws_access_key_id = AKIDDEFAULT',
      'aws_secret_access_key = default/secret',
      '',
      '[dev]',
      'aws_access_key_id=AKIDDEV',
      'aws_secret_access_key=dev/secret',
      'aws_session_token=devtoken',
      '',
      '[half]',
      'aws_access_key_id = AKIDHALF',
    ].join('\n'),
  );
  writeFileSync(
    configFile,
    ['[default]', 'region = eu-north-1', '', '[profile dev]', 'region = ap-southeast-2', '', '[profile role]', 'role_arn = arn:aws:iam::123456789012:role/x', 'source_profile = nowhere'].join('\n'),
  );

  beforeEach(() => {
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
    process.env.AWS_CONFIG_FILE = configFile;
  });
  after(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    rmSync(dir, { recursive: true, force: true });
  });

  test('fromEnv reads the keys, token and expiration when called', async () => {
    const provider = fromEnv();
    await assert.rejects(provider(), { code: 'invalid_credentials' });
    process.env.AWS_ACCESS_KEY_ID = 'AKIDENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'env/secret';
    process.env.AWS_SESSION_TOKEN = 'envtoken';
    process.env.AWS_CREDENTIAL_EXPIRATION = '2030-01-02T03:04:05Z';
    const c = await provider();
    assert.ok(c instanceof Credentials);
    assert.equal(c.accessKeyId, 'AKIDENV');
    assert.equal(c.secretAccessKey, 'env/secret');
    assert.equal(c.sessionToken, 'envtoken');
    assert.equal(c.expiration.toISOString(), '2030-01-02T03:04:05.000Z');
    assert.ok(!inspect(c).includes('env/secret') && !JSON.stringify(c).includes('envtoken'));
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await assert.rejects(provider(), { code: 'invalid_credentials', field: 'secret_access_key' });
  });

  test('fromIni reads the profile named by the option, AWS_PROFILE, or default', async () => {
    assert.equal((await fromIni()()).accessKeyId, 'AKIDDEFAULT');
    const dev = await fromIni({ profile: 'dev' })();
    assert.equal(dev.accessKeyId, 'AKIDDEV');
    assert.equal(dev.sessionToken, 'devtoken');
    process.env.AWS_PROFILE = 'dev';
    assert.equal((await fromIni()()).accessKeyId, 'AKIDDEV');
    assert.equal(await loadRegion(), 'ap-southeast-2');
    process.env.AWS_REGION = 'us-west-1';
    assert.equal(await loadRegion(), 'us-west-1');
  });

  test('fromIni explains what it cannot do', async () => {
    await assert.rejects(fromIni({ profile: 'missing' })(), (err) => err.code === 'invalid_credentials' && /not found/.test(err.message));
    await assert.rejects(fromIni({ profile: 'half' })(), (err) => err.code === 'invalid_credentials' && !/AKIDHALF/.test(err.message));
    // A role profile is resolved through STS (chain.test.mjs, against a local
    // STS); one whose source profile does not exist fails before any call.
    await assert.rejects(fromIni({ profile: 'role' })(), (err) => /source_profile/.test(err.message) && /nowhere/.test(err.message));
  });

  test('fromIni honours explicit file paths, and missing files are no error', async () => {
    delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    delete process.env.AWS_CONFIG_FILE;
    process.env.HOME = dir; // no .aws/ there
    await assert.rejects(fromIni()(), /not found/);
    const c = await fromIni({ filepath: credentialsFile, configFilepath: join(dir, 'nope'), profile: 'dev' })();
    assert.equal(c.accessKeyId, 'AKIDDEV');
  });

  test('a Signer signs with fromIni credentials', async () => {
    const signer = new Signer({ region: 'us-east-1', service: 'execute-api', credentials: fromIni({ profile: 'dev' }) });
    const signed = await signer.sign({ url: URL_ });
    assert.equal(accessKeyOf(signed), 'AKIDDEV');
    assert.equal(signed.headers['X-Amz-Security-Token'], 'devtoken');
  });
});
