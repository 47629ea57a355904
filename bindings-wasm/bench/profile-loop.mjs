// The loop bench/sign.mjs profiles (node --cpu-prof): one signer signing
// the benchmark's GET `n` times, as a long-lived application does.
//
//   node --cpu-prof bench/profile-loop.mjs URL N
//
// Prints the process's CPU microseconds per signature over the loop.
import { Signer } from 'sigv4kit';

const [url, n] = process.argv.slice(2);
const signer = new Signer({
  region: 'us-east-1',
  service: 'execute-api',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
});
const request = { method: 'GET', url, headers: { accept: 'application/json' } };
const start = process.cpuUsage();
for (let i = 0; i < Number(n); i += 1) signer.signSync(request);
const used = process.cpuUsage(start);
console.log((used.user + used.system) / Number(n));
