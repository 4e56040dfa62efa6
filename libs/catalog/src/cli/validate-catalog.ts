import { loadConfigOrExit } from '@interdict/config';
import { CatalogError } from '../catalog.errors';
import { loadCatalogService } from '../catalog.module';

// `npm run catalog:validate`: checks the shipped catalog, the organisation's overlay and its profile exactly as
// start-up does, and says which rules bind this organisation.
function main(): void {
  const config = loadConfigOrExit();
  try {
    const service = loadCatalogService(config);
    const { catalog } = service;
    const standing = [...service.policy.applicability.values()];
    const count = (s: string) => standing.filter((r) => r.standing === s).length;
    const matchers = catalog.products.reduce((n, p) => n + p.matchers.length, 0);
    process.stdout.write(
      `catalog ${catalog.version}: ${catalog.files.length} files, ${catalog.vendors.length} vendors, ` +
        `${catalog.products.length} products, ${matchers} matchers, ${catalog.rules.length} rules ` +
        `(${count('binding')} binding, ${count('review')} for review, ${count('off')} not applicable here) — OK\n`,
    );
  } catch (err) {
    if (err instanceof CatalogError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

main();
