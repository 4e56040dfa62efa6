import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One source record, title and version standing behind an exposure. */
@Entity({ name: 'exposure_evidence' })
export class ExposureEvidence {
  @PrimaryColumn({ type: 'bigint', name: 'exposure_id' })
  exposureId!: string;

  @PrimaryColumn({ type: 'bigint', name: 'device_id' })
  deviceId!: string;

  @PrimaryColumn({ type: 'bigint', name: 'software_id' })
  softwareId!: string;

  @PrimaryColumn({ type: 'text', name: 'version' })
  version!: string;

  @Column({ type: 'text', name: 'matcher_id' })
  matcherId!: string;

  @Column({ type: 'timestamptz', name: 'first_seen_at' })
  firstSeenAt!: Date;

  @Column({ type: 'timestamptz', name: 'last_seen_at' })
  lastSeenAt!: Date;

  @Column({ type: 'timestamptz', name: 'gone_at', nullable: true })
  goneAt!: Date | null;
}
