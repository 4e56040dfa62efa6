import { bool, int, list, str } from '../parsers';
import type { SettingReader } from '../setting-reader';

export function readCatalog(r: SettingReader) {
  return {
    /** Directory of the shipped catalog YAML files (one per product family). */
    dir: r.read('catalog.dir', str(), { env: 'CATALOG_DIR', default: 'config/catalog' }),
    /** The organisation's own catalog directories, loaded after the shipped one. */
    extraDirs: r.read('catalog.extraDirs', list(str()), { env: 'CATALOG_EXTRA_DIRS', default: [] }),
  };
}

export function readExposure(r: SettingReader) {
  return {
    /**
     * A device whose last MDM check-in is older than this is a coverage gap. Up to ten years, which is "never" for
     * any fleet (MDMs retire silent devices long before); the bound only catches a slip such as 14000.
     */
    staleAfterDays: r.read('exposure.staleAfterDays', int(1, 3_650), {
      env: 'EXPOSURE_STALE_AFTER_DAYS',
      default: 14,
    }),
    /** Cron (UTC) for the daily recompute: snapshot, overdue transitions, expired exceptions. */
    dailyCron: r.read('exposure.dailyCron', str({ maxLength: 100 }), {
      env: 'EXPOSURE_DAILY_CRON',
      default: '15 5 * * *',
    }),
    /** Match and recompute once when the worker starts. */
    recomputeOnStart: r.read('exposure.recomputeOnStart', bool, {
      env: 'EXPOSURE_RECOMPUTE_ON_START',
      default: true,
    }),
  };
}
