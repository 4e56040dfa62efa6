export { CatalogError, type CatalogErrorCode } from './catalog.errors';
export type { Catalog, CatalogProduct, CatalogRule, CatalogVendor, CatalogExclusion } from './catalog.model';
export {
  PLATFORMS,
  SEVERITIES,
  type CatalogPlatform,
  type RuleDefinition,
  type RuleScope,
  type ProductDefinition,
} from './catalog.schema';
export { loadCatalog, buildCatalog, checkProfileRules, type CatalogSourceOptions } from './load-catalog';
export { CatalogService } from './catalog.service';
export { CatalogModule, loadCatalogService } from './catalog.module';
export { TitleMatcher, type TitleInput, type TitleMatch, type TitleDecision } from './matching/title-matcher';
export { foldText } from './matching/normalise';
export { compareVersions, isVersionInRange, versionKey } from './matching/version-range';
export {
  ProductRuleSets,
  ruleApplicability,
  profileVersion,
  type ApplicableRule,
  type OrganisationProfile,
  type RuleApplicability,
  type RuleStanding,
} from './policy/organisation-policy';
export { backtrackingRisk } from './validation/regex-safety';
