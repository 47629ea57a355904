// What scripts/bundle-web.cjs makes of the browser glue, besides bundling it.
//
// The modules the browser builds import on first use (LAZY): the Cognito
// identity-pool calls and the POST-policy presigner. They
// stay out of what a page fetches for `import { Signer } from 'sigv4kit'`
// (the static import graph bench/sign.mjs counts), every import() of a
// shipped module names a file that ships beside it, and they import nothing
// themselves. That each works once loaded: test/gateway.test.mjs (Cognito)
// and test/entries.test.mjs (presignPost on dist/web-sigv4a). Node bundles
// (dist/bundle) import them at load: one file for a Lambda.
//
// The engine's exports read by plain names (staticLookup): only those the
// glue reads are left in the bundle. That the lookup still finds the full
// engine's diagnosis and presigner, and not the plain engine's missing
// ones: test/entries.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';

const LAZY = ['cognito-calls.js', 'post-policy.js'];
const STATIC = /(?:import|export)[^'"]*?from\s*['"]\.\/([^'"]+)['"]|\bimport\s*['"]\.\/([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]\.\/([^'"]+)['"]\s*\)/g;

const dirUrl = (dir) => new URL(`../dist/${dir}/`, import.meta.url);
const read = (dir, name) => readFileSync(new URL(name, dirUrl(dir)), 'utf8');

function staticGraph(dir, entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const m of read(dir, entry).matchAll(STATIC)) staticGraph(dir, m[1] ?? m[2], seen);
  return seen;
}

for (const dir of ['web', 'web-sigv4a', 'js']) {
  test(`dist/${dir}: every import() names a module loaded on first use, which ships there and imports nothing`, () => {
    const names = readdirSync(dirUrl(dir)).filter((n) => n.endsWith('.js'));
    const dynamic = new Set();
    for (const name of names) for (const m of read(dir, name).matchAll(DYNAMIC)) dynamic.add(m[1]);
    assert.deepEqual([...dynamic].sort(), LAZY);
    for (const name of LAZY) {
      assert.ok(existsSync(new URL(name, dirUrl(dir))), name);
      const text = read(dir, name);
      assert.doesNotMatch(text, /\bimport\s*[{*'"(]|\bfrom\s*['"]/, `${name} imports nothing`);
    }
  });
}

for (const dir of ['web', 'web-sigv4a']) {
  test(`dist/${dir}: the entries' static import graphs leave the lazy modules out`, () => {
    for (const entry of ['index.browser.js', 'fetch.js', 'axios.js', 'index.workerd.js']) {
      const graph = staticGraph(dir, entry);
      for (const name of LAZY) assert.ok(!graph.has(name), `${entry} fetches ${name}`);
    }
  });
}

for (const dir of ['web', 'web-sigv4a']) {
  test(`dist/${dir}: the engine's exports the glue never reads are left out of the bundle`, () => {
    const names = readdirSync(dirUrl(dir)).filter((n) => /^shared-\w+\.js$/.test(n));
    assert.ok(names.length > 0);
    const text = names.map((n) => read(dir, n)).join('\n');
    // wasm-bindgen's glue exports both; none of ours calls them.
    for (const unused of ['initSync', 'Precomputed']) assert.ok(!text.includes(unused), unused);
    // And what it reads is there.
    for (const used of ['wasmsigner_sign', 'wasmcredentials_new']) assert.ok(text.includes(used), used);
  });
}

test('dist/bundle (Node bundles, a Lambda): the lazy modules are imported at load, so a bundle stays one file', () => {
  const names = readdirSync(dirUrl('bundle')).filter((n) => n.endsWith('.js'));
  for (const name of names) assert.doesNotMatch(read('bundle', name), /\bimport\(\s*['"]\./, name);
  assert.match(read('bundle', 'cognito.js'), /^import \* as \w+ from '\.\/cognito-calls\.js';$/m);
  assert.match(read('bundle', 'signer.js'), /^import \* as \w+ from '\.\/post-policy\.js';$/m);
});

for (const dir of ['web', 'web-sigv4a']) {
  test(`dist/${dir}: the integration entries fetch one shared chunk, as the main entry does (integration.js copied into each)`, () => {
    for (const entry of ['index.browser.js', 'fetch.js', 'axios.js']) {
      const shared = [...staticGraph(dir, entry)].filter((n) => n !== entry);
      assert.equal(shared.length, 1, `${entry}: ${shared.join(' ')}`);
      assert.match(shared[0], /^shared-\w+\.js$/);
    }
  });
}
