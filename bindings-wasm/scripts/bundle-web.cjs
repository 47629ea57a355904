// Bundles the ES module glue a browser downloads (run by build.sh once dist/
// is assembled, in place of minifying it file by file): in each directory
// given, every entry (index.browser.js, fetch.js, axios.js) becomes one
// minified module, and the code the entries share goes into shared chunks
// (esbuild's code splitting), so that `sigv4kit` and `sigv4kit/fetch`
// imported together still share one engine instance. Why: a browser fetched
// 12 to 15 small modules for one import, each gzipped on its own and each a
// request; bundled, it fetches the entry, a shared chunk or two and the
// .wasm, and the names that crossed module boundaries are minified too:
// the glue of `sigv4kit` went from 13.8 to 10.8 KB gzipped (bench/sign.mjs,
// "What a browser downloads", gives the current figures).
//
// The thin variant entries (*.workerd.js, *.edge.js, *.inline.js) stay as
// they are: they import a loader and re-export an entry. So do the loaders
// (load.*.js), which now take `ready` from the index entry instead of from
// wasm.js: were they entries too, the engine glue they share with every
// entry would sit in a chunk of its own, one more file for every page. The
// inline engine's bytes (sigv4kit_wasm_inline.js) stay a module of their
// own, fetched only by the inline entries. The .wasm (and its `?module`
// form) and the Axios peer dependency stay imports. So do the modules the
// glue imports on first use (LAZY: `import('./cognito-calls.js')`), which
// stay files of their own, minified, fetched only by a page that calls
// them; they import nothing (what they need comes in as arguments), as this
// script checks: esbuild's code splitting would otherwise split the shared
// chunk by which entries and lazy modules reach each part, and every page
// would fetch more files. Every other module of the directory is folded
// into the bundles and removed.
//
//   node scripts/bundle-web.cjs dist/web dist/web-sigv4a
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const esbuild = require('esbuild');

const ENTRIES = ['index.browser.js', 'fetch.js', 'axios.js'];
// The thin entries that only import a loader and re-export an entry.
const VARIANT = /^(index|axios|fetch)\.(workerd|edge|inline)\.js$|^load\.\w+\.js$|^sigv4kit_wasm_inline\.js$/;
const LOADER = /^load\.\w+\.js$/;
// Imported with a dynamic import() on first use (see above).
const LAZY = ['cognito-calls.js', 'post-policy.js'];
const LAZY_IMPORT = new RegExp(`^\\./(${LAZY.map((n) => n.replace('.', '\\.')).join('|')})$`);
// A lazy module's import() stays as written, to the file kept beside the bundles.
const keepLazy = {
  name: 'keep-lazy',
  setup(build) {
    build.onResolve({ filter: LAZY_IMPORT }, (args) => {
      if (args.kind !== 'dynamic-import') throw new Error(`bundle-web: ${args.importer} imports ${args.path} statically; it is loaded on first use`);
      return { path: args.path, external: true };
    });
  },
};
const FROM_WASM = /from\s*(['"])\.\/wasm\.js\1/;

// wasm.js looks up the exports only some engines have (the full browser
// engine's 403 diagnosis, POST policies) by a computed name: webpack and
// Rollup, which read the unbundled dist/js, then do not warn about a name
// the plain engine lacks. A computed read keeps the engine's whole module
// namespace alive, though, every export in the bundle. Here the engine is
// known: the lookup becomes a table of plain reads of the names the glue
// asks for and this engine exports, and esbuild keeps only the exports the
// glue reads. (The same answer for every name: those the engine lacks are
// `undefined` either way.) test/bundle.test.mjs checks the outcome.
const LOOKUP = 'engine[name]';
const ASKED = /\b(?:optionalExport|engineExport|assertInEngine)\(([^,)]*)/g;
function staticLookup(dir) {
  const glue = fs.readFileSync(path.join(dir, 'sigv4kit_wasm.js'), 'utf8');
  const exported = new Set([...glue.matchAll(/^export (?:async )?(?:function|class|const|let) (\w+)/gm)].map((m) => m[1]));
  const asked = new Set();
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.js') && n !== 'wasm.js' && n !== 'sigv4kit_wasm.js')) {
    for (const m of fs.readFileSync(path.join(dir, name), 'utf8').matchAll(ASKED)) {
      const literal = /^\s*'(\w+)'\s*$/.exec(m[1]);
      if (!literal) throw new Error(`bundle-web: ${dir}/${name} looks up an engine export by ${m[1].trim()}, not by a literal name`);
      asked.add(literal[1]);
    }
  }
  const table = [...asked].filter((n) => exported.has(n)).map((n) => `${n}: engine.${n}`);
  return {
    name: 'static-lookup',
    setup(build) {
      // wasm-bindgen's enums are `Object.freeze` of a fresh object, which
      // esbuild keeps unless told that the call has no side effects (it has
      // none): the annotation alone is added, so an enum the glue never
      // reads (PayloadMode: request.ts has its own const enum) goes too.
      build.onLoad({ filter: /[\\/]sigv4kit_wasm\.js$/ }, (args) => {
        if (path.dirname(args.path) !== path.resolve(dir)) return undefined;
        const text = fs.readFileSync(args.path, 'utf8');
        return { contents: text.replace(/^(export const \w+ = )(Object\.freeze\()/gm, '$1/* @__PURE__ */ $2'), loader: 'js' };
      });
      build.onLoad({ filter: /[\\/]wasm\.js$/ }, (args) => {
        if (path.dirname(args.path) !== path.resolve(dir)) return undefined;
        const text = fs.readFileSync(args.path, 'utf8');
        if (text.split(LOOKUP).length !== 2) throw new Error(`bundle-web: ${args.path} no longer reads ${LOOKUP} once; update this script`);
        // No prototype, as a module namespace has none: no name finds an Object method.
        return { contents: text.replace(LOOKUP, `({ __proto__: null, ${table.join(', ')} })[name]`), loader: 'js' };
      });
    },
  };
}

// Modules that only the integration entries (fetch.js, axios.js) import,
// and that hold no state of their own (integration.js: the SignerPool class;
// each entry keeps its pools in its own WeakMap): each entry gets its own
// copy folded in, instead of a chunk the two share. A page importing
// `sigv4kit/fetch` then fetches one file fewer (the chunk was about 360
// bytes gzipped, and cost a file's own gzip overhead); one that imports both
// downloads the class twice (about 500 bytes before gzip).
const PER_ENTRY = ['integration.js'];
const PER_ENTRY_IMPORT = new RegExp(`^\\./(${PER_ENTRY.map((n) => n.replace('.', '\\.')).join('|')})$`);
const perEntry = {
  name: 'per-entry',
  setup(build) {
    build.onResolve({ filter: PER_ENTRY_IMPORT }, (args) => {
      const importer = path.basename(args.importer);
      if (!ENTRIES.includes(importer)) throw new Error(`bundle-web: ${args.importer} imports ${args.path}, which is copied into each entry; only entries may import it`);
      // The same file under another name per entry: esbuild takes each for a module of its own.
      return { path: path.join(path.dirname(args.importer), args.path), suffix: `?${importer}` };
    });
  },
};

// Asynchronous: esbuild runs plugins (keepLazy) only in its async API.
async function bundle(dir) {
  const names = fs.readdirSync(dir).filter((n) => n.endsWith('.js'));
  for (const want of [...ENTRIES, ...LAZY]) {
    if (!names.includes(want)) throw new Error(`bundle-web: ${dir} has no ${want}`);
  }
  for (const name of LAZY) {
    const { metafile } = esbuild.buildSync({ entryPoints: [path.join(dir, name)], bundle: true, write: false, metafile: true, logLevel: 'silent' });
    if (Object.keys(metafile.inputs).length !== 1) {
      throw new Error(`bundle-web: ${dir}/${name} imports a module; a module loaded on first use must take what it needs as arguments`);
    }
  }
  for (const name of names.filter((n) => LOADER.test(n))) {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    if (!FROM_WASM.test(text)) throw new Error(`bundle-web: ${file} no longer imports ./wasm.js; update this script`);
    fs.writeFileSync(file, text.replace(FROM_WASM, "from './index.browser.js'"));
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sigv4kit-bundle-'));
  try {
    const result = await esbuild.build({
      entryPoints: ENTRIES.map((n) => path.join(dir, n)),
      outdir: out,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      chunkNames: 'shared-[hash]',
      external: ['*.wasm', '*.wasm?module', 'axios'],
      plugins: [keepLazy, perEntry, staticLookup(dir)],
      logLevel: 'silent',
    });
    if (result.warnings.length > 0) {
      throw new Error(`bundle-web: esbuild warned: ${JSON.stringify(result.warnings)}`);
    }
    for (const name of names) {
      if (!VARIANT.test(name) && !LAZY.includes(name)) fs.rmSync(path.join(dir, name));
    }
    for (const name of fs.readdirSync(out)) {
      fs.copyFileSync(path.join(out, name), path.join(dir, name));
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  // The thin and the lazy modules are still plain source: minify them as before.
  for (const name of names.filter((n) => VARIANT.test(n) || LAZY.includes(n))) {
    const file = path.join(dir, name);
    const { code } = esbuild.transformSync(fs.readFileSync(file, 'utf8'), {
      format: 'esm',
      minify: true,
      target: 'es2022',
      legalComments: 'none',
    });
    fs.writeFileSync(file, code);
  }
}

(async () => {
  for (const dir of process.argv.slice(2)) await bundle(dir);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
