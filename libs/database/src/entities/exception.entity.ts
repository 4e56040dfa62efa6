import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An approved, expiring suppression of a rule or product for a device, serial or group. */
@Entity({ name: 'exception' })
export class ExposureException {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'rule_id', nullable: true })
  ruleId!: string | null;

  @Column({ type: 'text', name: 'product_id', nullable: true })
  productId!: string | null;

  @Column({ type: 'text', name: 'scope_type' })
  scopeType!: 'device' | 'serial' | 'group';

  @Column({ type: 'text', name: 'scope_value' })
  scopeValue!: string;

  @Column({ type: 'text', name: 'reason' })
  reason!: string;

  @Column({ type: 'text', name: 'approved_by' })
  approvedBy!: string;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
