/**
 * What the Axios and fetch integrations share: options, signers chosen by
 * host, and the headers a signer owns.
 */
import { Signer } from './signer.js';
import type { SigningSettings } from './signer.js';
import type { Credentials, CredentialsInput } from './credentials.js';
import { sourceFor } from './credentials.js';
import { inferScope } from './infer.js';
import { SigV4Error } from './errors.js';

export interface IntegrationOptions extends SigningSettings {
  /** Region to sign for; inferred from `*.amazonaws.com` hosts when absent. */
  region?: string;
  /** Service to sign for; inferred from `*.amazonaws.com` hosts when absent. */
  service?: string;
  /** Keys, a `Credentials`, or an async provider (memoized until 5 minutes before expiry). */
  credentials: CredentialsInput | Credentials;
}

/**
 * Headers a signer sets. A request signed before (a retry, a re-sent
 * config) carries stale copies, which are dropped before signing again so
 * that neither an old date nor an old token is signed or sent.
 */
export const SIGNER_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token'];

/** One signer per region and service, sharing the credentials. */
export class SignerPool {
  readonly #options: IntegrationOptions;
  readonly #signers = new Map<string, Signer>();

  constructor(options: IntegrationOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new SigV4Error('invalid_credentials', 'options', 'invalid options: expected { credentials, region?, service? }');
    }
    this.#options = { ...options, credentials: sourceFor(options.credentials) as unknown as CredentialsInput };
    if (options.region !== undefined && options.service !== undefined) this.forHost('');
  }

  /** The signer for a request to `host`. */
  forHost(host: string): Signer {
    const o = this.#options;
    let region = o.region;
    let service = o.service;
    if (region === undefined || service === undefined) {
      const inferred = inferScope(host);
      if (!inferred) {
        const missing = region === undefined ? 'region' : 'service';
        throw new SigV4Error(
          missing === 'region' ? 'invalid_region' : 'invalid_service',
          missing,
          `invalid ${missing}: not given, and "${host}" is not an AWS host it could be inferred from`,
        );
      }
      region ??= inferred.region;
      service ??= inferred.service;
    }
    const key = `${region}\0${service}`;
    let signer = this.#signers.get(key);
    if (!signer) {
      signer = new Signer({ ...o, region, service });
      this.#signers.set(key, signer);
    }
    return signer;
  }
}
