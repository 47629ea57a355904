/**
 * Credentials from an Amazon Cognito identity pool, for browsers and every
 * other runtime with `fetch`: what a web or mobile app calls before it can
 * sign anything, with no AWS SDK. Two unsigned calls of Cognito's JSON 1.1
 * protocol: `GetId` (once; the identity id is kept) and
 * `GetCredentialsForIdentity` (whenever the signer asks for fresh keys: the
 * signer memoizes them until five minutes before they expire).
 */
import type { CredentialsLike, CredentialsProvider } from './credentials.js';
import { SigV4Error } from './errors.js';

/** Where the pool is and who the user is. */
export interface CognitoIdentityPoolOptions {
  /** The pool id, `REGION:GUID`. */
  identityPoolId: string;
  /** The pool's region; defaults to the one the pool id starts with. */
  region?: string;
  /** Cognito's endpoint; defaults to `https://cognito-identity.REGION.amazonaws.com/`. */
  endpoint?: string;
  /** Identity provider tokens for an authenticated identity (`{ 'accounts.google.com': idToken }`); none for a guest. */
  logins?: Record<string, string>;
  /** An identity id from an earlier `GetId`, to keep the same identity. */
  identityId?: string;
  /** The `fetch` to use; defaults to the global one. */
  fetch?: typeof fetch;
}

const TARGET_PREFIX = 'AWSCognitoIdentityService.';

function refuse(field: string, message: string): never {
  throw new SigV4Error('invalid_credentials', field, `identity pool: ${message}`);
}

/**
 * A credentials provider for `new Signer({ credentials })`, `sigv4Interceptor`
 * and `createSignedFetch`:
 *
 * ```js
 * const credentials = fromCognitoIdentityPool({ identityPoolId: 'us-east-1:…' });
 * const signedFetch = createSignedFetch({ region: 'us-east-1', service: 'execute-api', credentials });
 * ```
 */
export function fromCognitoIdentityPool(options: CognitoIdentityPoolOptions): CredentialsProvider {
  const poolId = options.identityPoolId;
  if (typeof poolId !== 'string' || !/^[\w-]+:[0-9a-f-]+$/i.test(poolId)) {
    refuse('identityPoolId', 'identityPoolId must be REGION:GUID');
  }
  const region = options.region ?? poolId.slice(0, poolId.indexOf(':'));
  if (!/^[a-z0-9-]+$/.test(region)) refuse('region', 'region is not a region name');
  const endpoint = options.endpoint ?? `https://cognito-identity.${region}.amazonaws.com/`;
  const send = options.fetch ?? globalThis.fetch;
  if (typeof send !== 'function') refuse('fetch', 'no fetch in this runtime: pass options.fetch');
  const logins = options.logins;
  let identityId = options.identityId;

  async function call(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await send(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET_PREFIX + action },
        body: JSON.stringify(body),
      });
    } catch (cause) {
      throw new SigV4Error('invalid_credentials', 'endpoint', `identity pool: ${action} could not reach ${endpoint}`, { cause });
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
      refuse('identityPoolId', `${action} failed with ${type}${why}`);
    }
    if (parsed === undefined) refuse('endpoint', `${action} did not answer JSON`);
    return answer;
  }

  return async (): Promise<CredentialsLike> => {
    if (identityId === undefined) {
      const got = await call('GetId', logins ? { IdentityPoolId: poolId, Logins: logins } : { IdentityPoolId: poolId });
      if (typeof got.IdentityId !== 'string') refuse('identityPoolId', 'GetId gave no IdentityId');
      identityId = got.IdentityId;
    }
    const answer = await call(
      'GetCredentialsForIdentity',
      logins ? { IdentityId: identityId, Logins: logins } : { IdentityId: identityId },
    );
    const c = answer.Credentials as Record<string, unknown> | undefined;
    if (!c || typeof c.AccessKeyId !== 'string' || typeof c.SecretKey !== 'string' || typeof c.SessionToken !== 'string') {
      refuse('identityPoolId', 'GetCredentialsForIdentity gave no credentials');
    }
    const expiration = typeof c.Expiration === 'number' ? c.Expiration * 1000 : undefined; // Cognito gives seconds
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken, expiration };
  };
}
