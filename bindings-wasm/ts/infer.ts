/**
 * Region and service from an AWS host name, for integrations whose caller
 * did not name them: `abc.execute-api.us-east-1.amazonaws.com` signs for
 * `execute-api` in `us-east-1`. The rules are the core's, shared by every
 * sigv4kit binding.
 */
import * as engine from './sigv4kit_wasm.js';
import { assertReady } from './wasm.js';

export interface Scope {
  region: string;
  service: string;
}

/**
 * The region and service an AWS endpoint host signs for, or `undefined` when
 * the host is not recognizably AWS. A global endpoint without a region
 * (`sts.amazonaws.com`, `iam.amazonaws.com`) signs for `us-east-1`. In
 * browsers, `await ready()` first (Node loads the engine at once).
 */
export function inferScope(host: string): Scope | undefined {
  assertReady('inferScope()');
  const scope = engine.inferScope(host);
  if (scope === undefined) return undefined;
  const [region, service] = scope as [string, string];
  return { region, service };
}
