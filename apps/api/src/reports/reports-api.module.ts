import { Module } from '@nestjs/common';
import { ReportsModule } from '@interdict/reports';
import { EvidenceController, ReportSchedulesController, ReportsController } from './reports.controller';
import { ReportDeliveryController, SharedDownloadController } from './report-delivery.controller';

/**
 * Reports over HTTP: queue, status, list, download (report and evidence pack), schedules, their mail and download
 * links, the evidence public key. The api only reads files the worker wrote.
 */
@Module({
  imports: [ReportsModule.register()],
  controllers: [
    ReportsController,
    ReportSchedulesController,
    EvidenceController,
    ReportDeliveryController,
    SharedDownloadController,
  ],
})
export class ReportsApiModule {}
