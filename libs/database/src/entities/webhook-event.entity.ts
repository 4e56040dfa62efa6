import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An event in the outbox, written in the transaction that caused it. */
@Entity({ name: 'webhook_event' })
export class WebhookEvent {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'type' })
  type!: string;

  @Column({ type: 'integer', name: 'schema_version' })
  schemaVersion!: number;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'text', name: 'ordering_key', nullable: true })
  orderingKey!: string | null;

  @Column({ type: 'text', name: 'product_id', nullable: true })
  productId!: string | null;

  @Column({ type: 'text', name: 'severity', nullable: true })
  severity!: string | null;

  @Column({ type: 'jsonb', name: 'payload' })
  payload!: Record<string, unknown>;
}
