/**
 * Credentials: a plain object, a `Credentials` instance, or an async
 * provider such as the AWS SDK's `defaultProvider()` or a Cognito provider.
 *
 * Providers are called lazily and their answer is kept until five minutes
 * before it expires (the AWS SDKs' margin), so a signer never sends keys that
 * expire in flight and never calls the provider per request. Each set of keys
 * lives once in the engine, where the derived signing keys are cached.
 */
import * as engine from './sigv4kit_wasm.js';
import { assertReady, isReady } from './wasm.js';
import type { WasmCredentials } from './sigv4kit_wasm.js';
import { SigV4Error, rethrow } from './errors.js';

/** The credential shape of the AWS SDK for JavaScript v3. */
export interface CredentialsLike {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  /** When the keys stop working: a `Date`, an ISO 8601 string or milliseconds since the epoch. */
  expiration?: Date | string | number | undefined;
}

/** An async (or sync) function returning credentials, called when fresh ones are needed. */
export type CredentialsProvider = () => Promise<CredentialsLike> | CredentialsLike;

/** What a signer accepts as credentials. */
export type CredentialsInput = CredentialsLike | CredentialsProvider;

/** Where `fromIni()` looks (Node only). */
export interface FromIniOptions {
  /** The profile; defaults to `AWS_PROFILE`, then `AWS_DEFAULT_PROFILE`, then `default`. */
  profile?: string;
  /** The credentials file; defaults to `AWS_SHARED_CREDENTIALS_FILE`, then `~/.aws/credentials`. */
  filepath?: string;
  /** The config file; defaults to `AWS_CONFIG_FILE`, then `~/.aws/config`. */
  configFilepath?: string;
}

/** Refresh provider credentials this long before they expire. */
export const REFRESH_MARGIN_SECONDS = 300;

const REDACTED = '** redacted **';

/** The engine's credentials `Credentials.fromEngine` is wrapping, for the constructor. */
let adopting: WasmCredentials | undefined;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Checked credentials. The secret lives in the WebAssembly engine, created
 * once (at construction in Node, on first use in a browser still loading the
 * engine); this object holds a handle to it, and the secret crosses back
 * into JavaScript only when `secretAccessKey` or `sessionToken` is read (so
 * an instance can be handed to AWS SDK clients). They are never shown by
 * `JSON.stringify`, `util.inspect`, `console.log` or `toString`.
 */
export class Credentials implements CredentialsLike {
  /** The access key id: not a secret, it travels in every signature. */
  readonly accessKeyId: string;
  /** When these credentials stop working, if known. */
  readonly expiration: Date | undefined;
  /** The secret parts, only until the engine holds them. */
  #pending: { secretAccessKey: string; sessionToken: string | undefined } | undefined;
  readonly #hasSessionToken: boolean;
  #engine: WasmCredentials | undefined;

  /** Checks the parts; throws a `SigV4Error` (`invalid_credentials`) naming the bad one. */
  constructor(credentials: CredentialsLike) {
    const c: unknown = credentials;
    if (typeof c !== 'object' || c === null) {
      throw new SigV4Error('invalid_credentials', 'credentials', 'invalid credentials: expected an object with accessKeyId and secretAccessKey');
    }
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = c as Record<string, unknown>;
    if (typeof accessKeyId !== 'string') throw typeError('access_key_id', 'accessKeyId must be a string');
    if (typeof secretAccessKey !== 'string') throw typeError('secret_access_key', 'secretAccessKey must be a string');
    if (sessionToken !== undefined && sessionToken !== null && typeof sessionToken !== 'string') {
      throw typeError('session_token', 'sessionToken must be a string');
    }
    this.accessKeyId = accessKeyId;
    this.#pending = {
      secretAccessKey,
      sessionToken: typeof sessionToken === 'string' && sessionToken !== '' ? sessionToken : undefined,
    };
    this.expiration = toExpiration(expiration);
    if (adopting !== undefined) {
      this.#engine = adopting;
      this.#pending = undefined;
      this.#hasSessionToken = adopting.hasSessionToken;
      return;
    }
    this.#hasSessionToken = this.#pending.sessionToken !== undefined;
    // Built eagerly so that bad keys are reported here; in a browser whose
    // engine is still loading, on first use instead.
    if (isReady()) this.#engine = this.#build();
  }

  /** The secret access key, read from the engine. Handle with care: never log it. */
  get secretAccessKey(): string {
    return this.#engine ? this.#engine.secretAccessKey() : (this.#pending?.secretAccessKey ?? '');
  }

  /** The session token of temporary credentials, if any, read from the engine. Handle with care. */
  get sessionToken(): string | undefined {
    return this.#engine ? this.#engine.sessionToken() : this.#pending?.sessionToken;
  }

  /** Whether these credentials expire within `marginSeconds` of `now` (milliseconds). */
  expiresWithin(marginSeconds: number, now: number = Date.now()): boolean {
    return this.expiration !== undefined && this.expiration.getTime() - marginSeconds * 1000 <= now;
  }

  /** The engine's copy, which caches signing keys. @internal */
  static engineOf(credentials: Credentials): WasmCredentials {
    if (!credentials.#engine) {
      assertReady('signing');
      credentials.#engine = credentials.#build();
    }
    return credentials.#engine;
  }

  /** Wraps credentials the engine produced (from the environment or a profile). @internal */
  static fromEngine(made: WasmCredentials): Credentials {
    // The engine already checked and holds the parts: the secret stays there.
    adopting = made;
    try {
      return new Credentials({ accessKeyId: made.accessKeyId, secretAccessKey: '', expiration: made.expirationMs });
    } finally {
      adopting = undefined;
    }
  }

  #build(): WasmCredentials {
    const pending = this.#pending;
    try {
      const made = new engine.WasmCredentials(
        this.accessKeyId,
        pending?.secretAccessKey ?? '',
        pending?.sessionToken,
        this.expiration?.getTime(),
      );
      this.#pending = undefined;
      return made;
    } catch (err) {
      return rethrow(err);
    }
  }

  /** Shows the access key id only. */
  toString(): string {
    return `Credentials { accessKeyId: '${this.accessKeyId}', secretAccessKey: '${REDACTED}'${
      this.#hasSessionToken ? `, sessionToken: '${REDACTED}'` : ''
    }${this.expiration ? `, expiration: ${this.expiration.toISOString()}` : ''} }`;
  }

  /** What `JSON.stringify` shows: the secrets redacted. */
  toJSON(): Record<string, string | undefined> {
    return {
      accessKeyId: this.accessKeyId,
      secretAccessKey: REDACTED,
      sessionToken: this.#hasSessionToken ? REDACTED : undefined,
      expiration: this.expiration?.toISOString(),
    };
  }

  [INSPECT](): string {
    return this.toString();
  }
}

function typeError(field: string, reason: string): SigV4Error {
  return new SigV4Error('invalid_credentials', field, `invalid credentials (${field}): ${reason}`);
}

function toExpiration(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date =
    value instanceof Date ? new Date(value.getTime())
    : typeof value === 'number' || typeof value === 'string' ? new Date(value)
    : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw typeError('expiration', 'expiration must be a Date, an ISO 8601 string or milliseconds since the epoch');
  }
  return date;
}

const sharedSources = new WeakMap<CredentialsProvider, CredentialSource>();

/**
 * The source for `input`. One provider function gets one source wherever it
 * is used, so signers for several services (an Axios interceptor signing
 * for whatever host it meets) share one memoized answer.
 */
export function sourceFor(input: CredentialsInput | Credentials | CredentialSource): CredentialSource {
  if (input instanceof CredentialSource) return input;
  if (typeof input !== 'function') return new CredentialSource(input);
  let source = sharedSources.get(input);
  if (!source) {
    source = new CredentialSource(input);
    sharedSources.set(input, source);
  }
  return source;
}

/**
 * Where a signer gets credentials: fixed ones, or a provider memoized until
 * five minutes before expiry. Concurrent callers share one provider call; a
 * failed call is not remembered, so the next request tries again.
 */
export class CredentialSource {
  readonly #fixed: Credentials | undefined;
  readonly #provider: CredentialsProvider | undefined;
  #current: Credentials | undefined;
  #pending: Promise<Credentials> | undefined;

  constructor(input: CredentialsInput | Credentials) {
    if (typeof input === 'function') {
      this.#provider = input;
    } else if (input instanceof Credentials) {
      this.#fixed = input;
    } else if (typeof input === 'object' && input !== null) {
      this.#fixed = new Credentials(input);
    } else {
      throw new SigV4Error(
        'invalid_credentials',
        'credentials',
        'invalid credentials: expected { accessKeyId, secretAccessKey } or a function returning them',
      );
    }
  }

  /** Whether credentials are known without calling a provider. */
  get isFixed(): boolean {
    return this.#fixed !== undefined;
  }

  /** The access key id when known without a provider call. */
  get accessKeyId(): string | undefined {
    return (this.#fixed ?? this.#current)?.accessKeyId;
  }

  /** Fixed credentials, or provider credentials still fresh; else `undefined`. */
  peek(now: number): Credentials | undefined {
    if (this.#fixed) return this.#fixed;
    const current = this.#current;
    return current && !current.expiresWithin(REFRESH_MARGIN_SECONDS, now) ? current : undefined;
  }

  /** Credentials valid for signing at `now`, calling the provider if needed. */
  get(now: number): Credentials | Promise<Credentials> {
    const known = this.peek(now);
    if (known) return known;
    if (!this.#pending) {
      this.#pending = this.#fetch().finally(() => {
        this.#pending = undefined;
      });
    }
    return this.#pending;
  }

  async #fetch(): Promise<Credentials> {
    let answer: CredentialsLike;
    try {
      answer = await (this.#provider as CredentialsProvider)();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new SigV4Error('invalid_credentials', 'credentials', `the credentials provider failed: ${reason}`, {
        cause: err,
      });
    }
    const credentials = answer instanceof Credentials ? answer : new Credentials(answer);
    this.#current = credentials;
    return credentials;
  }

  toString(): string {
    return this.#fixed ? this.#fixed.toString() : 'CredentialSource { provider }';
  }

  toJSON(): unknown {
    return this.#fixed ? this.#fixed.toJSON() : { provider: true };
  }

  [INSPECT](): string {
    return this.toString();
  }
}
