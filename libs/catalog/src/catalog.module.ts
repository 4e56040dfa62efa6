import { Global, Module } from '@nestjs/common';
import { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';
import { CatalogService } from './catalog.service';
import { loadCatalog } from './load-catalog';

const log = getLogger('CatalogModule');

/** Loads and validates the catalog once at start-up; an invalid catalog throws CatalogError and stops the process. */
@Global()
@Module({
  providers: [
    {
      provide: CatalogService,
      inject: [Config],
      useFactory: (config: Config) => {
        const catalog = loadCatalog({
          dir: config.catalog.dir,
          extraDirs: config.catalog.extraDirs,
          disabledRules: config.catalog.disabledRules,
        });
        log.info(
          {
            version: catalog.version,
            files: catalog.files.length,
            products: catalog.products.length,
            rules: catalog.rules.length,
            disabledRules: catalog.disabledRuleIds,
          },
          'catalog loaded',
        );
        return new CatalogService(catalog);
      },
    },
  ],
  exports: [CatalogService],
})
export class CatalogModule {}
