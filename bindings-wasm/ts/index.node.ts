/**
 * sigv4kit for Node: AWS Signature Version 4 from one audited Rust core.
 *
 * @packageDocumentation
 */
export * from './api.js';
export { fromEnv, fromIni, loadRegion } from './node-credentials.js';
export { chunkedTransform } from './chunked-node.js';
export { signChunked, ChunkedEncoder } from './chunked.js';
export type { ChunkedUpload, ChunkedUploadOptions, ChunkedMode, ChunkedChecksum } from './chunked.js';
export {
  fromNodeProviderChain,
  fromInstanceMetadata,
  fromContainerMetadata,
  fromTokenFile,
  fromSSO,
  fromProcess,
  fromProfileChain,
  fromTemporaryCredentials,
  resolveCredentialChain,
  sendHttp,
  CredentialChainError,
} from './chain.js';
export type { ChainOptions, ChainHttpRequest, ChainTransport, ResolvedChain, TemporaryCredentialsOptions } from './chain.js';
export { verifyRequest, incomingRequest, SignatureVerificationError, VerifiedRequest } from './verify.js';
export type { VerifyOptions, VerificationFailure, CredentialsLookup } from './verify.js';
