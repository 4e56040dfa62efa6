import { ApiProperty } from '@nestjs/swagger';
import type { SourceView, SyncRunView } from '@interdict/inventory';

/** How far a running sync is (written about once a second by the worker running it). */
export class SyncProgressResponse {
  @ApiProperty({
    enum: ['walking', 'applying'],
    description: 'walking: reading the MDM; applying: writing the diff',
  })
  phase!: 'walking' | 'applying';
  @ApiProperty({ description: 'Devices read so far' }) devices!: number;
  @ApiProperty({ description: 'Installations read so far' }) installations!: number;
  @ApiProperty({ description: 'Requests made to the MDM so far' }) requests!: number;
  @ApiProperty({ format: 'date-time', description: 'When this progress was recorded' }) at!: string;
}

/** One sync run. */
export class SyncRunResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty({ example: 'manual' }) trigger!: string;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed', 'partial'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty() devicesSeen!: number;
  @ApiProperty() installationsSeen!: number;
  @ApiProperty() devicesNew!: number;
  @ApiProperty() devicesRemoved!: number;
  @ApiProperty() installationsNew!: number;
  @ApiProperty() installationsRemoved!: number;
  @ApiProperty() requests!: number;
  @ApiProperty({ nullable: true, type: String }) errorCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) errorMessage!: string | null;
  @ApiProperty({
    type: SyncProgressResponse,
    nullable: true,
    description: 'While the run is running: its phase and counts so far; null once it ended',
  })
  progress!: SyncProgressResponse | null;
}

/** A source with its health: the last run and the last successful one. Never its secret. */
export class SourceResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['intune', 'jamf'] }) kind!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) scheduleCron!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'A secret is stored (it is never returned)' }) hasSecret!: boolean;
  @ApiProperty({ enum: ['api', 'config'] }) declaredIn!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: SyncRunResponse, nullable: true }) lastRun!: SyncRunResponse | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSucceededAt!: string | null;
}

/** Outcome of "test connection". */
export class SourceTestResponse {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Secret-free summary, e.g. "authenticated; Jamf Pro 11.30.1"' })
  message!: string;
  @ApiProperty({ nullable: true, type: Number }) latencyMs!: number | null;
}

/** A queued sync. */
export class SyncQueuedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    format: 'uuid',
    description: 'The queued job (the same id when it coalesced with one already queued)',
  })
  jobId!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}

/** A deleted source. */
export class SourceDeletedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() deleted!: boolean;
}

export function toRunResponse(r: SyncRunView): SyncRunResponse {
  return {
    ...r,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
  };
}

export function toSourceResponse(
  s: SourceView,
  lastRun: SyncRunView | null,
  lastSucceededAt: Date | null,
): SourceResponse {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    settings: s.settings,
    scheduleCron: s.schedule,
    enabled: s.enabled,
    hasSecret: s.hasSecret,
    declaredIn: s.declaredIn,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    lastRun: lastRun ? toRunResponse(lastRun) : null,
    lastSucceededAt: lastSucceededAt ? lastSucceededAt.toISOString() : null,
  };
}
