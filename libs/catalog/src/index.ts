export { CatalogError, type CatalogErrorCode } from './catalog.errors';
export type { Catalog, CatalogProduct, CatalogRule } from './catalog.model';
export {
  PLATFORMS,
  type CatalogPlatform,
  type RuleDefinition,
  type ProductDefinition,
} from './catalog.schema';
export { loadCatalog, buildCatalog, type CatalogSourceOptions } from './load-catalog';
export { CatalogService } from './catalog.service';
export { CatalogModule } from './catalog.module';
export { TitleMatcher, type TitleInput, type TitleMatch, type TitleDecision } from './matching/title-matcher';
export { compareVersions, isVersionInRange, versionKey } from './matching/version-range';
