// The AWS SDK for JavaScript's default chain (fromNodeProviderChain of
// @aws-sdk/credential-providers), resolved once in this process's
// environment, printed as one JSON line: the reference the credential matrix
// compares the Node build with. Every socket is checked: only 127.0.0.1 may
// be reached, and 169.254.170.2 (the container endpoint of the relative URI)
// is redirected to $TEST_CONTAINER_REDIRECT.
import net from 'node:net';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // net.createConnection passes its normalized [options, callback] array.
  let options = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof options !== 'object' || options === null) {
    options = { port: args[0], host: typeof args[1] === 'string' ? args[1] : 'localhost' };
    args = [options, ...args.slice(typeof args[1] === 'string' ? 2 : 1)];
  }
  // A string path is a Unix socket; anything else is checked (fail closed).
  if (typeof options.path !== 'string') {
    if (options.host === '169.254.170.2' && process.env.TEST_CONTAINER_REDIRECT) {
      const [host, port] = process.env.TEST_CONTAINER_REDIRECT.split(':');
      options.host = host;
      options.port = Number(port);
    }
    if (options.host !== '127.0.0.1') {
      throw new Error(`test guard: refusing a connection to ${options.host}`);
    }
  }
  return connect.apply(this, args);
};

let out;
try {
  const c = await fromNodeProviderChain()();
  out = {
    outcome: 'ok',
    keys: [c.accessKeyId, c.secretAccessKey, c.sessionToken ?? null],
    expiry: c.expiration ? Math.floor(c.expiration.getTime() / 1000) : null,
  };
} catch (err) {
  const none = /Could not load credentials from any providers/.test(String(err?.message));
  out = { outcome: none ? 'none' : 'error', error: String(err?.name), message: String(err?.message).slice(0, 300) };
}
process.stdout.write(JSON.stringify(out) + '\n');
