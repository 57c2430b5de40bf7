import { Identity1795701671155 } from './1795701671155-identity';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same set. */
export const MIGRATIONS = [Identity1795701671155];
