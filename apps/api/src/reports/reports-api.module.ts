import { Module } from '@nestjs/common';
import { ReportsModule } from '@interdict/reports';
import { ReportSchedulesController, ReportsController } from './reports.controller';

/** Reports over HTTP: queue, status, list, download, schedules. The api only reads files the worker wrote. */
@Module({ imports: [ReportsModule.register()], controllers: [ReportsController, ReportSchedulesController] })
export class ReportsApiModule {}
