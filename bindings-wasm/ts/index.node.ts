/**
 * sigv4kit for Node: AWS Signature Version 4 from one audited Rust core.
 *
 * @packageDocumentation
 */
export * from './api.js';
export { fromEnv, fromIni, loadRegion } from './node-credentials.js';
