import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, when and from where. */
@Entity({ name: 'audit_log' })
export class AuditLog {
  @PrimaryGeneratedColumn('identity', { name: 'id', type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'timestamptz', name: 'at' })
  at!: Date;

  @Column({ type: 'text', name: 'actor_type' })
  actorType!: string;

  @Column({ type: 'text', name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', name: 'actor_name' })
  actorName!: string;

  @Column({ type: 'text', name: 'action' })
  action!: string;

  @Column({ type: 'text', name: 'target_type', nullable: true })
  targetType!: string | null;

  @Column({ type: 'text', name: 'target_id', nullable: true })
  targetId!: string | null;

  @Column({ type: 'jsonb', name: 'before', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', name: 'after', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ type: 'text', name: 'ip', nullable: true })
  ip!: string | null;

  @Column({ type: 'text', name: 'request_id', nullable: true })
  requestId!: string | null;
}
