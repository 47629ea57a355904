/**
 * Credentials from an Amazon Cognito identity pool, for browsers and every
 * other runtime with `fetch`: what a web or mobile app calls before it can
 * sign anything, with no AWS SDK. Two unsigned calls of Cognito's JSON 1.1
 * protocol: `GetId` (once; the identity id is kept) and
 * `GetCredentialsForIdentity` (whenever the signer asks for fresh keys: the
 * signer memoizes them until five minutes before they expire).
 *
 * The options are checked here, at once; the calls themselves are in
 * cognito-calls.ts, imported on the provider's first call: a browser that
 * never asks a pool for credentials never downloads them.
 */
import type { CredentialsProvider } from './credentials.js';
import { SigV4Error } from './errors.js';
import type { IdentityPool } from './cognito-calls.js';

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

function refuse(field: string, message: string, options?: { cause: unknown }): never {
  throw new SigV4Error('invalid_credentials', field, `identity pool: ${message}`, options);
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
  // The identity id learnt by the first GetId is kept here, for every later call.
  const pool: IdentityPool = { poolId, endpoint, send, logins: options.logins, identityId: options.identityId, refuse };
  return async () => (await import('./cognito-calls.js')).poolCredentials(pool);
}
