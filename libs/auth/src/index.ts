export {
  Actor,
  Public,
  Roles,
  ROLE_ORDER,
  ROLES_KEY,
  PUBLIC_KEY,
  SYSTEM_ACTOR,
  type ActorRef,
  type Role,
} from './roles';
export { AuthError, type AuthErrorCode } from './auth.errors';
export { AuthModule } from './auth.module';
export { AuthGuard, routeDecision, type AuthenticatedRequest } from './guard/auth.guard';
export { AuditInterceptor } from './audit/audit.interceptor';
export { AuditService, type AuditEntry, type AuditLogView } from './audit/audit.service';
export { ApiKeyService, type ApiKeyView, type CreatedApiKey, type NewApiKey } from './keys/api-key.service';
export { ensureBootstrapAdminKey } from './keys/bootstrap-admin-key';
export { generateApiKey, parseApiKey } from './keys/api-key-format';
export { OidcVerifier, roleFromClaim } from './oidc/oidc-verifier';
export { TokenBuckets } from './rate-limit/token-bucket';
