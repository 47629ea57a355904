// One line per call, as the demo runner reads them:
// CALL<TAB>STATUS<TAB>first 80 characters of the response message.
export function report(call, status, body) {
  let message = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  try {
    const parsed = JSON.parse(message);
    if (parsed && typeof parsed === 'object' && typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // not JSON: show the text
  }
  console.log(`${call}\t${status}\t${message.replace(/\s+/g, ' ').trim().slice(0, 80)}`);
}

// The temporary credentials in an STS AssumeRole XML reply.
export function assumedCredentials(xml) {
  const field = (name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return {
    accessKeyId: field('AccessKeyId'),
    secretAccessKey: field('SecretAccessKey'),
    sessionToken: field('SessionToken'),
    expiration: field('Expiration'),
  };
}

export function settings() {
  const endpoint = process.env.SIGV4KIT_ENDPOINT;
  if (!endpoint) throw new Error('set SIGV4KIT_ENDPOINT, e.g. http://127.0.0.1:40123');
  return {
    endpoint: endpoint.replace(/\/$/, ''),
    region: process.env.AWS_REGION ?? 'us-east-1',
    roleArn: process.env.DEMO_ROLE_ARN ?? 'arn:aws:iam::111122223333:role/demo-client',
  };
}
