import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A unit of background work claimed by one worker; keyed so overlapping triggers coalesce. */
@Entity({ name: 'job' })
export class Job {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Column({ type: 'text', name: 'key' })
  key!: string;

  @Column({ type: 'jsonb', name: 'payload' })
  payload!: Record<string, unknown>;

  @Column({ type: 'text', name: 'status' })
  status!: 'queued' | 'running' | 'done' | 'failed';

  @Column({ type: 'timestamptz', name: 'run_at' })
  runAt!: Date;

  @Column({ type: 'integer', name: 'attempts' })
  attempts!: number;

  @Column({ type: 'text', name: 'locked_by', nullable: true })
  lockedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text', name: 'error', nullable: true })
  error!: string | null;
}
