import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A hashed API key with a role; the secret is shown once at creation. */
@Entity({ name: 'api_key' })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Column({ type: 'text', name: 'prefix' })
  prefix!: string;

  @Column({ type: 'bytea', name: 'key_hash' })
  keyHash!: Buffer;

  @Column({ type: 'text', name: 'role' })
  role!: 'viewer' | 'analyst' | 'admin';

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
