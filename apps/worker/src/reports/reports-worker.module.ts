import { Module } from '@nestjs/common';
import { CatalogModule, CatalogService } from '@interdict/catalog';
import { catalogRuleDirectory, ReportsModule } from '@interdict/reports';
import { ReportJobRunner } from './report-job.runner';
import { ReportScheduleClock } from './report-schedule.clock';
import { ReportMailRunner } from './report-mail.runner';

/** The worker side of reports: runs queued reports, fires schedules, sends their mail, sweeps retention. */
@Module({
  imports: [
    ReportsModule.register({
      rulesFrom: { imports: [CatalogModule], inject: [CatalogService], useFactory: catalogRuleDirectory },
    }),
  ],
  providers: [ReportJobRunner, ReportScheduleClock, ReportMailRunner],
  exports: [ReportJobRunner, ReportScheduleClock],
})
export class ReportsWorkerModule {}
