/**
 * What the Axios and fetch integrations share: options, signers chosen by
 * host, and the headers a signer owns.
 */
import { Signer } from './signer.js';
import type { SigningSettings } from './signer.js';
import type { Credentials, CredentialsInput } from './credentials.js';
import { sourceFor } from './credentials.js';
import { SigV4Error } from './errors.js';
import { resolveScope } from './policy.js';

export interface IntegrationOptions extends SigningSettings {
  /** Region to sign for; inferred from `*.amazonaws.com` hosts when absent. */
  region?: string;
  /** Service to sign for; inferred from `*.amazonaws.com` hosts when absent. */
  service?: string;
  /** Keys, a `Credentials`, or an async provider (memoized until 5 minutes before expiry). */
  credentials: CredentialsInput | Credentials;
  /**
   * Diagnose 403s: the core's reading of the refusal (which part of the
   * signed request the service disagrees with, the usual cause, a fix) is
   * attached as `sigv4kit` to the fetch `Response` or the Axios error.
   * Defaults to `SIGV4KIT_DEBUG` in Node's environment; off otherwise.
   */
  debug?: boolean;
}

/**
 * Headers a signer sets (the core's list). A request signed before (a
 * retry, a re-sent config) carries stale copies, which are dropped before
 * signing again so that neither an old date nor an old token is signed or
 * sent.
 */
export { signerHeaders } from './policy.js';

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

  /**
   * The signer for a request to `host`: the region and service given, the
   * missing ones inferred from the host by the core (an error naming the
   * missing one when the host is not an AWS host).
   */
  forHost(host: string): Signer {
    const o = this.#options;
    const { region, service } =
      o.region !== undefined && o.service !== undefined ? { region: o.region, service: o.service } : resolveScope(host, o.region, o.service);
    const key = `${region}\0${service}`;
    let signer = this.#signers.get(key);
    if (!signer) {
      signer = new Signer({ ...o, region, service });
      this.#signers.set(key, signer);
    }
    return signer;
  }
}
