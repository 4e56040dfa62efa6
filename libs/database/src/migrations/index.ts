import { InitialSchema1764300000000 } from './1764300000000-InitialSchema';

/** Every migration in order; add new ones at the end. */
export const MIGRATIONS = [InitialSchema1764300000000];
