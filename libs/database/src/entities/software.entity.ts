import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One distinct title: (platform, normalised name, publisher, bundle id). */
@Entity({ name: 'software' })
export class Software {
  @PrimaryGeneratedColumn('identity', { name: 'id', type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'uuid', name: 'identity_key' })
  identityKey!: string;

  @Column({ type: 'text', name: 'platform' })
  platform!: string;

  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Column({ type: 'text', name: 'name_norm' })
  nameNorm!: string;

  @Column({ type: 'text', name: 'publisher', nullable: true })
  publisher!: string | null;

  @Column({ type: 'text', name: 'bundle_id', nullable: true })
  bundleId!: string | null;

  @Column({ type: 'timestamptz', name: 'first_seen_at' })
  firstSeenAt!: Date;

  @Column({ type: 'text', name: 'matched_catalog_version', nullable: true })
  matchedCatalogVersion!: string | null;
}
