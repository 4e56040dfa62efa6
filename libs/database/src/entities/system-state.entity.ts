import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small named values the system keeps (e.g. the applied catalog version). */
@Entity({ name: 'system_state' })
export class SystemState {
  @PrimaryColumn({ type: 'text', name: 'key' })
  key!: string;

  @Column({ type: 'jsonb', name: 'value' })
  value!: unknown;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
