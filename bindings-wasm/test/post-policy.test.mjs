// Signer.presignPost: the shape a browser form needs, the core's refusals
// by field, and no secret in any printed form. (That the fields equal
// botocore's generate_presigned_post byte for byte is the post_policy
// conformance family, run by make test-wasm.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { Signer, SigV4Error } from 'sigv4kit';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FQoGZXIvYXdzEXAMPLE//token==';
const signer = new Signer({
  region: 'us-east-1',
  service: 's3',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN },
});
const DATE = '2015-12-29T00:00:00Z';

test('a presigned POST is a URL and the fields of a form, in order, ready for FormData', async () => {
  const post = await signer.presignPost({
    bucket: 'examplebucket',
    key: 'uploads/${filename}',
    fields: { acl: 'public-read' },
    conditions: [{ acl: 'public-read' }, ['content-length-range', 1, 1024]],
    signingDate: DATE,
  });
  assert.equal(post.url, 'https://examplebucket.s3.amazonaws.com/');
  assert.deepEqual(
    post.fieldList.map(([n]) => n),
    ['acl', 'key', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-security-token', 'policy', 'x-amz-signature'],
  );
  assert.deepEqual(Object.entries(post.fields), post.fieldList);
  assert.equal(post.fields['x-amz-credential'], 'AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request');
  assert.match(post.fields['x-amz-signature'], /^[0-9a-f]{64}$/);
  const policy = JSON.parse(Buffer.from(post.fields.policy, 'base64').toString('utf8'));
  assert.equal(policy.expiration, '2015-12-29T01:00:00Z');
  assert.deepEqual(policy.conditions.at(-1), { 'x-amz-security-token': TOKEN });
  const form = new FormData();
  for (const [name, value] of post.fieldList) form.append(name, value);
  form.append('file', new Blob(['hello']), 'hello.txt');
  assert.equal([...form.keys()].at(-1), 'file');
});

test('bad input is refused naming the field, without a secret in the message', async () => {
  const cases = [
    [{ bucket: 'b', key: 'a/${filename}/b' }, 'invalid_key', 'key'],
    [{ bucket: 'b', key: 'k', expiresIn: 604801 }, 'invalid_expiry', 'expires_in'],
    [{ bucket: 'b', key: 'k', expiresIn: 1.5 }, 'invalid_expiry', 'expires_in'],
    [{ bucket: 'b', key: 'k', fields: { acl: 'private' } }, 'invalid_field', 'fields.acl'],
    [{ bucket: 'b', key: 'k', fields: { acl: 1 } }, 'invalid_field', 'fields.acl'],
    [{ bucket: 'b', key: 'k', conditions: [['ends-with', '$key', 'x']] }, 'invalid_condition', 'conditions[0]'],
    [{ bucket: 'b', key: 'k', conditions: [['content-length-range', 1.5, 2]] }, 'invalid_condition', 'conditions[0]'],
    [{ bucket: 'b', key: 'k', conditions: { acl: 'x' } }, 'invalid_condition', 'conditions'],
    [{ bucket: 'b', key: 'k', endpoint: 'ftp://x' }, 'invalid_endpoint', 'endpoint'],
    [{ bucket: 'a b', key: 'k' }, 'invalid_bucket', 'bucket'],
    [{ bucket: 'b' }, 'invalid_key', 'key'],
  ];
  for (const [options, code, field] of cases) {
    await assert.rejects(signer.presignPost({ ...options, signingDate: DATE }), (err) => {
      assert.ok(err instanceof SigV4Error, inspect(options));
      assert.deepEqual([err.code, err.field], [code, field], inspect(options));
      assert.ok(!err.message.includes(SECRET) && !err.message.includes(TOKEN));
      return true;
    });
  }
});

test('the signer never prints its credentials', () => {
  for (const text of [String(signer), inspect(signer), JSON.stringify(signer)]) {
    assert.ok(!text.includes(SECRET) && !text.includes(TOKEN), text);
  }
});
