/**
 * The core's signing policy, asked through the engine: the glue keeps no
 * copy of a default of its own (see `sigv4kit::policy` in the core).
 */
import * as engine from './sigv4kit_wasm.js';
import { assertReady } from './wasm.js';
import { rethrow } from './errors.js';
import type { Scope } from './infer.js';

let signerHeaderNames: readonly string[] | undefined;
let separator: string | undefined;
let expiresIn: number | undefined;

/** The headers a signer owns, lower case: stale copies are dropped before signing again. */
export function signerHeaders(): readonly string[] {
  assertReady('signing');
  signerHeaderNames ??= Object.freeze(engine.signerHeaders());
  return signerHeaderNames;
}

/** What joins the values of a repeated header sent as one (the canonical request's `,`). */
export function headerValueSeparator(): string {
  assertReady('signing');
  separator ??= engine.headerValueSeparator();
  return separator;
}

/** The lifetime of a presigned URL when none is named, in seconds. */
export function defaultExpiresIn(): number {
  assertReady('presigning');
  expiresIn ??= engine.defaultExpiresIn();
  return expiresIn;
}

/**
 * The target as it goes on the wire: a raw `+` in the query becomes `%20`
 * (API Gateway reads it as a space, S3 as a plus; `%20` means a space to
 * both), a `%2B` stays a plus.
 */
export function wireTarget(target: string): string {
  assertReady('signing');
  return target.includes('+') ? engine.wireTarget(target) : target;
}

/** The region and service for a request to `host`: those given, the rest inferred from the host by the core. */
export function resolveScope(host: string, region: string | undefined, service: string | undefined): Scope {
  assertReady('signing');
  let scope: string[];
  try {
    scope = engine.resolveScope(host, region, service);
  } catch (err) {
    return rethrow(err);
  }
  const [r, s] = scope as [string, string];
  return { region: r, service: s };
}
