/**
 * Presigned S3 POSTs: browser uploads straight to a bucket with a form.
 *
 * The server that holds the credentials calls `signer.presignPost(…)` and
 * hands the browser `{ url, fields }`; the browser posts the fields and then
 * the file (`file` last, as S3 requires) as `multipart/form-data`. The
 * policy document, its signature and the checks on the inputs are the
 * core's: the fields equal botocore's `generate_presigned_post` byte for
 * byte for the same inputs.
 */
import type { WasmCredentials, presignPost } from './sigv4kit_wasm.js';
import type { SigV4Error, rethrow } from './errors.js';

/** One condition of the policy, as S3's policy documents write it. */
export type PostCondition =
  | Record<string, string>
  | ['eq' | 'starts-with', string, string]
  | ['content-length-range', number, number];

export interface PresignPostOptions {
  /** The bucket to upload into. */
  bucket: string;
  /** The object key; it may end in `${filename}` (S3 puts the file's name there). */
  key: string;
  /** Conditions the form must meet, besides the bucket, the key and the signature's own. */
  conditions?: PostCondition[];
  /** Fields to post with the file (each needs a condition that allows it). */
  fields?: Record<string, string>;
  /** Seconds the policy stays valid, 1 to 604800 (7 days). Defaults to 3600. */
  expiresIn?: number;
  /** Post to this endpoint (an S3-compatible store, a local gateway), the bucket in the path. */
  endpoint?: string;
  /** The signing time: a `Date`, milliseconds since the epoch, or an RFC 3339 UTC string. Defaults to now. */
  signingDate?: Date | number | string;
}

/** Where to post and what to post: ready for `FormData` (append `file` last). */
export interface PresignedPost {
  url: string;
  /** The form fields, as an object (`Object.entries` lists names that look like integers first). */
  fields: Record<string, string>;
  /** The same fields as `[name, value]` pairs, in botocore's order. */
  fieldList: [string, string][];
}

/**
 * What the presigner takes from the rest of the glue. This module is
 * imported on the first `presignPost` (signer.ts) and imports nothing but
 * types: were it to import errors.js or credentials.js, esbuild's code
 * splitting (scripts/bundle-web.cjs) would put the modules it shares with
 * the entries in chunks of their own, more files for every page.
 */
export interface PostTools {
  SigV4Error: typeof SigV4Error;
  rethrow: typeof rethrow;
  /** The engine's presigner (only the `sigv4kit/full` browser engine has one). */
  presign: typeof presignPost;
  /** The engine's copy of the signer's credentials (`Credentials.engineOf`), made once the options are checked. */
  credentials: () => WasmCredentials;
}

/** Presigns with resolved credentials; `Signer.presignPost` is the public door. */
export function presignPostWith(region: string, time: number, options: PresignPostOptions, tools: PostTools): PresignedPost {
  const { SigV4Error, rethrow } = tools;
  if (typeof options !== 'object' || options === null) {
    throw new SigV4Error('invalid_key', 'options', 'invalid options: expected { bucket, key, conditions?, fields?, expiresIn? }');
  }
  const { bucket, key, conditions, fields, expiresIn, endpoint } = options;
  if (typeof bucket !== 'string') throw new SigV4Error('invalid_bucket', 'bucket', 'invalid bucket: must be a string');
  if (typeof key !== 'string') throw new SigV4Error('invalid_key', 'key', 'invalid key: must be a string');
  if (conditions !== undefined && !Array.isArray(conditions)) {
    throw new SigV4Error('invalid_condition', 'conditions', 'invalid conditions: must be an array');
  }
  const flat: string[] = [];
  if (fields !== undefined) {
    if (typeof fields !== 'object' || fields === null) throw new SigV4Error('invalid_field', 'fields', 'invalid fields: must be an object of strings');
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value !== 'string') throw new SigV4Error('invalid_field', `fields.${name}`, 'invalid field: the value must be a string');
      flat.push(name, value);
    }
  }
  const seconds = expiresIn ?? 3600;
  if (typeof seconds !== 'number') throw new SigV4Error('invalid_expiry', 'expires_in', 'invalid expiresIn: must be a number of seconds');
  if (endpoint !== undefined && typeof endpoint !== 'string') throw new SigV4Error('invalid_endpoint', 'endpoint', 'invalid endpoint: must be a string');
  let answer: string[];
  try {
    answer = tools.presign(
      tools.credentials(),
      region,
      time,
      bucket,
      key,
      conditions === undefined ? undefined : JSON.stringify(conditions),
      flat,
      seconds,
      endpoint,
    );
  } catch (err) {
    return rethrow(err);
  }
  const fieldList: [string, string][] = [];
  for (let i = 1; i + 1 < answer.length; i += 2) fieldList.push([answer[i]!, answer[i + 1]!]);
  return { url: answer[0]!, fields: Object.fromEntries(fieldList), fieldList };
}
