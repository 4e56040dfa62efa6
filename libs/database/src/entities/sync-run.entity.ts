import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One attempt to pull a source's whole inventory. */
@Entity({ name: 'sync_run' })
export class SyncRun {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'uuid', name: 'source_id' })
  sourceId!: string;

  @Column({ type: 'text', name: 'trigger' })
  trigger!: string;

  @Column({ type: 'text', name: 'status' })
  status!: 'running' | 'succeeded' | 'failed' | 'partial';

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'text', name: 'worker_id', nullable: true })
  workerId!: string | null;

  @Column({ type: 'integer', name: 'devices_seen' })
  devicesSeen!: number;

  @Column({ type: 'integer', name: 'installations_seen' })
  installationsSeen!: number;

  @Column({ type: 'integer', name: 'devices_new' })
  devicesNew!: number;

  @Column({ type: 'integer', name: 'devices_removed' })
  devicesRemoved!: number;

  @Column({ type: 'integer', name: 'installations_new' })
  installationsNew!: number;

  @Column({ type: 'integer', name: 'installations_removed' })
  installationsRemoved!: number;

  @Column({ type: 'integer', name: 'requests' })
  requests!: number;

  @Column({ type: 'text', name: 'error_code', nullable: true })
  errorCode!: string | null;

  @Column({ type: 'text', name: 'error_message', nullable: true })
  errorMessage!: string | null;

  /** How far a running sync is, written about once a second while it runs. */
  @Column({ type: 'jsonb', name: 'progress', nullable: true })
  progress!: SyncProgress | null;
}

/** A running sync's phase and counts so far. */
export interface SyncProgress {
  phase: 'walking' | 'applying';
  devices: number;
  installations: number;
  requests: number;
  at: string;
}
