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

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stage = join(root, `.dist-${process.pid}`);
// What is compiled. test/ is not: an alias into it (@interdict/testing) gets no entry in dist/node_modules, so
// production code importing it would fail to start as well as fail lint.
const compiled = ['apps', 'libs', 'bench'];
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
  // The dashboard's static files (plain HTML/CSS/JS, no compile step) are served by the api from dist.
  cpSync(join(root, 'apps', 'api', 'web'), join(stage, 'apps', 'api', 'web'), { recursive: true });
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

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}
