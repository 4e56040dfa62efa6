import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A receiver of signed events (SIEM, chat, ticketing). */
@Entity({ name: 'webhook_endpoint' })
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Column({ type: 'text', name: 'url' })
  url!: string;

  @Column({ type: 'text', name: 'format' })
  format!: 'json' | 'splunk_hec' | 'ecs' | 'cef' | 'slack' | 'teams';

  @Column({ type: 'bytea', name: 'secret_ciphertext' })
  secretCiphertext!: Buffer;

  @Column({ type: 'bytea', name: 'previous_secret_ciphertext', nullable: true })
  previousSecretCiphertext!: Buffer | null;

  @Column({ type: 'timestamptz', name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ type: 'text', name: 'event_types', array: true })
  eventTypes!: string[];

  @Column({ type: 'text', name: 'product_ids', array: true })
  productIds!: string[];

  @Column({ type: 'text', name: 'severities', array: true })
  severities!: string[];

  @Column({ type: 'bytea', name: 'headers_ciphertext', nullable: true })
  headersCiphertext!: Buffer | null;

  @Column({ type: 'integer', name: 'timeout_ms' })
  timeoutMs!: number;

  @Column({ type: 'integer', name: 'max_concurrency' })
  maxConcurrency!: number;

  /** One message per this many seconds summarising the pending events; NULL = one message per event. */
  @Column({ type: 'integer', name: 'digest_window_seconds', nullable: true })
  digestWindowSeconds!: number | null;

  @Column({ type: 'boolean', name: 'enabled' })
  enabled!: boolean;

  @Column({ type: 'text', name: 'disabled_reason', nullable: true })
  disabledReason!: string | null;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
