import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A day's exposure counts for one rule, product and platform. */
@Entity({ name: 'exposure_snapshot' })
export class ExposureSnapshot {
  /** node-postgres returns a date as a Date at local midnight; readers select `to_char(day, 'YYYY-MM-DD')` instead. */
  @PrimaryColumn({ type: 'date', name: 'day' })
  day!: Date;

  @PrimaryColumn({ type: 'text', name: 'rule_id' })
  ruleId!: string;

  @PrimaryColumn({ type: 'text', name: 'product_id' })
  productId!: string;

  @PrimaryColumn({ type: 'text', name: 'platform' })
  platform!: string;

  @Column({ type: 'integer', name: 'open_count' })
  openCount!: number;

  @Column({ type: 'integer', name: 'new_count' })
  newCount!: number;

  @Column({ type: 'integer', name: 'resolved_count' })
  resolvedCount!: number;

  @Column({ type: 'integer', name: 'overdue_count' })
  overdueCount!: number;

  @Column({ type: 'integer', name: 'excepted_count' })
  exceptedCount!: number;

  @Column({ type: 'integer', name: 'exposed_devices' })
  exposedDevices!: number;

  @Column({ type: 'integer', name: 'devices_covered' })
  devicesCovered!: number;

  @Column({ type: 'timestamptz', name: 'taken_at' })
  takenAt!: Date;
}
