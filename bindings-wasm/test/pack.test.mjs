// `npm pack`, then install the tarball into a fresh temporary project and
// use it from a CommonJS and an ES module script, as a user would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
// get-vanilla from the official AWS suite: the signature AWS publishes.
const VANILLA = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
const SCRIPT_BODY = `
const signer = new Signer({
  region: 'us-east-1',
  service: 'service',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
});
const signed = await signer.sign({ method: 'GET', url: 'https://example.amazonaws.com/' }, { signingDate: '2015-08-30T12:36:00Z' });
if (typeof signedFetch !== 'function' || typeof createSignedFetch !== 'function') throw new Error('sigv4kit/fetch is missing');
let refused = false;
try { signer.signSync({ url: 'https://example.com/', headers: { a: 'b\\nc' } }); } catch (e) { refused = e instanceof SigV4Error && e.code === 'invalid_header'; }
console.log(JSON.stringify({ signature: signed.signature, refused }));
`;

test('the packed tarball installs and works from CommonJS and ES modules', { timeout: 180_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'sigv4kit-pack-'));
  try {
    const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], pkgDir))[0];
    const files = packed.files.map((f) => f.path);
    assert.ok(files.includes('dist/node/sigv4kit_wasm_bg.wasm') && files.includes('dist/web/sigv4kit_wasm_bg.wasm'));
    assert.ok(files.includes('dist/types/index.node.d.ts') && files.includes('README.md'));
    // The modules the browser glue imports on first use (test/bundle.test.mjs) ship beside it.
    for (const dir of ['dist/web', 'dist/web-sigv4a', 'dist/js', 'dist/bundle']) {
      for (const name of ['cognito-calls.js', 'post-policy.js']) assert.ok(files.includes(`${dir}/${name}`), `${dir}/${name}`);
    }
    assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('ts/') || f.startsWith('src/')), files.join(' '));

    const app = join(work, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    npm(['install', '--no-audit', '--no-fund', '--offline', join(work, packed.filename)], app);
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/sigv4kit/package.json'), 'utf8'));
    assert.equal(installed.dependencies, undefined, 'zero runtime dependencies');

    writeFileSync(
      join(app, 'main.cjs'),
      `const { Signer, SigV4Error } = require('sigv4kit');\nconst { signedFetch, createSignedFetch } = require('sigv4kit/fetch');\n(async () => {${SCRIPT_BODY}})();\n`,
    );
    writeFileSync(
      join(app, 'main.mjs'),
      `import { Signer, SigV4Error } from 'sigv4kit';\nimport { signedFetch, createSignedFetch } from 'sigv4kit/fetch';\n${SCRIPT_BODY}`,
    );
    for (const script of ['main.cjs', 'main.mjs']) {
      const out = JSON.parse(execFileSync(process.execPath, [script], { cwd: app, encoding: 'utf8' }));
      assert.deepEqual(out, { signature: VANILLA, refused: true }, script);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
