import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One physical device running one banned product, open from the first sighting to the last; reopening makes a new row. */
@Entity({ name: 'exposure' })
export class Exposure {
  @PrimaryGeneratedColumn('identity', { name: 'id', type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'text', name: 'physical_key' })
  physicalKey!: string;

  @Column({ type: 'text', name: 'product_id' })
  productId!: string;

  @Column({ type: 'bigint', name: 'device_id' })
  deviceId!: string;

  @Column({ type: 'text', name: 'status' })
  status!: 'open' | 'resolved' | 'excepted';

  @Column({ type: 'text', name: 'severity' })
  severity!: string;

  @Column({ type: 'text', name: 'rule_ids', array: true })
  ruleIds!: string[];

  @Column({ type: 'timestamptz', name: 'first_detected_at' })
  firstDetectedAt!: Date;

  @Column({ type: 'timestamptz', name: 'last_detected_at' })
  lastDetectedAt!: Date;

  @Column({ type: 'timestamptz', name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'text', name: 'resolved_reason', nullable: true })
  resolvedReason!: string | null;

  @Column({ type: 'timestamptz', name: 'due_at', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'overdue_notified_at', nullable: true })
  overdueNotifiedAt!: Date | null;

  @Column({ type: 'uuid', name: 'exception_id', nullable: true })
  exceptionId!: string | null;

  @Column({ type: 'text', name: 'excepted_rule_ids', array: true })
  exceptedRuleIds!: string[];
}
