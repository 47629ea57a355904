/**
 * Region and service from an AWS host name, for integrations whose caller
 * did not name them: `abc.execute-api.us-east-1.amazonaws.com` signs for
 * `execute-api` in `us-east-1`.
 */

export interface Scope {
  region: string;
  service: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const SUFFIXES = ['.amazonaws.com.cn', '.amazonaws.com', '.api.aws', '.on.aws'];

// Endpoint prefixes whose signing name differs.
const SIGNING_NAMES: Record<string, string> = {
  'lambda-url': 'lambda',
  'iot-data': 'iotdata',
  'data-ats.iot': 'iotdata',
  'runtime.sagemaker': 'sagemaker',
  'runtime.lex': 'lex',
  's3-control': 's3',
  's3-accesspoint': 's3',
  's3-website': 's3',
  dualstack: 's3',
};

/**
 * The region and service an AWS endpoint host signs for, or `undefined` when
 * the host is not recognizably AWS. A global endpoint without a region
 * (`sts.amazonaws.com`, `iam.amazonaws.com`) signs for `us-east-1`.
 */
export function inferScope(host: string): Scope | undefined {
  const hostname = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  const suffix = SUFFIXES.find((s) => hostname.endsWith(s));
  if (!suffix) return undefined;
  const labels = hostname.slice(0, -suffix.length).split('.');
  let region = 'us-east-1';
  const last = labels[labels.length - 1] ?? '';
  if (REGION.test(last)) {
    region = last;
    labels.pop();
  } else if (/^s3-[a-z]{2}(-[a-z]+)+-\d+$/.test(last)) {
    // Legacy `bucket.s3-us-west-2.amazonaws.com`.
    return { region: last.slice(3), service: 's3' };
  }
  if (labels.length === 0) return undefined;
  const service = labels[labels.length - 1] as string;
  const twoLabels = labels.slice(-2).join('.');
  const named = SIGNING_NAMES[twoLabels] ?? SIGNING_NAMES[service];
  if (named) return { region, service: named };
  // `bucket.s3.…`, `s3.dualstack.…`: S3 wherever it appears.
  if (labels.includes('s3')) return { region, service: 's3' };
  return { region, service };
}
