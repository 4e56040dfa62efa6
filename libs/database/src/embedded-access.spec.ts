import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockedDirectory, checkEmbeddedAccess, StartupError, systemUser } from './embedded-access';

describe('embedded Postgres access check (run as root, the cluster runs as "postgres")', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'interdict-access-'));
    chmodSync(root, 0o755);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const stranger = { uid: 54_321, gid: 54_321 };

  it('names the first directory the user cannot enter', () => {
    const home = join(root, 'home');
    mkdirSync(join(home, 'checkout', 'node_modules'), { recursive: true });
    chmodSync(home, 0o700);
    expect(blockedDirectory(join(home, 'checkout', 'node_modules'), stranger)).toBe(home);
    chmodSync(home, 0o711);
    expect(blockedDirectory(join(home, 'checkout', 'node_modules'), stranger)).toBeNull();
    // Not yet created parts are made by the cluster's user: only existing directories are judged.
    expect(blockedDirectory(join(home, 'checkout', 'not', 'yet'), stranger)).toBeNull();
  });

  it('lets the owner or the group in where others may not', () => {
    const d = join(root, 'owned');
    mkdirSync(d);
    chmodSync(d, 0o750);
    expect(blockedDirectory(d, { uid: process.getuid!(), gid: -1 })).toBeNull();
    expect(blockedDirectory(d, { uid: -1, gid: process.getgid!() })).toBeNull();
    expect(blockedDirectory(d, stranger)).toBe(d);
  });

  it('stops with one line that names the directory and says what to do', () => {
    const passwd = join(root, 'passwd');
    writeFileSync(passwd, 'root:x:0:0::/root:/bin/sh\npostgres:x:54321:54321::/var/lib/postgresql:/bin/sh\n');
    expect(systemUser('postgres', passwd)).toEqual(stranger);
    const home = join(root, 'private');
    mkdirSync(join(home, 'bin'), { recursive: true });
    chmodSync(home, 0o700);
    let err: unknown;
    try {
      checkEmbeddedAccess(join(root, 'data'), { passwd, binaries: join(home, 'bin') });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StartupError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`cannot enter ${home} (mode 700)`);
    expect(message).toMatch(/outside a private home directory .* or set DATABASE_URL/);
    expect(() => checkEmbeddedAccess(join(root, 'data'), { passwd, binaries: join(root) })).not.toThrow();
  });
});
