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
}
