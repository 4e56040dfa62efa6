import { ApiProperty } from '@nestjs/swagger';
import { ROLE_ORDER, type ApiKeyView, type Role } from '@interdict/auth';

/** An API key without its secret. */
export class ApiKeyResponse implements ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Public part of the key, shown in lists', example: 'k3v7q2ab9x' })
  prefix!: string;
  @ApiProperty({ enum: ROLE_ORDER }) role!: Role;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) status!: 'active' | 'expired' | 'revoked';
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
}

/** A newly created key: `key` is the secret, shown in this response only. */
export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    description: 'The key itself. Shown once; only its hash is stored.',
    example: 'idk_k3v7q2ab9x_…',
  })
  key!: string;
}

/** The authenticated caller. */
export class WhoAmIResponse {
  @ApiProperty({ enum: ['api_key', 'oidc', 'system'] }) type!: string;
  @ApiProperty({ nullable: true, type: String }) id!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLE_ORDER }) role!: Role;
}

/** One audit log line. */
export class AuditLogResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() actorType!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty() actorName!: string;
  @ApiProperty({ example: 'POST /api/v1/exceptions' }) action!: string;
  @ApiProperty({ nullable: true, type: String }) targetType!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'State before the change, as the route recorded it',
  })
  before!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) after!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
}

/** A page of audit lines. */
export class AuditLogPageResponse {
  @ApiProperty({ type: [AuditLogResponse] }) items!: AuditLogResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
