/**
 * sigv4kit for browsers and bundlers: the same API as in Node; the
 * WebAssembly engine loads on first use (or `await ready()`), and the
 * environment and the shared AWS files do not exist here.
 */
import type { CredentialsProvider } from './credentials.js';
import type { FromIniOptions } from './credentials.js';
import type { VerifyOptions, VerifiedRequest } from './verify.js';
import type { SignableRequest } from './request.js';
import type { Signer } from './signer.js';
import type { ChunkedUpload, ChunkedUploadOptions } from './chunked.js';

export * from './api.js';

function nodeOnly(what: string): never {
  throw new Error(`${what} reads the environment or files, which only Node has; pass credentials (or a provider) instead`);
}

/** Only in Node: rejects here (the browser engine leaves chunked uploads out, for size). */
export function signChunked(_signer: Signer, _request: Omit<SignableRequest, 'body'>, _options: ChunkedUploadOptions): Promise<ChunkedUpload> {
  return Promise.reject(new Error('signChunked() is part of the Node build (Node, Deno, Bun); the browser engine leaves it out for size'));
}

/** Only in Node: throws here. */
export function chunkedTransform(_upload: unknown): never {
  throw new Error('chunkedTransform() makes a Node stream, which only Node has');
}

/** Only in Node: throws here. */
export function fromEnv(): CredentialsProvider {
  return nodeOnly('fromEnv()');
}

/** Only in Node: throws here. */
export function fromIni(_options?: FromIniOptions): CredentialsProvider {
  return nodeOnly('fromIni()');
}

/** Only in Node: throws here. */
export function loadRegion(_options?: FromIniOptions): Promise<string | undefined> {
  return nodeOnly('loadRegion()');
}

/** Only in Node: throws here. */
export function fromNodeProviderChain(_options?: unknown): CredentialsProvider {
  return nodeOnly('fromNodeProviderChain()');
}

/** Only in Node: throws here. */
export function fromInstanceMetadata(_options?: unknown): CredentialsProvider {
  return nodeOnly('fromInstanceMetadata()');
}

/** Only in Node: throws here. */
export function fromContainerMetadata(_options?: unknown): CredentialsProvider {
  return nodeOnly('fromContainerMetadata()');
}

/** Only in Node: throws here. */
export function fromTokenFile(_options?: unknown): CredentialsProvider {
  return nodeOnly('fromTokenFile()');
}

/** Only in Node: throws here. */
export function fromSSO(_options?: unknown): CredentialsProvider {
  return nodeOnly('fromSSO()');
}

/** Only in Node: throws here. */
export function fromProcess(_options?: unknown): CredentialsProvider {
  return nodeOnly('fromProcess()');
}

/** Only in Node: throws here. */
export function fromProfileChain(_options?: unknown): CredentialsProvider {
  return nodeOnly('fromProfileChain()');
}

/** Only in Node: throws here. */
export function fromTemporaryCredentials(_options?: unknown): CredentialsProvider {
  return nodeOnly('fromTemporaryCredentials()');
}

/** Only in Node: rejects here. */
export function verifyRequest(_request: SignableRequest, _options: VerifyOptions): Promise<VerifiedRequest> {
  return Promise.reject(new Error('verifyRequest() is part of the Node build; browsers sign, servers verify'));
}
