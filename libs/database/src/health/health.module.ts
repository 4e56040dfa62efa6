import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** `/health` and `/ready` for any app that has a database. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
