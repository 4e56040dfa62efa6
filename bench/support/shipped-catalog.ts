import { join } from 'node:path';
import { loadCatalogService, type CatalogService } from '@interdict/catalog';
import { loadConfig } from '@interdict/config';

const root = join(__dirname, '..', '..', '..');

/** The shipped catalog under the default organisation profile, as a fresh install loads it. */
export function shippedCatalog(policy: Record<string, string> = {}): CatalogService {
  const config = loadConfig({
    env: { CATALOG_DIR: join(root, 'config', 'catalog'), ...policy },
    configDir: join(root, 'test', 'support', 'no-config'),
  });
  return loadCatalogService(config);
}
