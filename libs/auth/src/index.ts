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
