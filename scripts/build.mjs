// Compiles apps/ and libs/ with swc into dist/ (type-checking is `npm run typecheck`, so a build takes
// seconds) and maps each @interdict/* alias to its compiled index through dist/node_modules, so plain
// `node` resolves them with no runtime hooks.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
execFileSync(
  join(root, 'node_modules', '.bin', 'swc'),
  [
    ...['apps', 'libs', 'bench'].filter((d) => existsSync(join(root, d))),
    '-d',
    'dist',
    '--copy-files',
    '--quiet',
    '--ignore',
    '**/*.spec.ts,**/*.db-spec.ts,**/web/**',
  ],
  { cwd: root, stdio: 'inherit' },
);
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const pkgDir = join(dist, 'node_modules', alias);
  mkdirSync(pkgDir, { recursive: true });
  const main = relative(pkgDir, join(dist, target.replace(/\.ts$/, '.js')));
  writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: alias, main }));
}
