import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The log line of one delivery attempt. */
@Entity({ name: 'webhook_attempt' })
export class WebhookAttempt {
  @PrimaryGeneratedColumn('identity', { name: 'id', type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'uuid', name: 'delivery_id' })
  deliveryId!: string;

  @Column({ type: 'timestamptz', name: 'attempted_at' })
  attemptedAt!: Date;

  @Column({ type: 'integer', name: 'status_code', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'integer', name: 'latency_ms', nullable: true })
  latencyMs!: number | null;

  @Column({ type: 'text', name: 'response_excerpt', nullable: true })
  responseExcerpt!: string | null;

  @Column({ type: 'text', name: 'error', nullable: true })
  error!: string | null;
}
