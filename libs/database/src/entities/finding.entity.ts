import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One episode of a device running a banned title under one rule; reopening makes a new row. */
@Entity({ name: 'finding' })
export class Finding {
  @PrimaryGeneratedColumn('identity', { name: 'id', type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'bigint', name: 'device_id' })
  deviceId!: string;

  @Column({ type: 'bigint', name: 'software_id' })
  softwareId!: string;

  @Column({ type: 'text', name: 'product_id' })
  productId!: string;

  @Column({ type: 'text', name: 'rule_id' })
  ruleId!: string;

  @Column({ type: 'text', name: 'matcher_id' })
  matcherId!: string;

  @Column({ type: 'text', name: 'version' })
  version!: string;

  @Column({ type: 'text', name: 'status' })
  status!: 'open' | 'resolved' | 'excepted';

  @Column({ type: 'timestamptz', name: 'first_detected_at' })
  firstDetectedAt!: Date;

  @Column({ type: 'timestamptz', name: 'last_detected_at' })
  lastDetectedAt!: Date;

  @Column({ type: 'timestamptz', name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'due_at' })
  dueAt!: Date;

  @Column({ type: 'timestamptz', name: 'overdue_notified_at', nullable: true })
  overdueNotifiedAt!: Date | null;

  @Column({ type: 'uuid', name: 'exception_id', nullable: true })
  exceptionId!: string | null;
}
