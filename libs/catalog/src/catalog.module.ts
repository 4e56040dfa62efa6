import { Global, Module } from '@nestjs/common';
import { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';
import { CatalogService } from './catalog.service';
import { checkProfileRules, loadCatalog } from './load-catalog';

const log = getLogger('CatalogModule');

/** Loads the catalog and the organisation profile once; an invalid catalog or profile stops the process. */
export function loadCatalogService(config: Pick<Config, 'catalog' | 'policy'>): CatalogService {
  const catalog = loadCatalog({ dir: config.catalog.dir, extraDirs: config.catalog.extraDirs });
  checkProfileRules(catalog, config.policy);
  return new CatalogService(catalog, config.policy);
}

/** Provides the CatalogService (catalog + organisation policy) to every module. */
@Global()
@Module({
  providers: [
    {
      provide: CatalogService,
      inject: [Config],
      useFactory: (config: Config) => {
        const service = loadCatalogService(config);
        const standing = [...service.policy.applicability.values()];
        log.info(
          {
            version: service.version,
            files: service.catalog.files.length,
            products: service.catalog.products.length,
            rules: service.catalog.rules.length,
            profile: service.profile,
            binding: standing.filter((r) => r.standing === 'binding').map((r) => r.ruleId),
            review: standing.filter((r) => r.standing === 'review').map((r) => r.ruleId),
          },
          'catalog loaded',
        );
        return service;
      },
    },
  ],
  exports: [CatalogService],
})
export class CatalogModule {}
