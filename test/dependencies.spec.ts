import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies } from 'semver';

// `npm ci` warns EBADENGINE for every installed package whose `engines.node` leaves out the running Node. The lockfile
// records each package's engines, so a dependency that drops a Node version we support is caught here, not by a user.
const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[] }>;
};
const dockerNode = /^FROM node:(\d+\.\d+(?:\.\d+)?)\S* AS runtime$/m.exec(
  readFileSync(join(root, 'Dockerfile'), 'utf8'),
)?.[1];

/** The Node versions we promise: the lowest one package.json's engines admits, and the image's. */
const supported = [
  minVersion(pkg.engines.node)!.version,
  ...(dockerNode ? [minVersion(dockerNode)!.version] : []),
];

describe('dependencies', () => {
  it('knows which Node versions the project supports', () => {
    expect(supported[0]).toBe('20.19.0');
    expect(dockerNode).toBeDefined();
  });

  it.each(supported)('all run on Node %s (no EBADENGINE at npm ci)', (node) => {
    const refused = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .map(([path, meta]) => ({
        name: `${path.replace(/^.*node_modules\//, '')}@${meta.version}`,
        range: Array.isArray(meta.engines) ? undefined : meta.engines?.node,
      }))
      .filter(({ range }) => range !== undefined && !satisfies(node, range))
      .map(({ name, range }) => `${name} requires node ${range}`);
    expect(refused).toEqual([]);
  });
});
