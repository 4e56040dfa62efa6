import { join } from 'node:path';
import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { Config } from '@interdict/config';
import { openSetting } from '@interdict/database';
import { outboundPolicyFromConfig } from '@interdict/outbound';
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
import { S3ReportStorage } from './storage/s3-report-storage';

/** Where report files go by default: `reports.directory`, else `<dataDir>/reports`. */
export function reportsDirectory(config: Config): string {
  return config.reports.directory ?? join(config.dataDir, 'reports');
}

/**
 * The store `reports.storage` names: local disk under reportsDirectory(config), or the S3 bucket of `reports.s3`,
 * whose endpoint must pass the outbound policy (checked here, and each connection's address when it is made).
 */
export function reportStorageFromConfig(config: Config): ReportStorage {
  if (config.reports.storage === 'local') return new LocalDiskReportStorage(reportsDirectory(config));
  const s3 = config.reports.s3;
  const policy = outboundPolicyFromConfig(config, 'reportStorage');
  if (s3.endpoint) policy.checkUrl(s3.endpoint, 'reports.s3.endpoint');
  return new S3ReportStorage({
    bucket: s3.bucket!, // config refuses storage: s3 without a bucket
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle,
    prefix: s3.prefix,
    credentials:
      s3.accessKeyId && s3.secretAccessKey
        ? {
            accessKeyId: s3.accessKeyId,
            // Plain, or sealed with the encryption key (`npm run secret:seal -- reports.s3.secretAccessKey`).
            secretAccessKey: openSetting(config, 'reports.s3.secretAccessKey', s3.secretAccessKey),
            sessionToken: s3.sessionToken,
          }
        : undefined,
    sse: s3.sse,
    kmsKeyId: s3.kmsKeyId,
    partSizeBytes: s3.partSizeMb * 1024 * 1024,
    queueSize: s3.queueSize,
    lookup: policy.lookup,
  });
}

/** How ReportsModule gets its storage and rule names; both optional. */
export interface ReportsModuleOptions {
  /** Defaults to reportStorageFromConfig(config): local disk or S3, as `reports.storage` says. */
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
        useFactory: (config: Config) => opts.storage ?? reportStorageFromConfig(config),
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
