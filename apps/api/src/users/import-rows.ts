import { ROLES, USER_IMPORT_MAX_ROWS, type FieldError, type Role } from '@arena/contracts';
import { isEmail, isUUID } from 'class-validator';
import { mergeFieldErrors, unsafeInputErrors } from '../common/input-text';

/** One row as validated: trimmed, the email lower-cased, absent values undefined or null. */
export interface ImportRow {
  name: string;
  email: string;
  role?: Role;
  teamId?: string | null;
  team?: string | null;
  competes?: boolean;
  password?: string | null;
}

const KEYS = new Set(['name', 'email', 'role', 'teamId', 'team', 'competes', 'password']);
const ROLE_SET = new Set<string>(ROLES);

/**
 * The shape of an import's body, checked by hand with the rules (and the messages) of
 * `ImportUserRowDto`: class-transformer and class-validator take seconds of the event loop for
 * 10,000 rows (measured: 2.4–4 s on this machine), these checks tens of milliseconds. Answers the
 * rows, or the problems: `list` errors (no array, too many) and errors under `<prefix>.<i>.<field>`.
 */
export function checkImportBody(
  body: unknown,
  prefix: string,
): { rows: ImportRow[]; errors: FieldError[] } {
  const list =
    body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['users'] : null;
  const listErrors: FieldError[] = [];
  if (body !== null && typeof body === 'object')
    for (const key of Object.keys(body))
      if (key !== 'users') listErrors.push(fieldError(key, `property ${key} should not exist`));
  if (!Array.isArray(list)) listErrors.push(fieldError(prefix, `${prefix} must be an array`));
  else if (list.length === 0)
    listErrors.push(fieldError(prefix, `${prefix} must hold at least one user`));
  else if (list.length > USER_IMPORT_MAX_ROWS)
    listErrors.push(fieldError(prefix, `${prefix} may hold at most ${USER_IMPORT_MAX_ROWS} items`));
  if (listErrors.length > 0) return { rows: [], errors: listErrors };

  const errors: FieldError[] = [];
  const rows = (list as unknown[]).map((item, index) =>
    checkRow(item, `${prefix}.${index}`, errors),
  );
  const unsafe = unsafeInputErrors(list, prefix);
  return { rows, errors: unsafe.length > 0 ? mergeFieldErrors(errors, unsafe) : errors };
}

function checkRow(item: unknown, path: string, errors: FieldError[]): ImportRow {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    errors.push(fieldError(path, `${path} must be an object`));
    return { name: '', email: '' };
  }
  const raw = item as Record<string, unknown>;
  const fail = (field: string, message: string) =>
    errors.push(fieldError(`${path}.${field}`, message));
  for (const key of Object.keys(raw))
    if (!KEYS.has(key)) fail(key, `property ${key} should not exist`);

  const name = typeof raw['name'] === 'string' ? raw['name'].trim() : raw['name'];
  if (typeof name !== 'string') fail('name', 'name must be a string');
  else if (name.length < 1 || name.length > 120) fail('name', 'name must be 1 to 120 characters');

  const email = typeof raw['email'] === 'string' ? raw['email'].trim().toLowerCase() : raw['email'];
  if (typeof email !== 'string') fail('email', 'email must be a string');
  else if (email.length > 254)
    fail('email', 'email must be shorter than or equal to 254 characters');
  else if (!isEmail(email)) fail('email', 'email must be an email address');

  const role = raw['role'];
  if (role !== undefined && !(typeof role === 'string' && ROLE_SET.has(role)))
    fail('role', `role must be one of the following values: ${ROLES.join(', ')}`);

  const teamId = raw['teamId'];
  if (teamId !== undefined && teamId !== null && !(typeof teamId === 'string' && isUUID(teamId)))
    fail('teamId', 'teamId must be a UUID');

  const team = typeof raw['team'] === 'string' ? raw['team'].trim() : raw['team'];
  if (team !== undefined && team !== null) {
    if (typeof team !== 'string') fail('team', 'team must be a string');
    else if (team.length < 1 || team.length > 80) fail('team', 'team must be 1 to 80 characters');
  }

  const competes = raw['competes'];
  if (competes !== undefined && typeof competes !== 'boolean')
    fail('competes', 'competes must be a boolean value');

  const password = raw['password'];
  if (password !== undefined && password !== null) {
    if (typeof password !== 'string') fail('password', 'password must be a string');
    else if (password.length < 8 || password.length > 200)
      fail('password', 'password must be 8 to 200 characters');
    else if (!/\S/.test(password)) fail('password', 'password must not be blank');
  }

  return {
    name: name as string,
    email: email as string,
    role: role as Role | undefined,
    teamId: teamId as string | null | undefined,
    team: team as string | null | undefined,
    competes: competes as boolean | undefined,
    password: password as string | null | undefined,
  };
}

function fieldError(field: string, message: string): FieldError {
  return { field, messages: [message] };
}
