import { readDatabase } from './sections/database.section';
import { readCore, readHttp, readLog, readSecurity } from './sections/core.section';
import { readDemo, readSimulator } from './sections/demo.section';
import { readWebhooks } from './sections/webhooks.section';
import { readAuth } from './sections/auth.section';
import { readReports } from './sections/reports.section';
import { readCatalog, readExposure } from './sections/catalog.section';
import { readSync } from './sections/sync.section';
import { readPolicy } from './sections/policy.section';
import { readEmail } from './sections/email.section';
import { readEvidence } from './sections/evidence.section';
import type { SettingReader } from './setting-reader';

/** Every setting, grouped by concern. Each lib owns a section file in ./sections. */
export function readAllSettings(r: SettingReader) {
  return {
    ...readCore(r),
    http: readHttp(r),
    log: readLog(r),
    security: readSecurity(r),
    database: readDatabase(r),
    demo: readDemo(r),
    simulator: readSimulator(r),
    catalog: readCatalog(r),
    policy: readPolicy(r),
    exposure: readExposure(r),
    reports: readReports(r),
    evidence: readEvidence(r),
    auth: readAuth(r),
    webhooks: readWebhooks(r),
    sync: readSync(r),
    email: readEmail(r),
  };
}

export type ConfigValues = ReturnType<typeof readAllSettings>;

/** The validated, frozen configuration; inject it by class. */
// Declaration merging gives `Config` the shape of the values without repeating them; loadConfig fills them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Config {
  readonly secretPaths!: readonly string[];
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Config extends ConfigValues {}
