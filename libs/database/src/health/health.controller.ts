import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { hasPendingMigrations } from '../database-runtime';

/** Liveness and readiness for load balancers and orchestrators. */
@Controller()
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** The process is up and serving. */
  @Get('health')
  @HttpCode(HttpStatus.OK)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The database answers and its schema matches this code. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<Record<string, string>> {
    let database = 'up';
    let migrations = 'current';
    try {
      await this.dataSource.query('SELECT 1');
      if (await hasPendingMigrations(this.dataSource)) migrations = 'pending';
    } catch {
      database = 'down';
      migrations = 'unknown';
    }
    const ready = database === 'up' && migrations === 'current';
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not_ready', database, migrations };
  }
}
