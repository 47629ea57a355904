// The sigv4kit demo with fetch: `createSignedFetch` gives a fetch that signs
// every request, usable the same way in browsers.
//
//   SIGV4KIT_ENDPOINT=http://127.0.0.1:40123 AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… node fetch-client.mjs
import { Signer, fromEnv, fromIni } from 'sigv4kit';
import { createSignedFetch, signedFetch } from 'sigv4kit/fetch';
import { report, assumedCredentials, settings } from './report.mjs';

const { endpoint, region, roleArn } = settings();
const credentials = fromEnv();
const awsFetch = createSignedFetch({ region, service: 'execute-api', credentials });

async function show(call, response) {
  report(call, response.status, await response.text());
}

// allowed: the query is signed as fetch encodes it.
await show('allowed', await awsFetch(`${endpoint}/prod/hello?name=sigv4kit`));

// unsigned: plain fetch, refused.
await show('unsigned', await fetch(`${endpoint}/prod/hello`));

// tampered: the headers of a signature for ?name=a, sent with ?name=b.
const signer = new Signer({ region, service: 'execute-api', credentials });
const signed = await signer.sign({ method: 'GET', url: `${endpoint}/prod/hello?name=a` });
await show('tampered', await fetch(`${endpoint}/prod/hello?name=b`, { headers: signed.headers }));

// denied: signed, but not allowed by the policy.
await show('denied', await awsFetch(`${endpoint}/prod/denied`));

// presigned: a URL that works without any header for 300 s.
const { url } = await signer.presign({ url: `${endpoint}/prod/hello` }, { expiresIn: 300 });
await show('presigned', await fetch(url));

// upload: a presigned S3 POST (what a server hands a browser) and a
// FormData of its fields and the file, posted to the gateway's S3-style
// bucket route, which checks the policy as S3 does.
const uploader = new Signer({ region, service: 's3', credentials });
const post = await uploader.presignPost({
  bucket: 'uploads',
  key: 'demo/${filename}',
  endpoint: `${endpoint}/s3`,
  fields: { success_action_status: '201' },
  conditions: [{ success_action_status: '201' }, ['content-length-range', 1, 1024]],
  expiresIn: 300,
});
const form = new FormData();
for (const [name, value] of post.fieldList) form.append(name, value);
form.append('file', new Blob(['hello from node']), 'node.txt'); // the file goes last
const uploaded = await fetch(post.url, { method: 'POST', body: form });
const answer = await uploaded.text();
report('upload', uploaded.status, /<Key>([^<]*)<\/Key>/.exec(answer)?.[1] ?? answer);

// profile-role: profiles with role_arn + source_profile, resolved by the
// core's credential chain (STS at AWS_ENDPOINT_URL_STS).
for (const [call, profile] of [
  ['profile-role', process.env.DEMO_PROFILE_ROLE],
  ['profile-role-denied', process.env.DEMO_PROFILE_DENIED],
]) {
  await show(call, await signedFetch(`${endpoint}/prod/hello`, undefined, { region, service: 'execute-api', credentials: fromIni({ profile }) }));
}

// assume-role: STS is signed for service `sts`; its XML reply holds
// temporary credentials, whose session token signedFetch sends along.
let response = await signedFetch(
  `${endpoint}/`,
  {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 'demo' }),
  },
  { region, service: 'sts', credentials },
);
if (response.status === 200) {
  const temporary = assumedCredentials(await response.text());
  response = await signedFetch(`${endpoint}/prod/hello`, undefined, { region, service: 'execute-api', credentials: temporary });
}
await show('assume-role', response);
