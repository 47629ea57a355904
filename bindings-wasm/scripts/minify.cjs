// Minifies the ES module glue a browser downloads (run by build.sh once dist/
// is assembled): each file on its own, imports and exports kept, so that the
// entries still share one engine instance and a bundler still sees the same
// module graph. Only whitespace, comments and local names go; the TypeScript
// output in dist/node and dist/bundle stays readable for stack traces in Node.
//
//   node scripts/minify.cjs dist/web dist/js
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

for (const dir of process.argv.slice(2)) {
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.js')) continue;
    const file = path.join(dir, name);
    const source = fs.readFileSync(file, 'utf8');
    const { code } = esbuild.transformSync(source, {
      format: 'esm',
      minify: true,
      target: 'es2022',
      legalComments: 'none',
      sourcefile: name,
    });
    fs.writeFileSync(file, code);
  }
}
