/**
 * The default credential chain in Node, without the AWS SDK.
 *
 * The Rust core (`sigv4kit::chain`, in the WebAssembly engine) decides, in
 * botocore's order, where credentials come from: the environment,
 * assume-role profiles, web identity, IAM Identity Center (SSO), the shared
 * files, `credential_process`, the container endpoint and EC2 instance
 * metadata. It asks for one thing at a time (a file, an HTTP request, a
 * process, an MFA code); this module does each with `node:fs`,
 * `node:http(s)` and `node:child_process` and hands the answer back.
 *
 * Every provider here is memoized: one call in flight however many callers
 * wait, the answer kept until five minutes before it expires, a still-valid
 * answer kept when a refresh fails, and an expired one never returned.
 */
import { homedir } from 'node:os';
import * as engine from './sigv4kit_wasm.js';
import { Credentials, REFRESH_MARGIN_SECONDS } from './credentials.js';
import type { CredentialsLike, CredentialsProvider } from './credentials.js';
import { SigV4Error, rethrow } from './errors.js';

/** An HTTP request the chain asks for, exactly as it is to be sent. */
export interface ChainHttpRequest {
  /** Which source asks: `instance_metadata`, `container`, `assume_role`, ... */
  source: string;
  method: string;
  url: string;
  /** In order, `Host` included. Values may be secrets. */
  headers: Array<[string, string]>;
  body: string;
  timeoutMs: number;
}

/** Sends a request; `undefined` when nothing answered (refused, timed out). */
export type ChainTransport = (request: ChainHttpRequest) => Promise<{ status: number; body: string } | undefined>;

/** Options of the chain and of each provider. */
export interface ChainOptions {
  /** A profile chosen by the program: the environment's keys are then skipped. */
  profile?: string;
  /** The environment to read instead of `process.env`. */
  env?: Record<string, string | undefined>;
  /** Sends the HTTP requests (default: `node:http`/`node:https`, no proxy). */
  transport?: ChainTransport;
  /** Returns the current code of an MFA device (`mfa_serial`); without it such profiles are refused. */
  mfaCodeProvider?: (serial: string) => Promise<string> | string;
  /** Fall back to IMDSv1 when the IMDSv2 token is refused (off: IMDSv1 is what SSRF abuses). */
  imdsV1Fallback?: boolean;
  /** `RoleSessionName` when the profile names none. */
  roleSessionName?: string;
}

/** What the chain resolved. */
export interface ResolvedChain {
  credentials: Credentials;
  /** The source that provided them. */
  source: string;
  /** `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's `region`. */
  region: string | undefined;
}

/** A source failed, or none had credentials. The message never holds a secret. */
export class CredentialChainError extends SigV4Error {
  /** The source at fault (`assume_role`, `sso`, `container`, ...) or `chain`. */
  readonly source: string;
  /** The setting at fault (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, `profile dev: source_profile`, ...). */
  readonly setting: string;
  /** True when no source was configured at all. */
  readonly notFound: boolean;

  constructor(message: string, source: string, setting: string, notFound: boolean) {
    super('invalid_credentials', 'credentials', message);
    this.name = 'CredentialChainError';
    this.source = source;
    this.setting = setting;
    this.notFound = notFound;
  }
}

const NUL = '\0';

function packEnv(env: Record<string, string | undefined>): string {
  let packed = '';
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('AWS_') && value !== undefined && !value.includes(NUL) && !name.includes('=')) {
      packed += `${name}=${value}${NUL}`;
    }
  }
  return packed;
}

async function readText(path: string): Promise<string | undefined> {
  // Loaded on first use: node:fs/promises brings a dozen of Node's internal
  // modules (about 1 ms of a fresh process's `import('sigv4kit')`).
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw err;
  }
}

/** Sends `request` as described, with Node's own HTTP client and no proxy. */
export async function sendHttp(request: ChainHttpRequest): Promise<{ status: number; body: string } | undefined> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return undefined;
  }
  // Loaded on first use: most programs never reach a credential endpoint,
  // and node:http(s) and node:child_process are a third of the package's
  // load time (BENCHMARKS.md, the npm section's load profile).
  const send = url.protocol === 'https:' ? (await import('node:https')).request : (await import('node:http')).request;
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) headers[name] = value;
    if (request.body !== '' || request.method === 'POST' || request.method === 'PUT') {
      headers['Content-Length'] = String(Buffer.byteLength(request.body));
    }
    const req = send(
      url,
      { method: request.method, headers, timeout: request.timeoutMs, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end(request.body === '' ? undefined : request.body);
  });
}

async function runProcess(argv: string[]): Promise<[number, string]> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    const [file, ...args] = argv;
    if (file === undefined) {
      resolve([-1, '']);
      return;
    }
    execFile(file, args, { timeout: 60_000, maxBuffer: 1 << 20, windowsHide: true }, (err, stdout) => {
      if (err && typeof (err as { code?: unknown }).code !== 'number') {
        resolve([-1, '']);
        return;
      }
      resolve([err ? Number((err as { code: number }).code) : 0, String(stdout)]);
    });
  });
}

function safeHome(env: Record<string, string | undefined>): string | undefined {
  if (env.HOME) return env.HOME;
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

/** Virtual files: answers for paths the caller synthesizes (fromTemporaryCredentials). */
type Files = Map<string, string | undefined>;

async function resolveWith(options: ChainOptions, only: string, files?: Files): Promise<ResolvedChain> {
  const env = options.env ?? process.env;
  let resolver;
  try {
    resolver = new engine.WasmChainResolver(
      packEnv(env),
      Date.now(),
      options.profile,
      safeHome(env),
      options.imdsV1Fallback === true,
      options.mfaCodeProvider !== undefined,
      options.roleSessionName,
      only,
    );
  } catch (err) {
    return rethrow(err);
  }
  const transport = options.transport ?? sendHttp;
  try {
    for (let i = 0; i < 100; i++) {
      const step = resolver.step().split(NUL);
      const kind = step[0];
      if (kind === 'read_file') {
        const path = step[1] as string;
        resolver.file(path, files?.has(path) ? files.get(path) : await readText(path));
      } else if (kind === 'http') {
        const [, id, source, method, url, timeout, body, ...flat] = step as string[];
        const headers: Array<[string, string]> = [];
        for (let h = 0; h + 1 < flat.length; h += 2) headers.push([flat[h] as string, flat[h + 1] as string]);
        const answer = await transport({
          source: source as string,
          method: method as string,
          url: url as string,
          headers,
          body: body as string,
          timeoutMs: Number(timeout),
        });
        resolver.http(id as string, answer?.status, answer?.body ?? '');
      } else if (kind === 'process') {
        const [, id, ...argv] = step as string[];
        const [code, out] = await runProcess(argv);
        resolver.process(id as string, code, out);
      } else if (kind === 'mfa') {
        const serial = step[1] as string;
        const provider = options.mfaCodeProvider as (serial: string) => Promise<string> | string;
        resolver.mfaToken(serial, String(await provider(serial)));
      } else if (kind === 'done') {
        const made = resolver.takeCredentials();
        if (!made) break;
        return {
          credentials: Credentials.fromEngine(made),
          source: step[1] as string,
          region: step[2] === '' ? undefined : step[2],
        };
      } else {
        const [, source, setting, message, notFound] = step as string[];
        throw new CredentialChainError(message as string, source as string, setting as string, notFound === '1');
      }
    }
  } finally {
    resolver.free();
  }
  throw new CredentialChainError('the credential chain did not finish', 'chain', '', false);
}

/** Runs the default chain once (not memoized). */
export function resolveCredentialChain(options: ChainOptions = {}): Promise<ResolvedChain> {
  return resolveWith(options, '');
}

/** A memoized provider around `fetch`: see the module documentation. */
function memoize(fetch: () => Promise<ResolvedChain>): CredentialsProvider & { lastResolved?: ResolvedChain } {
  let current: ResolvedChain | undefined;
  let pending: Promise<Credentials> | undefined;
  const provider = (): Promise<Credentials> => {
    const now = Date.now();
    if (current && !current.credentials.expiresWithin(REFRESH_MARGIN_SECONDS, now)) {
      return Promise.resolve(current.credentials);
    }
    if (!pending) {
      pending = fetch()
        .then(
          (resolved) => {
            current = resolved;
            provider.lastResolved = resolved;
            return resolved.credentials;
          },
          (err: unknown) => {
            if (current && !current.credentials.expiresWithin(0, Date.now())) return current.credentials;
            throw err;
          },
        )
        .finally(() => {
          pending = undefined;
        });
    }
    return pending;
  };
  provider.lastResolved = undefined as ResolvedChain | undefined;
  return provider;
}

/**
 * The default chain, as `@aws-sdk/credential-provider-node`'s
 * `defaultProvider()` / `fromNodeProviderChain()` resolves it (in
 * botocore's order), memoized.
 */
export function fromNodeProviderChain(options: ChainOptions = {}): CredentialsProvider {
  return memoize(() => resolveWith(options, ''));
}

/** EC2 instance metadata (IMDSv2; `AWS_EC2_METADATA_SERVICE_ENDPOINT`, `AWS_EC2_METADATA_DISABLED`). */
export function fromInstanceMetadata(options: ChainOptions = {}): CredentialsProvider {
  return memoize(() => resolveWith(options, 'instance_metadata'));
}

/** The container endpoint (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`, with its token). */
export function fromContainerMetadata(options: ChainOptions = {}): CredentialsProvider {
  return memoize(() => resolveWith(options, 'container'));
}

/** `AssumeRoleWithWebIdentity` from `AWS_ROLE_ARN` + `AWS_WEB_IDENTITY_TOKEN_FILE`, or the profile's. */
export function fromTokenFile(options: ChainOptions = {}): CredentialsProvider {
  return memoize(() => resolveWith(options, 'web_identity'));
}

/** IAM Identity Center: the profile's `sso_session` (or legacy `sso_start_url`) and the `aws sso login` cache. */
export function fromSSO(options: ChainOptions = {}): CredentialsProvider {
  return memoize(() => resolveWith(options, 'sso'));
}

/** The profile's `credential_process`. */
export function fromProcess(options: ChainOptions = {}): CredentialsProvider {
  return memoize(() => resolveWith(options, 'process'));
}

/** The profile's chain once, not memoized (for `fromIni`, which its signer memoizes). */
export function fromProfileChainOnce(profile: string, options: ChainOptions = {}): Promise<ResolvedChain> {
  return resolveWith({ ...options, profile }, 'profile');
}

/** Everything a profile can name: assume-role, web identity, SSO, static keys, `credential_process`. */
export function fromProfileChain(options: ChainOptions = {}): CredentialsProvider {
  return memoize(() => resolveWith(options, 'profile'));
}

/** What `fromTemporaryCredentials` assumes, and with what. */
export interface TemporaryCredentialsOptions extends ChainOptions {
  roleArn: string;
  /** The credentials that call `AssumeRole` (default: the default chain). */
  sourceCredentials?: CredentialsProvider | CredentialsLike;
  roleSessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  /** The MFA device; needs `mfaCodeProvider`. */
  mfaSerial?: string;
}

const VIRTUAL_CONFIG = 'sigv4kit-virtual:config';
const VIRTUAL_CREDENTIALS = 'sigv4kit-virtual:credentials';

function iniValue(name: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  if (/[\r\n]/.test(text)) throw new SigV4Error('invalid_credentials', name, `invalid ${name}: must be one line`);
  return `${name} = ${text}\n`;
}

/**
 * STS `AssumeRole`, signed by the core with `sourceCredentials`: the AWS
 * SDK's `fromTemporaryCredentials`. Uses the environment's STS endpoint
 * settings (`AWS_ENDPOINT_URL_STS`, `AWS_REGION`, ...).
 */
export function fromTemporaryCredentials(options: TemporaryCredentialsOptions): CredentialsProvider {
  const source =
    typeof options.sourceCredentials === 'function'
      ? options.sourceCredentials
      : options.sourceCredentials
        ? () => options.sourceCredentials as CredentialsLike
        : fromNodeProviderChain({ ...options, profile: undefined });
  return memoize(async () => {
    const answer = await source();
    const creds = answer instanceof Credentials ? answer : new Credentials(answer);
    const config =
      '[profile sigv4kit-temporary]\n' +
      iniValue('role_arn', options.roleArn) +
      'credential_source = Environment\n' +
      iniValue('role_session_name', options.roleSessionName) +
      iniValue('external_id', options.externalId) +
      iniValue('duration_seconds', options.durationSeconds) +
      iniValue('mfa_serial', options.mfaSerial);
    const env: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(options.env ?? process.env)) {
      if (k.startsWith('AWS_') && !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN|CREDENTIAL_EXPIRATION|PROFILE|DEFAULT_PROFILE)$/.test(k)) {
        env[k] = v;
      }
    }
    env.AWS_CONFIG_FILE = VIRTUAL_CONFIG;
    env.AWS_SHARED_CREDENTIALS_FILE = VIRTUAL_CREDENTIALS;
    env.AWS_ACCESS_KEY_ID = creds.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = creds.secretAccessKey;
    env.AWS_SESSION_TOKEN = creds.sessionToken;
    const files: Files = new Map([
      [VIRTUAL_CONFIG, config],
      [VIRTUAL_CREDENTIALS, undefined],
    ]);
    return resolveWith({ ...options, env, profile: 'sigv4kit-temporary' }, 'profile', files);
  });
}
