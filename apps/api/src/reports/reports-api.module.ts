import { Module } from '@nestjs/common';
import { ReportsModule } from '@interdict/reports';
import { EvidenceController, ReportSchedulesController, ReportsController } from './reports.controller';

/**
 * Reports over HTTP: queue, status, list, download (report and evidence pack), schedules, the evidence public key.
 * The api only reads files the worker wrote.
 */
@Module({
  imports: [ReportsModule.register()],
  controllers: [ReportsController, ReportSchedulesController, EvidenceController],
})
export class ReportsApiModule {}
