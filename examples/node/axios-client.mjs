// The sigv4kit demo with Axios: a client whose requests are signed by an
// interceptor, as an application calling API Gateway (AWS_IAM auth) would.
//
//   SIGV4KIT_ENDPOINT=http://127.0.0.1:40123 AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… node axios-client.mjs
import axios from 'axios';
import { Signer, fromEnv, fromIni } from 'sigv4kit';
import { sigv4Interceptor } from 'sigv4kit/axios';
import { report, assumedCredentials, settings } from './report.mjs';

const { endpoint, region, roleArn } = settings();
// Keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read on first use.
const credentials = fromEnv();

// Every request of `api` is signed for API Gateway. validateStatus keeps
// 403s as answers rather than exceptions, so the demo can print them.
function signedClient(service, creds) {
  const client = axios.create({ baseURL: endpoint, validateStatus: () => true });
  client.interceptors.request.use(sigv4Interceptor({ region, service, credentials: creds }));
  return client;
}
const api = signedClient('execute-api', credentials);
const plain = axios.create({ baseURL: endpoint, validateStatus: () => true });

// allowed: params are serialized by axios, and the interceptor signs exactly that.
let res = await api.get('/prod/hello', { params: { name: 'sigv4kit' } });
report('allowed', res.status, res.data);

// unsigned: no signature, so the gateway refuses it.
res = await plain.get('/prod/hello');
report('unsigned', res.status, res.data);

// tampered: a signature for ?name=a does not cover ?name=b.
const signer = new Signer({ region, service: 'execute-api', credentials });
const signed = await signer.sign({ method: 'GET', url: `${endpoint}/prod/hello?name=a` });
res = await plain.get('/prod/hello?name=b', { headers: signed.headers });
report('tampered', res.status, res.data);

// denied: correctly signed, but the policy does not allow this path.
res = await api.get('/prod/denied');
report('denied', res.status, res.data);

// presigned: the signature travels in the URL, so any plain GET works for 300 s.
const { url } = await signer.presign({ method: 'GET', url: `${endpoint}/prod/hello` }, { expiresIn: 300 });
res = await plain.get(url);
report('presigned', res.status, res.data);

// profile-role: profiles with role_arn + source_profile (AWS_CONFIG_FILE);
// fromIni() assumes the role through the core's credential chain, with STS
// at AWS_ENDPOINT_URL_STS, and the API judges the role's session.
for (const [call, profile] of [
  ['profile-role', process.env.DEMO_PROFILE_ROLE],
  ['profile-role-denied', process.env.DEMO_PROFILE_DENIED],
]) {
  res = await signedClient('execute-api', fromIni({ profile })).get('/prod/hello');
  report(call, res.status, res.data);
}

// assume-role: ask STS (signed for service `sts`) for temporary credentials,
// then call the API with them; the interceptor adds their session token.
const sts = signedClient('sts', credentials);
const form = new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 'demo' });
res = await sts.post('/', form, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, responseType: 'text' });
if (res.status === 200) {
  const temporary = assumedCredentials(res.data);
  res = await signedClient('execute-api', temporary).get('/prod/hello');
}
report('assume-role', res.status, res.data);
