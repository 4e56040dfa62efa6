import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which catalog product a title matched, and the matcher that fired. */
@Entity({ name: 'software_match' })
export class SoftwareMatch {
  @PrimaryColumn({ type: 'bigint', name: 'software_id' })
  softwareId!: string;

  @PrimaryColumn({ type: 'text', name: 'product_id' })
  productId!: string;

  @Column({ type: 'text', name: 'matcher_id' })
  matcherId!: string;

  @Column({ type: 'text', name: 'explanation' })
  explanation!: string;

  @Column({ type: 'text', name: 'catalog_version' })
  catalogVersion!: string;

  /** Inclusive lower bound on the installed version, from the matcher (null = none). */
  @Column({ type: 'text', name: 'version_from', nullable: true })
  versionFrom!: string | null;

  /** Exclusive upper bound on the installed version, from the matcher (null = none). */
  @Column({ type: 'text', name: 'version_below', nullable: true })
  versionBelow!: string | null;
}
