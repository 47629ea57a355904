// Loaded before every test file (`node --import`, see package.json): the
// tests may reach 127.0.0.1 and ::1 only. A connection to any other host —
// a real AWS endpoint, the instance or container metadata addresses, a name
// that would need DNS — throws in the test that tried it, before anything
// leaves the machine, so a test that forgot to point an endpoint variable at
// a local stand-in fails instead of reaching out.
import net from 'node:net';

function loopback(host) {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function loopbackOnlyConnect(...args) {
  // net.connect() passes its normalized [options, callback] pair.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  let host;
  let path;
  if (typeof first === 'object' && first !== null) {
    ({ host, path } = first);
  } else if (typeof first === 'string' && !/^\d+$/.test(first)) {
    path = first;
  } else {
    host = typeof args[1] === 'string' ? args[1] : undefined;
  }
  if (typeof path !== 'string' && !loopback(host ?? 'localhost')) {
    throw new Error(`test guard: no connection to ${host}: tests reach 127.0.0.1 only`);
  }
  return connect.apply(this, args);
};
