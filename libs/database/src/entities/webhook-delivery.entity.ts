import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One event owed to one endpoint, retried until delivered or dead. */
@Entity({ name: 'webhook_delivery' })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  /** Order of deliveries to one endpoint (ordering keys are honoured by it); set by the database. */
  @Column({ type: 'bigint', name: 'seq', insert: false, update: false })
  seq!: string;

  @Column({ type: 'uuid', name: 'event_id' })
  eventId!: string;

  @Column({ type: 'uuid', name: 'endpoint_id' })
  endpointId!: string;

  @Column({ type: 'text', name: 'status' })
  status!: 'pending' | 'delivering' | 'delivered' | 'dead';

  @Column({ type: 'integer', name: 'attempts' })
  attempts!: number;

  @Column({ type: 'timestamptz', name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'text', name: 'ordering_key', nullable: true })
  orderingKey!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'integer', name: 'last_status_code', nullable: true })
  lastStatusCode!: number | null;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;
}
