import { Module } from '@nestjs/common';
import { AuthModule } from '@interdict/auth';
import { ApiKeysController, AuditLogController, WhoAmIController } from './api-keys.controller';

/** API keys, the caller's identity, and the audit log over HTTP. */
@Module({ imports: [AuthModule], controllers: [ApiKeysController, WhoAmIController, AuditLogController] })
export class ApiKeysApiModule {}
