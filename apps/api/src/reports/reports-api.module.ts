import { Module } from '@nestjs/common';
import { ReportsModule } from '@interdict/reports';
import { ReportSchedulesController, ReportsController } from './reports.controller';
import { ReportDeliveryController, SharedDownloadController } from './report-delivery.controller';

/**
 * Reports over HTTP: queue, status, list, download, schedules, their mail and download links. The api only reads
 * files the worker wrote.
 */
@Module({
  imports: [ReportsModule.register()],
  controllers: [
    ReportsController,
    ReportSchedulesController,
    ReportDeliveryController,
    SharedDownloadController,
  ],
})
export class ReportsApiModule {}
