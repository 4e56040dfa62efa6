import { loadConfigOrExit } from '@interdict/config';
import { CatalogError } from '../catalog.errors';
import { loadCatalog } from '../load-catalog';

// `npm run catalog:validate`: checks the shipped catalog plus the organisation's overlay exactly as start-up does.
function main(): void {
  const config = loadConfigOrExit();
  try {
    const catalog = loadCatalog({
      dir: config.catalog.dir,
      extraDirs: config.catalog.extraDirs,
      disabledRules: config.catalog.disabledRules,
    });
    const enabled = catalog.rules.filter((r) => r.enabled).length;
    const matchers = catalog.products.reduce((n, p) => n + p.matchers.length, 0);
    process.stdout.write(
      `catalog ${catalog.version}: ${catalog.files.length} files, ${catalog.products.length} products, ` +
        `${matchers} matchers, ${catalog.rules.length} rules (${enabled} enabled) — OK\n`,
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
