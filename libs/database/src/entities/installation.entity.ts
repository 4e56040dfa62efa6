import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A title at a version on a device, with when it was first and last seen. */
@Entity({ name: 'installation' })
export class Installation {
  @PrimaryColumn({ type: 'bigint', name: 'device_id' })
  deviceId!: string;

  @PrimaryColumn({ type: 'bigint', name: 'software_id' })
  softwareId!: string;

  @PrimaryColumn({ type: 'text', name: 'version' })
  version!: string;

  @Column({ type: 'text', name: 'install_path', nullable: true })
  installPath!: string | null;

  @Column({ type: 'timestamptz', name: 'first_seen_at' })
  firstSeenAt!: Date;

  /**
   * The last sync that wrote the row (listed it new, back, or gone). Syncs skip devices whose app list did not
   * change, so an active row was last confirmed at its device's `last_seen_at`: read the later of the two.
   */
  @Column({ type: 'timestamptz', name: 'last_seen_at' })
  lastSeenAt!: Date;

  @Column({ type: 'timestamptz', name: 'removed_at', nullable: true })
  removedAt!: Date | null;

  /** The sync's fingerprint bucket of the title (see the InstallationBucket migration). */
  @PrimaryColumn({ type: 'smallint', name: 'bucket' })
  bucket!: number;
}
