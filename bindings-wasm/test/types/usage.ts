// Type-checks the public API the way a TypeScript user writes against it:
// `tsc -p test/types` must pass (and the @ts-expect-error lines must fail).
import axios from 'axios';
import {
  Signer,
  Credentials,
  SigV4Error,
  PayloadHasher,
  fromEnv,
  fromIni,
  loadRegion,
  inferScope,
  ready,
  verifyRequest,
  incomingRequest,
  SignatureVerificationError,
  explainMismatch,
} from 'sigv4kit';
import type { IncomingMessage } from 'node:http';
import type { SignedRequest, SigV4ErrorCode, CredentialsProvider, SignerOptions, PresignedPost, Diagnosis } from 'sigv4kit';
import { sigv4Interceptor } from 'sigv4kit/axios';
import type { Sigv4DebugInfo } from 'sigv4kit/axios';
import { signedFetch, createSignedFetch } from 'sigv4kit/fetch';
import type { SignedResponse } from 'sigv4kit/fetch';

async function main(): Promise<void> {
  await ready();
  const uploader = new Signer({ region: 'us-east-1', service: 's3', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  const post: PresignedPost = await uploader.presignPost({
    bucket: 'uploads',
    key: 'incoming/${filename}',
    conditions: [{ acl: 'private' }, ['starts-with', '$Content-Type', 'image/'], ['content-length-range', 1, 1024]],
    fields: { acl: 'private' },
    expiresIn: 600,
  });
  const postUrl: string = post.url;
  const firstField: [string, string] | undefined = post.fieldList[0];
  // @ts-expect-error a condition is an object of strings or one of the three arrays
  await uploader.presignPost({ bucket: 'b', key: 'k', conditions: [['ends-with', '$key', 'x']] });
  void postUrl;
  void firstField;
  const provider: CredentialsProvider = async () => ({
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration: new Date(Date.now() + 3600_000),
  });
  const options: SignerOptions = { region: 'us-east-1', service: 'execute-api', credentials: provider };
  const signer = new Signer(options);
  const signed: SignedRequest = await signer.sign(
    { method: 'POST', url: 'https://example.com/a', headers: { 'content-type': 'application/json' }, body: '{}' },
    { debug: true },
  );
  const auth: string | undefined = signed.authorization;
  const creq: string | undefined = signed.canonicalRequest;
  const headers: Record<string, string> = signed.headers;
  const presigned = await signer.presign({ url: new URL('https://example.com/') }, { expiresIn: 300 });
  const url: string = presigned.url;
  signer.signSync({ url: 'https://example.com', headers: new Headers({ a: 'b' }), body: new Uint8Array(2) });
  signer.signSync({ target: '/', headers: [['Host', 'example.com']], body: new URLSearchParams({ a: 'b' }) });
  // @ts-expect-error a body must be text or bytes
  signer.signSync({ url: 'https://example.com', body: { a: 1 } });

  const s3 = new Signer({ region: 'us-east-1', service: 's3', credentials: fromIni({ profile: 'dev' }), unsignedPayload: true });
  const settings = s3.settings;
  const double: boolean = settings.doubleEncodePath;
  const v4a = new Signer({ region: 'us-east-1,us-west-2', service: 's3', algorithm: 'AWS4-ECDSA-P256-SHA256', credentials: fromEnv() });
  const algorithm: 'AWS4-HMAC-SHA256' | 'AWS4-ECDSA-P256-SHA256' = v4a.algorithm;
  // @ts-expect-error the algorithm is one of the two names
  new Signer({ region: '*', service: 's3', algorithm: 'AWS4-HMAC-SHA512', credentials: fromEnv() });
  new Signer({ region: 'us-east-1', service: 'sts', credentials: fromEnv() });
  new Signer({ region: 'us-east-1', service: 'sts', credentials: new Credentials({ accessKeyId: 'a', secretAccessKey: 'b' }) });
  const region: string | undefined = await loadRegion();

  const hasher = new PayloadHasher().update('abc').update(new Uint8Array([1]));
  const digest: string = hasher.digest();

  try {
    signer.signSync({ url: 'https://example.com', headers: { 'x-a': 'a\nb' } });
  } catch (err) {
    if (err instanceof SigV4Error) {
      const code: SigV4ErrorCode = err.code;
      const field: string = err.field;
      console.log(code, field);
    }
  }

  const client = axios.create({ baseURL: 'https://abc.execute-api.us-east-1.amazonaws.com/prod' });
  client.interceptors.request.use(sigv4Interceptor({ credentials: provider }));
  client.interceptors.request.use(sigv4Interceptor({ region: 'us-east-1', service: 'execute-api', credentials: provider }));

  const res: Response = await signedFetch('https://example.com', { method: 'GET' }, { region: 'us-east-1', service: 'execute-api', credentials: provider });
  const awsFetch = createSignedFetch({ credentials: provider });
  const res2: Response = await awsFetch(new URL('https://sts.amazonaws.com/'), { method: 'POST', body: 'Action=GetCallerIdentity' });
  const debugFetch = createSignedFetch({ credentials: provider, debug: true });
  const res3 = await debugFetch('https://example.com/');
  const typed: SignedResponse = res3;
  console.log(typed.status);
  const why: Diagnosis | undefined = res3.sigv4kit;
  const finding: string | undefined = why?.finding;
  const line: number | undefined = why?.line;
  const debugSigned = await new Signer({ region: 'us-east-1', service: 'execute-api', credentials: provider }).sign({ method: 'GET', url: 'https://example.com/' }, { debug: true });
  const explained: Diagnosis = explainMismatch(debugSigned, await res3.text());
  console.log(finding, line, String(explained));
  client.interceptors.request.use(sigv4Interceptor({ credentials: provider, debug: true }));
  try {
    await client.get('/pets');
  } catch (err) {
    const info = err as Sigv4DebugInfo;
    console.log(info.sigv4kit?.text);
  }
  const scope = inferScope('abc.execute-api.eu-west-1.amazonaws.com');
  const verified = await verifyRequest(
    { method: 'GET', target: '/', headers: [['host', 'example.com']] },
    { service: 'execute-api', credentials: async (id: string) => (id === 'AKID' ? { accessKeyId: id, secretAccessKey: 's' } : undefined) },
  );
  const when: Date = verified.signedAt;
  const req = {} as IncomingMessage;
  await verifyRequest(incomingRequest(req, Buffer.from('')), { credentials: () => undefined }).catch((e: unknown) => {
    if (e instanceof SignatureVerificationError) console.log(e.code, e.canonicalRequest);
  });
  console.log(when, auth, creq, headers, url, double, region, digest, res.status, res2.status, scope?.region);
}

void main();
