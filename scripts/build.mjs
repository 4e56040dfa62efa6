// Compiles apps/, libs/ and bench/ with swc into dist/ (type-checking is `npm run typecheck`, so a build takes
// seconds) and maps each @interdict/* alias to its compiled index through dist/node_modules, so plain `node`
// resolves them with no runtime hooks. Output is built aside and moved in file by file (rename is atomic), so a
// process starting from dist/ while a build runs never sees a missing or half-written file.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stage = join(root, `.dist-${process.pid}`);
// What is compiled. test/ is not: an alias into it (@interdict/testing) gets no entry in dist/node_modules, so
// production code importing it would fail to start as well as fail lint.
const compiled = ['apps', 'libs', 'bench'];
// The dashboard's JavaScript budget, gzipped (80 KB).
const DASHBOARD_BUDGET_BYTES = 80 * 1024;
rmSync(stage, { recursive: true, force: true });
try {
  execFileSync(
    join(root, 'node_modules', '.bin', 'swc'),
    [
      ...compiled.filter((d) => existsSync(join(root, d))),
      '-d',
      stage,
      '--copy-files',
      '--quiet',
      '--ignore',
      '**/*.spec.ts,**/*.db-spec.ts,**/web/**',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  buildDashboard(join(stage, 'apps', 'api', 'web'));
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    if (!compiled.includes(target.split('/')[0])) continue;
    const pkgDir = join(stage, 'node_modules', alias);
    mkdirSync(pkgDir, { recursive: true });
    const main = relative(pkgDir, join(stage, target.replace(/\.ts$/, '.js')));
    writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: alias, main }));
  }
  const built = new Set(walk(stage).map((f) => relative(stage, f)));
  for (const file of built) {
    mkdirSync(dirname(join(dist, file)), { recursive: true });
    renameSync(join(stage, file), join(dist, file));
  }
  for (const old of existsSync(dist) ? walk(dist) : []) if (!built.has(relative(dist, old))) rmSync(old);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

/**
 * The dashboard (apps/api/web: Preact + TSX, type-checked by `npm run typecheck`) bundled into one minified app.js
 * beside its static files, served by the api from dist. The bundle must stay within DASHBOARD_BUDGET_BYTES gzipped:
 * a build over it fails, naming the size.
 */
function buildDashboard(out) {
  const web = join(root, 'apps', 'api', 'web');
  cpSync(join(web, 'public'), out, { recursive: true });
  const app = join(out, 'app.js');
  buildSync({
    entryPoints: [join(web, 'src', 'main.tsx')],
    outfile: app,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(web, 'tsconfig.json'),
    legalComments: 'none',
    logLevel: 'error',
  });
  const gzipped = gzipSync(readFileSync(app), { level: 9 }).length;
  if (gzipped > DASHBOARD_BUDGET_BYTES)
    throw new Error(
      `the dashboard bundle is ${gzipped} bytes gzipped, over its budget of ${DASHBOARD_BUDGET_BYTES} (scripts/build.mjs)`,
    );
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}
