// Folds the CommonJS modules of dist/node/ into one file (run by build.sh
// once dist/node is assembled, before the .mjs wrappers are written).
// Why: `require('sigv4kit')` loaded some 20 files (resolve, read, wrap and
// compile each, and cjs-module-lexer each for `import`): about 5 to 7 ms of
// CPU of a fresh process's first signature, measured side by side with the
// bundle (bench/sign.mjs, "Load and instantiate", gives the current figure).
//
// dist/node/modules.js holds every module, each initialized on first use
// (esbuild's CommonJS bundling), and exports a getter per module. Every
// former file stays, as one line that hands out that module's exports from
// modules.js, so the module instances are the same whichever name loads
// them (index.node.js, fetch.js, a test's request.js) and `import` through
// the .mjs wrappers shares them too. axios.js stays a file of its own: it
// requires the Axios peer dependency at load, which `sigv4kit` alone must
// not. Nothing is minified: stack traces in Node stay readable.
//
//   node scripts/bundle-node.cjs dist/node
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const dir = process.argv[2];
const BUNDLE = 'modules.js';
// Modules that stay files: they require what a plain `sigv4kit` must not.
const OWN_FILE = new Set(['axios.js']);
const modules = fs
  .readdirSync(dir)
  .filter((n) => n.endsWith('.js') && n !== BUNDLE && !OWN_FILE.has(n))
  .sort();
if (!modules.includes('index.node.js') || !modules.includes('sigv4kit_wasm.js')) {
  throw new Error(`bundle-node: ${dir} lacks index.node.js or sigv4kit_wasm.js`);
}

// Node built-ins that tsc's output requires at a module's top (node:os for
// homedir(), node:stream for chunkedTransform's Transform) but that only
// functions use: each becomes an object of getters that requires it on
// first use. node:stream alone took about 1 ms of a fresh process's
// `import('sigv4kit')`, for a function few programs call.
const BUILTIN = /^const (\w+) = require\("(node:[\w/]+)"\);$/gm;
function lazyBuiltins(file) {
  const source = fs.readFileSync(file, 'utf8');
  const lazy = source.replace(BUILTIN, (_, binding, id) => {
    const uses = [...source.matchAll(new RegExp(`\\b${binding}\\b(\\.(\\w+))?`, 'g'))];
    const names = [...new Set(uses.slice(1).map((m) => m[2]))];
    // Only member reads (`binding.name`) can be deferred.
    if (names.length === 0 || names.includes(undefined)) {
      throw new Error(`bundle-node: ${file} uses ${binding} other than by its members`);
    }
    const getters = names.map((name) => `get ${name}() { return require(${JSON.stringify(id)}).${name}; }`);
    return `// ${id}, loaded on first use (scripts/bundle-node.cjs).\nconst ${binding} = { ${getters.join(', ')} };`;
  });
  if (lazy !== source) fs.writeFileSync(file, lazy);
}
for (const name of modules) lazyBuiltins(path.join(dir, name));

// The bundle's entry: a getter per module, so a module runs only when asked for.
const entry = path.join(dir, '_modules.entry.cjs');
fs.writeFileSync(
  entry,
  'module.exports = {\n' +
    modules.map((n) => `  get ${JSON.stringify(n)}() { return require(${JSON.stringify(`./${n}`)}); },\n`).join('') +
    '};\n',
);
try {
  const result = esbuild.buildSync({
    entryPoints: [entry],
    outfile: path.join(dir, BUNDLE),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    // The Axios peer dependency, should a bundled module ever name it.
    external: ['axios'],
    legalComments: 'none',
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    throw new Error(`bundle-node: esbuild warned: ${JSON.stringify(result.warnings)}`);
  }
} finally {
  fs.rmSync(entry);
}
// Spelled so that Node's cjs-module-lexer does not take the line for a
// re-export (`module.exports = require(...)`): it would then lex all of
// modules.js whenever an ES module imports a file, which costs more than
// the bundle saves. The .mjs wrappers read the exports at run time instead.
const header = "'use strict';\n// Folded into modules.js by scripts/bundle-node.cjs.\n";
for (const name of modules) {
  fs.writeFileSync(
    path.join(dir, name),
    `${header}const modules = require('./${BUNDLE}');\nmodule.exports = modules[${JSON.stringify(name)}];\n`,
  );
}
