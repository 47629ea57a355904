/**
 * Credentials from the environment and the shared AWS files, in Node.
 *
 * The I/O (reading `process.env` and the files) happens here; what the
 * variables and files mean is decided by the core (`sigv4kit::profile`), so
 * a profile resolves exactly as it does in sigv4kit's Python and C bindings.
 */
import { homedir } from 'node:os';
import * as engine from './sigv4kit_wasm.js';
import { Credentials } from './credentials.js';
import type { CredentialsProvider, FromIniOptions } from './credentials.js';
import { SigV4Error, rethrow } from './errors.js';
import { fromProfileChainOnce as resolveProfileChain } from './chain.js';

/** The `AWS_*` variables, packed as the engine reads them. */
function awsEnvironment(): string {
  let packed = '';
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('AWS_') && value !== undefined && !value.includes('\0')) packed += `${name}=${value}\0`;
  }
  return packed;
}

/**
 * A provider of the credentials in `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and
 * `AWS_CREDENTIAL_EXPIRATION`, read when first needed.
 */
export function fromEnv(): CredentialsProvider {
  return async function credentialsFromEnv(): Promise<Credentials> {
    let made;
    try {
      made = engine.credentialsFromEnv(awsEnvironment());
    } catch (err) {
      return rethrow(err);
    }
    if (!made) {
      throw new SigV4Error(
        'invalid_credentials',
        'access_key_id',
        'no credentials in the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set',
      );
    }
    return Credentials.fromEngine(made);
  };
}

async function readIfPresent(path: string): Promise<string | undefined> {
  // Loaded on first use: node:fs/promises brings a dozen of Node's internal
  // modules (about 1 ms of a fresh process's `import('sigv4kit')`).
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function safeHome(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

/** The files and profile `fromIni` and `loadProfile` read. */
async function loadProfile(options: FromIniOptions) {
  const env = awsEnvironment();
  const [configPath, credentialsPath] = engine.sharedFilePaths(env, safeHome()) as [string, string];
  const [config, credentials] = await Promise.all([
    readIfPresent(options.configFilepath ?? configPath),
    readIfPresent(options.filepath ?? credentialsPath),
  ]);
  const name = options.profile ?? engine.selectedProfile(env);
  try {
    return { name, profile: engine.resolveProfile(config, credentials, name) };
  } catch (err) {
    return rethrow(err);
  }
}

/**
 * A provider of the static keys of a profile in the shared files
 * (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`),
 * read when first needed. Profiles that assume a role (`role_arn` with
 * `source_profile` or `credential_source`), use web identity, SSO or a
 * `credential_process` are resolved by the core's credential chain
 * (`fromProfileChain()`); `filepath`/`configFilepath` apply to static keys.
 */
export function fromIni(options: FromIniOptions = {}): CredentialsProvider {
  return async function credentialsFromIni(): Promise<Credentials> {
    const { name, profile } = await loadProfile(options);
    let made;
    try {
      made = profile.credentials();
    } catch (err) {
      return rethrow(err);
    }
    if (!made) {
      // Assume-role, web identity, SSO, credential_process: the core's chain
      // for this profile, its I/O done by ./chain.ts.
      const resolved = await resolveProfileChain(name);
      return resolved.credentials;
    }
    return Credentials.fromEngine(made);
  };
}

/**
 * The region to use: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the
 * `region` of the profile (`options.profile`, `AWS_PROFILE` or `default`);
 * `undefined` when none is set.
 */
export async function loadRegion(options: FromIniOptions = {}): Promise<string | undefined> {
  const fromEnvironment = engine.regionFromEnv(awsEnvironment());
  if (fromEnvironment) return fromEnvironment;
  try {
    return (await loadProfile(options)).profile.region();
  } catch (err) {
    if (err instanceof SigV4Error) return undefined;
    throw err;
  }
}
