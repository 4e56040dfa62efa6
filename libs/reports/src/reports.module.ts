import { join } from 'node:path';
import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { Config } from '@interdict/config';
import { EvidenceKeyService } from './evidence/evidence-key.service';
import { ReportRetention } from './jobs/report-retention';
import { ReportRunner } from './jobs/report-runner';
import { ReportService } from './jobs/report.service';
import { EMPTY_RULE_DIRECTORY, RULE_DIRECTORY, type RuleDirectory } from './rule-directory';
import { ReportScheduleService } from './schedules/report-schedule.service';
import { ReportMailer } from './email/report-mailer';
import { ReportMails } from './email/report-mails.service';
import { DownloadLinks } from './links/download-links';
import { LocalDiskReportStorage } from './storage/local-disk-report-storage';
import { REPORT_STORAGE, type ReportStorage } from './storage/report-storage';

/** Where report files go by default: `reports.directory`, else `<dataDir>/reports`. */
export function reportsDirectory(config: Config): string {
  return config.reports.directory ?? join(config.dataDir, 'reports');
}

/** How ReportsModule gets its storage and rule names; both optional. */
export interface ReportsModuleOptions {
  /** Defaults to local disk under reportsDirectory(config). */
  storage?: ReportStorage;
  /** Defaults to a directory that shows stored ids; wire the catalog's in the app. */
  rules?: RuleDirectory;
  /** Builds the RuleDirectory from injected providers (e.g. the catalog), instead of `rules`. */
  rulesFrom?: {
    imports?: ModuleMetadata['imports'];
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => RuleDirectory;
  };
}

/** Reports: on-demand requests, schedules, the runner and retention. Needs Config and the DataSource. */
@Module({})
export class ReportsModule {
  static register(opts: ReportsModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      {
        provide: REPORT_STORAGE,
        inject: [Config],
        useFactory: (config: Config) => opts.storage ?? new LocalDiskReportStorage(reportsDirectory(config)),
      },
      opts.rulesFrom
        ? { provide: RULE_DIRECTORY, inject: opts.rulesFrom.inject, useFactory: opts.rulesFrom.useFactory }
        : { provide: RULE_DIRECTORY, useValue: opts.rules ?? EMPTY_RULE_DIRECTORY },
      ReportService,
      ReportScheduleService,
      ReportRunner,
      ReportRetention,
      DownloadLinks,
      ReportMailer,
      ReportMails,
      EvidenceKeyService,
    ];
    return {
      module: ReportsModule,
      imports: opts.rulesFrom?.imports ?? [],
      providers,
      exports: [
        ReportService,
        ReportScheduleService,
        ReportRunner,
        ReportRetention,
        DownloadLinks,
        ReportMailer,
        ReportMails,
        EvidenceKeyService,
        REPORT_STORAGE,
        RULE_DIRECTORY,
      ],
    };
  }
}
