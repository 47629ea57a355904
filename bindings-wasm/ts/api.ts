/** What every build exports. */
export { Signer } from './signer.js';
export type { SignerOptions, SigningSettings, SignOptions, PresignOptions, SignedRequest } from './signer.js';
export { Credentials, REFRESH_MARGIN_SECONDS } from './credentials.js';
export type { CredentialsLike, CredentialsProvider, CredentialsInput, FromIniOptions } from './credentials.js';
export { fromCognitoIdentityPool } from './cognito.js';
export type { CognitoIdentityPoolOptions } from './cognito.js';
export { SigV4Error } from './errors.js';
export type { SigV4ErrorCode } from './errors.js';
export { PayloadHasher } from './hasher.js';
export { inferScope } from './infer.js';
export type { Scope } from './infer.js';
export { ready, isReady } from './wasm.js';
export type { WasmSource } from './wasm.js';
export type { SignableRequest, HeadersInput, HeaderValue, BodyInput } from './request.js';
