import {
  INVITATION_TTL_DAYS,
  USER_IMPORT_CSV_COLUMNS,
  USER_IMPORT_MAX_ROWS,
  type FieldError,
  type ImportProblemCode,
  type Role,
} from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { PasswordWork } from '../auth/password-work';
import { invitationTokenHash, newInvitationTokens } from './invitation-token';
import { InvalidInputError } from '../common/errors';
import { OrgSql } from '../common/org-sql';
import { Transactions } from '../common/transaction';
import { invalidInput } from '../common/validation';
import type { ImportedUserDto, ImportUsersResponseDto } from './dto/import-users.dto';
import { checkImportBody, type ImportRow } from './import-rows';

/** What `POST /api/users/import` was sent: a JSON body, or the text of a CSV file. */
export type ImportSource = { kind: 'json'; body: unknown } | { kind: 'csv'; text: string };

/** One row, resolved: what is inserted. */
interface ResolvedRow {
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  competes: boolean;
  password: string | null;
}

const CSV_COLUMNS = new Set<string>([...USER_IMPORT_CSV_COLUMNS, 'teamid', 'competes']);
const EMAIL_UNAVAILABLE = "can't be used for a new account: use another address";
/** Row errors listed in the message (all of them are in `errors`). */
const MESSAGE_ROWS = 5;

/**
 * Bulk creation of users (issue 14): every row is validated first — shape, duplicates in the
 * file, emails taken anywhere, teams of this organisation, the password policy — and any problem
 * rejects the whole import naming each row; then one transaction inserts them all with one
 * set-based statement per table. Rows without a password are invited (a one-time link).
 */
@Injectable()
export class UserImportService {
  constructor(
    private readonly sql: OrgSql,
    private readonly transactions: Transactions,
    private readonly passwords: PasswordWork,
  ) {}

  async import(source: ImportSource, dryRun: boolean): Promise<ImportUsersResponseDto> {
    const prefix = source.kind === 'csv' ? 'rows' : 'users';
    const body = source.kind === 'csv' ? { users: csvRows(source.text) } : source.body;
    const rows = this.validateShape(body, prefix);
    const resolved = await this.resolve(rows, prefix);
    if (dryRun) {
      const users = resolved.map((row) => ({ id: '', ...publicFields(row) }));
      return { dryRun: true, created: users.length, invited: invitedCount(resolved), users };
    }
    return this.store(resolved, prefix);
  }

  /** The shape of every row (`checkImportBody`), all problems at once. */
  private validateShape(body: unknown, prefix: string): ImportRow[] {
    const { rows, errors } = checkImportBody(body, prefix);
    const rowError = new RegExp(`^${prefix}\\.\\d+(\\.|$)`);
    if (errors.some((error) => !rowError.test(error.field))) throw invalidInput(errors);
    if (errors.length > 0)
      throw rejected(
        errors.map((error) => ({
          ...error,
          codes: error.messages.map(() =>
            error.field.endsWith('.password') ? 'weak_password' : 'invalid',
          ),
        })),
      );
    return rows;
  }

  private async resolve(rows: ImportRow[], prefix: string): Promise<ResolvedRow[]> {
    const problems = new Problems(prefix);
    const teams = await this.teamsOf();
    const firstRow = new Map<string, number>();
    const resolved = rows.map((row, index): ResolvedRow => {
      const earlier = firstRow.get(row.email);
      if (earlier === undefined) firstRow.set(row.email, index);
      else problems.add(index, 'email', 'duplicate_in_file', `is also on ${prefix}.${earlier}`);
      let teamId: string | null = null;
      if (row.teamId && row.team) {
        problems.add(index, 'team', 'invalid', 'give teamId or team, not both');
      } else if (row.teamId) {
        if (teams.byId.has(row.teamId)) teamId = row.teamId;
        else
          problems.add(
            index,
            'teamId',
            'unknown_team',
            'no team with this id in your organisation',
          );
      } else if (row.team) {
        const found = teams.byName.get(row.team) ?? teams.byFoldedName.get(row.team.toLowerCase());
        if (found) teamId = found;
        else
          problems.add(
            index,
            'team',
            'unknown_team',
            `no team named "${row.team}" in your organisation`,
          );
      }
      const role = row.role ?? 'rep';
      return {
        email: row.email,
        name: row.name,
        role,
        teamId,
        competes: row.competes ?? role === 'rep',
        password: row.password ?? null,
      };
    });
    for (const email of await this.takenEmails([...firstRow.keys()]))
      problems.add(firstRow.get(email)!, 'email', 'email_unavailable', EMAIL_UNAVAILABLE);
    const withPassword = resolved.flatMap((row, index) =>
      row.password === null ? [] : [{ index, row, password: row.password }],
    );
    const reasons = await this.passwords.weakReasons(
      withPassword.map(({ row, password }) => ({ password, userInputs: [row.email, row.name] })),
    );
    reasons.forEach((reason, at) => {
      if (reason) problems.add(withPassword[at].index, 'password', 'weak_password', reason);
    });
    problems.throwIfAny();
    return resolved;
  }

  private async store(rows: ResolvedRow[], prefix: string): Promise<ImportUsersResponseDto> {
    // Hashing takes seconds for thousands of passwords: before the transaction, not inside it.
    const withPassword = rows.flatMap((row) => (row.password === null ? [] : [row.password]));
    const hashes = await this.passwords.hashAll(withPassword);
    let hashAt = 0;
    const passwordHashes = rows.map((row) => (row.password === null ? null : hashes[hashAt++]));
    const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 3600_000);
    const fresh = newInvitationTokens(invitedCount(rows));
    let tokenAt = 0;
    const tokens = rows.map((row) => (row.password === null ? fresh[tokenAt++] : null));

    const ids = await this.transactions.run(async (manager) => {
      const sql = this.sql.withManager(manager);
      const teamIds = [...new Set(rows.flatMap((row) => (row.teamId ? [row.teamId] : [])))];
      if (teamIds.length > 0) {
        // Held until commit, so no team is deleted under the rows naming it.
        const kept = await sql.query<{ id: string }>(
          `SELECT id FROM teams WHERE org_id = $1 AND id = ANY($2::uuid[]) FOR KEY SHARE`,
          [teamIds],
        );
        const keptIds = new Set(kept.map((team) => team.id));
        const problems = new Problems(prefix);
        rows.forEach((row, index) => {
          if (row.teamId && !keptIds.has(row.teamId))
            problems.add(index, 'team', 'unknown_team', 'this team was deleted meanwhile');
        });
        problems.throwIfAny();
      }
      // The unique index on email settles a concurrent import or sign-up of the same address.
      const inserted = await sql.query<{ id: string; email: string }>(
        `INSERT INTO users (org_id, email, name, role, team_id, competes, password_hash)
         SELECT $1, r.email, r.name, r.role, r.team_id, r.competes, r.password_hash
           FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::uuid[], $6::boolean[], $7::varchar[])
             AS r(email, name, role, team_id, competes, password_hash)
         ON CONFLICT (email) DO NOTHING
         RETURNING id, email`,
        [
          rows.map((row) => row.email),
          rows.map((row) => row.name),
          rows.map((row) => row.role),
          rows.map((row) => row.teamId),
          rows.map((row) => row.competes),
          passwordHashes,
        ],
      );
      const idOf = new Map(inserted.map((user) => [user.email, user.id]));
      if (idOf.size < rows.length) {
        const problems = new Problems(prefix);
        rows.forEach((row, index) => {
          if (!idOf.has(row.email))
            problems.add(index, 'email', 'email_unavailable', EMAIL_UNAVAILABLE);
        });
        problems.throwIfAny();
      }
      const ids = rows.map((row) => idOf.get(row.email)!);
      const invited = rows.flatMap((_, index) => (tokens[index] ? [index] : []));
      if (invited.length > 0)
        await sql.query(
          `INSERT INTO user_invitations (org_id, user_id, token_hash, expires_at)
           SELECT $1, i.user_id, decode(i.token_hash, 'hex'), $4
             FROM unnest($2::uuid[], $3::text[]) AS i(user_id, token_hash)`,
          [
            invited.map((index) => ids[index]),
            invited.map((index) => invitationTokenHash(tokens[index]!).toString('hex')),
            expiresAt,
          ],
        );
      return ids;
    });

    const users: ImportedUserDto[] = rows.map((row, index) => {
      const token = tokens[index];
      return {
        id: ids[index],
        ...publicFields(row),
        ...(token
          ? {
              inviteUrl: `/accept-invite#${token}`,
              inviteToken: token,
              inviteExpiresAt: expiresAt.toISOString(),
            }
          : {}),
      };
    });
    return { dryRun: false, created: users.length, invited: invitedCount(rows), users };
  }

  private async teamsOf() {
    const teams = await this.sql.query<{ id: string; name: string }>(
      `SELECT id, name FROM teams WHERE org_id = $1`,
    );
    const byFoldedName = new Map<string, string>();
    const folded = new Map<string, number>();
    for (const team of teams) {
      const key = team.name.toLowerCase();
      folded.set(key, (folded.get(key) ?? 0) + 1);
      byFoldedName.set(key, team.id);
    }
    // A name that differs only in case from another team's is matched exactly or not at all.
    for (const [key, count] of folded) if (count > 1) byFoldedName.delete(key);
    return {
      byId: new Set(teams.map((team) => team.id)),
      byName: new Map(teams.map((team) => [team.name, team.id])),
      byFoldedName,
    };
  }

  /** Which of these emails an account has already, in any organisation (which, is not told). */
  private async takenEmails(emails: string[]): Promise<string[]> {
    // eslint-disable-next-line no-restricted-syntax -- emails are unique across organisations (as POST /api/users does): only "unavailable" is answered, never whose
    const rows = await this.sql.unscopedQuery<{ email: string }>(
      `SELECT email FROM users WHERE email = ANY($1::varchar[])`,
      [emails],
    );
    return rows.map((row) => row.email);
  }
}

function publicFields(row: ResolvedRow) {
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    teamId: row.teamId,
    competes: row.competes,
  };
}

function invitedCount(rows: ResolvedRow[]): number {
  return rows.filter((row) => row.password === null).length;
}

/** Problems of rows, each with its code, collected and thrown together (import_rejected). */
class Problems {
  private readonly errors = new Map<string, FieldError & { codes: string[] }>();
  private readonly rows = new Map<string, number>();

  constructor(private readonly prefix: string) {}

  add(index: number, field: string, code: ImportProblemCode, message: string): void {
    const path = `${this.prefix}.${index}.${field}`;
    const error = this.errors.get(path) ?? { field: path, messages: [], codes: [] };
    error.messages.push(message);
    error.codes.push(code);
    this.errors.set(path, error);
    this.rows.set(path, index);
  }

  throwIfAny(): void {
    if (this.errors.size === 0) return;
    const ordered = [...this.errors.values()].sort(
      (a, b) => this.rows.get(a.field)! - this.rows.get(b.field)!,
    );
    throw rejected(ordered);
  }
}

/** The 400 of an import with invalid rows: every row named, nothing stored. */
function rejected(errors: FieldError[]): InvalidInputError {
  const rows = new Set(errors.map((error) => error.field.split('.').slice(0, 2).join('.')));
  const listed = errors
    .slice(0, MESSAGE_ROWS)
    .map((error) => `${error.field} ${error.messages.join(', ')}`)
    .join('; ');
  const more = errors.length > MESSAGE_ROWS ? `; and ${errors.length - MESSAGE_ROWS} more` : '';
  return new InvalidInputError(
    `Nothing was imported: ${rows.size} ${rows.size === 1 ? 'row has' : 'rows have'} problems (${listed}${more}).`,
    errors,
    'import_rejected',
  );
}

/**
 * A CSV file to rows: a header row naming the columns (any order, any case), then one user per
 * line; empty cells are absent values. A broken file (unclosed quote, a line with a different
 * number of cells) is a 400 naming the line.
 */
function csvRows(text: string): Array<Record<string, string | boolean>> {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      // One more than allowed, so that "too many" is seen without parsing a huge file whole.
      to_line: USER_IMPORT_MAX_ROWS + 2,
    }) as string[][];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw InvalidInputError.field('rows', `is not valid CSV: ${message}`);
  }
  const [header, ...lines] = records;
  if (!header)
    throw InvalidInputError.field(
      'rows',
      'the file is empty: send a header row and one row per user',
    );
  const columns = header.map((name) => name.toLowerCase());
  const unknown = columns.filter((name) => !CSV_COLUMNS.has(name));
  if (unknown.length > 0)
    throw InvalidInputError.field(
      'rows',
      `unknown column ${unknown.map((name) => `"${name}"`).join(', ')}: the columns are ${[...USER_IMPORT_CSV_COLUMNS, 'competes'].join(', ')}`,
    );
  for (const required of ['name', 'email'])
    if (!columns.includes(required))
      throw InvalidInputError.field('rows', `the header row has no "${required}" column`);
  if (new Set(columns).size < columns.length)
    throw InvalidInputError.field('rows', 'the header row names a column twice');
  return lines.map((cells) => {
    const row: Record<string, string | boolean> = {};
    columns.forEach((column, at) => {
      const cell = cells[at];
      if (cell === undefined || cell === '') return;
      const key = column === 'teamid' ? 'teamId' : column;
      row[key] = key === 'competes' ? parseFlag(cell) : cell;
    });
    return row;
  });
}

/** `true`/`yes`/`1` and `false`/`no`/`0`; anything else stays a string, which validation names. */
function parseFlag(cell: string): string | boolean {
  const value = cell.toLowerCase();
  if (['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  return cell;
}
