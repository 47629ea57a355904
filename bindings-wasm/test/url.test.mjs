// The signer splits plain URLs itself instead of parsing them (request.ts,
// splitPlainUrl): every split must be what the WHATWG URL parser (Node's
// `URL`, the parser fetch uses) makes of the same string, and every URL the
// parser would rewrite must be left to the parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Signer } from 'sigv4kit';

const require = createRequire(import.meta.url);
const { splitPlainUrl } = require('../dist/node/request.js');

/** What the signer takes from a parsed URL: origin, host and target. */
function parsed(text) {
  const url = new URL(text);
  return [`${url.protocol}//${url.host}`, url.host, url.pathname + url.search];
}

// Pieces that the parser keeps, and pieces that it rewrites (percent-encodes,
// lower-cases, normalizes, drops) or refuses.
const SCHEMES = ['https://', 'http://', 'HTTPS://', 'ftp://', 'https:/', ' https://'];
const HOSTS = [
  'abc123.execute-api.us-east-1.amazonaws.com', 'localhost', 'a_b-c.example', 'Example.com', '127.0.0.1', '0x7f.1',
  'a..b', 'host.', 'xn--bcher-kva.example', 'xn--zz.example', 'b\u00fccher.example', 'h@x', 'user:pw@h', '',
  '1.example', 'example.123', 'ex%41mple.com', '[::1]',
];
const PORTS = ['', ':443', ':80', ':8443', ':0', ':08443', ':65535', ':65536', ':99999', ':', ':1'];
const PATHS = [
  '', '/', '/prod/pets', '/a//b', '/a/./b', '/a/../b', '/.', '/..', '/%2e/x', '/.well-known/x', '/a%2Fb', '/%zz',
  "/!$&'()*+,;=:@~", '/a b', '/a\\b', '/caf\u00e9', '/a"b', '/a<b>', '/a{b}', '/a`b', '/a|b', '/a^b', '/%E2%82%AC',
];
const QUERIES = [
  '', '?', '?a=1&b=2', '?type=dog&page=2', '?a=b+c', '?a=%20', "?a='x'", '?a=b c', '?a=<b>', '?a=\u00e9', '?a=b?c/d',
  '?X-Amz-Expires=60', '?a=%', '#frag', '?a=1#frag', '??', '?a={b}', '?a=`',
];

test('every plain URL splits as the WHATWG parser parses it; the rest go to the parser', () => {
  let split = 0;
  let fellBack = 0;
  for (const scheme of SCHEMES) {
    for (const host of HOSTS) {
      for (const port of PORTS) {
        for (const path of PATHS) {
          for (const query of QUERIES) {
            const text = scheme + host + port + path + query;
            const ours = splitPlainUrl(text);
            if (ours === undefined) {
              fellBack += 1;
              continue;
            }
            split += 1;
            assert.deepEqual(ours, parsed(text), text);
          }
        }
      }
    }
  }
  // Both branches are exercised, not only one of them.
  assert.ok(split > 1000, `only ${split} URLs were split`);
  assert.ok(fellBack > 1000, `only ${fellBack} URLs went to the parser`);
});

test('a plain URL and the same URL as a URL object sign byte for byte alike', () => {
  const signer = new Signer({
    region: 'us-east-1',
    service: 'execute-api',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  });
  const signingDate = '2015-08-30T12:36:00Z';
  for (const text of [
    'https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?type=dog&page=2',
    'http://localhost:8080/a//b?x=1&x=2',
    'https://h.example/?',
    'https://h.example',
  ]) {
    assert.ok(splitPlainUrl(text) !== undefined, text);
    for (const sign of [(r) => signer.signSync(r, { signingDate }), (r) => signer.presignSync(r, { signingDate })]) {
      const fromText = sign({ method: 'GET', url: text, headers: { accept: 'application/json' } });
      const fromUrl = sign({ method: 'GET', url: new URL(text), headers: { accept: 'application/json' } });
      assert.deepEqual(fromText, fromUrl, text);
    }
  }
});
