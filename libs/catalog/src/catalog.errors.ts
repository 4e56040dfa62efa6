/** Why a catalog could not be used; `problems` lists every finding with file, line and field. */
export type CatalogErrorCode = 'invalid_catalog' | 'catalog_not_found';

/** The catalog lib's one error class (docs/conventions.md §3). */
export class CatalogError extends Error {
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length ? `${message}\n  - ${problems.join('\n  - ')}` : message);
    this.name = 'CatalogError';
  }
}
