import { Module } from '@nestjs/common';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditService } from './audit/audit.service';
import { AuthGuard } from './guard/auth.guard';
import { ApiKeyService } from './keys/api-key.service';
import { OidcVerifier } from './oidc/oidc-verifier';

/** API keys, OIDC, the audit log; the api app installs AuthGuard and AuditInterceptor globally. */
@Module({
  providers: [ApiKeyService, AuditService, OidcVerifier, AuthGuard, AuditInterceptor],
  exports: [ApiKeyService, AuditService, OidcVerifier, AuthGuard, AuditInterceptor],
})
export class AuthModule {}
