import {
  Body,
  Controller,
  Delete,
  Get,
  Inject,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  HttpCode,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '@interdict/auth';
import { SourcesService, SyncQueue, SyncRunsService, type SourceView } from '@interdict/inventory';
import { getLogger } from '@interdict/logger';
import { CONNECTOR_CHECK, type ConnectorCheck } from './connector-check';
import { CreateSourceRequest, ListRunsQuery, UpdateSourceRequest } from './source.request';
import {
  SourceDeletedResponse,
  SourceResponse,
  SourceTestResponse,
  SyncQueuedResponse,
  SyncRunResponse,
  toRunResponse,
  toSourceResponse,
} from './source.view';

@ApiTags('sources')
@Controller('api/v1/sources')
export class SourcesController {
  private readonly log = getLogger('SourcesController');

  constructor(
    private readonly sources: SourcesService,
    private readonly runs: SyncRunsService,
    private readonly queue: SyncQueue,
    @Inject(CONNECTOR_CHECK) private readonly check: ConnectorCheck,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Sources with their health: last run and last successful sync' })
  @ApiOkResponse({ type: [SourceResponse] })
  async list(): Promise<SourceResponse[]> {
    const sources = await this.sources.list();
    const lastSuccess = await this.runs.lastSucceeded();
    return Promise.all(
      sources.map(async (s) =>
        toSourceResponse(
          s,
          (await this.runs.list({ sourceId: s.id, limit: 1 }))[0] ?? null,
          lastSuccess.get(s.id) ?? null,
        ),
      ),
    );
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One source with its health' })
  @ApiOkResponse({ type: SourceResponse })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<SourceResponse> {
    return this.withHealth(await this.sources.get(id));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Add an Intune or Jamf source; its secret is stored encrypted and never returned',
  })
  @ApiCreatedResponse({ type: SourceResponse })
  async create(@Body() body: CreateSourceRequest): Promise<SourceResponse> {
    const created = await this.sources.create({
      name: body.name,
      kind: body.kind,
      settings: body.settings,
      secret: body.secret ?? null,
      schedule: body.schedule ?? null,
      enabled: body.enabled ?? true,
    });
    return toSourceResponse(created, null, null);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change a source (only the fields given); sources declared in config are read-only',
  })
  @ApiOkResponse({ type: SourceResponse })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateSourceRequest,
  ): Promise<SourceResponse> {
    return this.withHealth(await this.sources.update(id, body));
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Delete a source with its devices and installations (exposures only they reported go with them)',
  })
  @ApiOkResponse({ type: SourceDeletedResponse })
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<SourceDeletedResponse> {
    await this.sources.delete(id);
    return { id, deleted: true };
  }

  @Post(':id/test')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Test connection: authenticate and make one cheap call to the MDM' })
  @ApiOkResponse({ type: SourceTestResponse })
  async test(@Param('id', ParseUUIDPipe) id: string): Promise<SourceTestResponse> {
    const source = await this.sources.getForSync(id);
    try {
      const health = await this.check(source);
      return { ok: health.ok, message: health.detail, latencyMs: health.latencyMs };
    } catch (err) {
      // A failing MDM is the answer to "test connection", not an API error; messages are secret-free by contract.
      const code = (err as { code?: unknown }).code;
      this.log.info({ sourceId: id, code }, 'source connection test failed');
      return {
        ok: false,
        message: err instanceof Error ? err.message : 'connection failed',
        latencyMs: null,
      };
    }
  }

  @Post(':id/sync')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Sync now: queue a sync (coalesces with one already queued); a worker runs it' })
  @ApiAcceptedResponse({ type: SyncQueuedResponse })
  async sync(@Param('id', ParseUUIDPipe) id: string): Promise<SyncQueuedResponse> {
    await this.sources.get(id);
    const jobId = await this.queue.requestSync(id, 'manual');
    return { id, jobId, status: 'queued' };
  }

  @Get(':id/runs')
  @Roles('viewer')
  @ApiOperation({ summary: 'Sync runs of a source, newest first (page with `before`)' })
  @ApiOkResponse({ type: [SyncRunResponse] })
  async listRuns(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ListRunsQuery,
  ): Promise<SyncRunResponse[]> {
    await this.sources.get(id);
    const runs = await this.runs.list({
      sourceId: id,
      limit: q.limit ?? 20,
      before: q.before ? new Date(q.before) : undefined,
    });
    return runs.map(toRunResponse);
  }

  private async withHealth(s: SourceView): Promise<SourceResponse> {
    const [last] = await this.runs.list({ sourceId: s.id, limit: 1 });
    return toSourceResponse(s, last ?? null, (await this.runs.lastSucceeded(s.id)).get(s.id) ?? null);
  }
}

@ApiTags('sources')
@Controller('api/v1/sync-runs')
export class SyncRunsController {
  constructor(private readonly runs: SyncRunsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Recent sync runs of every source, newest first' })
  @ApiOkResponse({ type: [SyncRunResponse] })
  async list(@Query() q: ListRunsQuery): Promise<SyncRunResponse[]> {
    return (
      await this.runs.list({ limit: q.limit ?? 20, before: q.before ? new Date(q.before) : undefined })
    ).map(toRunResponse);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One sync run with its counts and error' })
  @ApiOkResponse({ type: SyncRunResponse })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<SyncRunResponse> {
    return toRunResponse(await this.runs.get(id));
  }
}
