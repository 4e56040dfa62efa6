import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A connection to one Intune tenant or Jamf Pro instance. */
@Entity({ name: 'source' })
export class Source {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'kind' })
  kind!: 'intune' | 'jamf';

  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Column({ type: 'jsonb', name: 'settings' })
  settings!: Record<string, unknown>;

  @Column({ type: 'bytea', name: 'secret_ciphertext', nullable: true })
  secretCiphertext!: Buffer | null;

  @Column({ type: 'text', name: 'schedule_cron', nullable: true })
  scheduleCron!: string | null;

  @Column({ type: 'boolean', name: 'enabled' })
  enabled!: boolean;

  @Column({ type: 'text', name: 'declared_in', nullable: true })
  declaredIn!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
