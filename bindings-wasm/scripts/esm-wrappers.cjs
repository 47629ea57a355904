// Writes NAME.mjs beside each CommonJS entry NAME.js: an ES module that
// re-exports the CommonJS one, so that `import` and `require` in Node share
// one module instance (one engine, one credentials cache, one SigV4Error).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [dir, ...entries] = process.argv.slice(2);
for (const entry of entries) {
  const file = path.resolve(dir, `${entry}.js`);
  const names = Object.keys(require(file)).filter((name) => name !== '__esModule' && name !== 'default');
  const body =
    `import cjs from './${entry}.js';\n` +
    `export const { ${names.join(', ')} } = cjs;\n`;
  fs.writeFileSync(path.resolve(dir, `${entry}.mjs`), body);
}
