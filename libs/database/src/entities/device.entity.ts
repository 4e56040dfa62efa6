import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A device as one source reports it; `physicalKey` joins the same hardware across sources. */
@Entity({ name: 'device' })
export class Device {
  @PrimaryGeneratedColumn('identity', { name: 'id', type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'uuid', name: 'source_id' })
  sourceId!: string;

  @Column({ type: 'text', name: 'external_id' })
  externalId!: string;

  @Column({ type: 'text', name: 'physical_key' })
  physicalKey!: string;

  @Column({ type: 'text', name: 'name', nullable: true })
  name!: string | null;

  @Column({ type: 'text', name: 'serial_number', nullable: true })
  serialNumber!: string | null;

  @Column({ type: 'text', name: 'platform' })
  platform!: string;

  @Column({ type: 'text', name: 'os_version', nullable: true })
  osVersion!: string | null;

  @Column({ type: 'text', name: 'user_principal_name', nullable: true })
  userPrincipalName!: string | null;

  @Column({ type: 'text', name: 'user_display_name', nullable: true })
  userDisplayName!: string | null;

  @Column({ type: 'text', name: 'ownership', nullable: true })
  ownership!: string | null;

  @Column({ type: 'timestamptz', name: 'enrolled_at', nullable: true })
  enrolledAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'last_check_in_at', nullable: true })
  lastCheckInAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'inventory_reported_at', nullable: true })
  inventoryReportedAt!: Date | null;

  @Column({ type: 'boolean', name: 'apps_reported' })
  appsReported!: boolean;

  @Column({ type: 'text', name: 'tags', array: true })
  tags!: string[];

  @Column({ type: 'timestamptz', name: 'first_seen_at' })
  firstSeenAt!: Date;

  @Column({ type: 'timestamptz', name: 'last_seen_at' })
  lastSeenAt!: Date;

  @Column({ type: 'timestamptz', name: 'removed_at', nullable: true })
  removedAt!: Date | null;

  /** Fingerprint of the app list last applied by a sync; null = unknown (the next sync diffs the device in full). */
  @Column({ type: 'text', name: 'software_hash', nullable: true })
  softwareHash!: string | null;
}
