/**
 * The two calls of `fromCognitoIdentityPool` (cognito.ts), in Cognito's JSON
 * 1.1 protocol: a module of their own, imported on a provider's first call,
 * so that `import { Signer } from 'sigv4kit'` does not download them.
 *
 * It imports nothing but types: what it needs of the rest (the error it
 * throws) comes in with the pool. Were it to import errors.js, esbuild's
 * code splitting (scripts/bundle-web.cjs) would put the modules it shares
 * with the entries in a chunk of their own, one more file for every page.
 */
import type { CredentialsLike } from './credentials.js';

/** A pool's checked options, the identity id once known, and how to refuse. */
export interface IdentityPool {
  poolId: string;
  endpoint: string;
  send: typeof fetch;
  logins: Record<string, string> | undefined;
  identityId: string | undefined;
  /** Throws the `SigV4Error` (`invalid_credentials`) for `field`, the message prefixed `identity pool: `. */
  refuse: (field: string, message: string, options?: { cause: unknown }) => never;
}

const TARGET_PREFIX = 'AWSCognitoIdentityService.';

async function call(pool: IdentityPool, action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  // Called as a plain function, as the global fetch must be (not as a method of `pool`).
  const { endpoint, send } = pool;
  let res: Response;
  try {
    res = await send(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET_PREFIX + action },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    pool.refuse('endpoint', `${action} could not reach ${endpoint}`, { cause });
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const answer = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  if (!res.ok) {
    // Cognito's errors name a type (`__type`) and say why (`message`); neither holds a secret.
    const type = String(answer.__type ?? `HTTP ${res.status}`).split('#').pop();
    const why = typeof answer.message === 'string' ? `: ${answer.message.slice(0, 200)}` : '';
    pool.refuse('identityPoolId', `${action} failed with ${type}${why}`);
  }
  if (parsed === undefined) pool.refuse('endpoint', `${action} did not answer JSON`);
  return answer;
}

/** Fresh credentials for the pool's identity (`GetId` first, the first time). */
export async function poolCredentials(pool: IdentityPool): Promise<CredentialsLike> {
  const { poolId, logins } = pool;
  if (pool.identityId === undefined) {
    const got = await call(pool, 'GetId', logins ? { IdentityPoolId: poolId, Logins: logins } : { IdentityPoolId: poolId });
    if (typeof got.IdentityId !== 'string') pool.refuse('identityPoolId', 'GetId gave no IdentityId');
    pool.identityId = got.IdentityId;
  }
  const identityId = pool.identityId;
  const answer = await call(pool, 'GetCredentialsForIdentity', logins ? { IdentityId: identityId, Logins: logins } : { IdentityId: identityId });
  const c = answer.Credentials as Record<string, unknown> | undefined;
  if (!c || typeof c.AccessKeyId !== 'string' || typeof c.SecretKey !== 'string' || typeof c.SessionToken !== 'string') {
    pool.refuse('identityPoolId', 'GetCredentialsForIdentity gave no credentials');
  }
  const expiration = typeof c.Expiration === 'number' ? c.Expiration * 1000 : undefined; // Cognito gives seconds
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken, expiration };
}
