import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { ACTIVITY_IMPORT_MAX_ROWS, CONNECTION_PRESETS, type FieldError } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse';
import { InvalidInputError, NotFoundError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { Transactions } from '../common/transaction';
import { JobQueue } from '../jobs/job-queue';
import { ConnectionLocks } from './connection-locks';
import type { ActivityImportDto, ImportCheckDto } from './dto/connection.dto';
import { ConnectionImportEntity } from './entities/connection-import.entity';
import { ConnectionEntity } from './entities/connection.entity';
import { RecordIntake } from './record-intake';
import { mapRecord, ownerKeyOf, type SourceRecord } from './record-mapping';

export const IMPORTS_QUEUE = 'connection-imports';

interface ImportJob {
  orgId: string;
  importId: string;
}

/** Rows handed to the intake at once: one set-based write per chunk. */
const CHUNK = 1000;
/** Rows parsed or checked between two yields to the event loop (other requests go on). */
const SLICE = 2000;
/** Problems listed in one refusal. */
const MAX_ERRORS = 500;

/** A column name as mappings name fields: anything but letters, digits, `_$@-` becomes `_`. */
const columnName = (header: string) => header.trim().replace(/[^A-Za-z0-9_$@-]+/g, '_');

/**
 * CSV imports through a `csv` connection: the file is parsed and every row checked against the
 * connection's mapping first (a bad row refuses the file, every bad line named, nothing stored);
 * then it is kept and imported by the job queue in chunks of 1,000 rows through the same intake
 * as webhooks (exactly once per row: its `externalId` column, or a hash of its cells), with the
 * progress on the import. Parsing and checking yield to the event loop every 2,000 rows.
 */
@Injectable()
export class ConnectionImportsService {
  constructor(
    @InjectOrgScoped(ConnectionEntity)
    private readonly connections: OrgScopedRepository<ConnectionEntity>,
    @InjectOrgScoped(ConnectionImportEntity)
    private readonly imports: OrgScopedRepository<ConnectionImportEntity>,
    private readonly sql: OrgSql,
    private readonly transactions: Transactions,
    private readonly locks: ConnectionLocks,
    private readonly intake: RecordIntake,
    private readonly jobs: JobQueue,
  ) {
    jobs.define<ImportJob>({
      name: IMPORTS_QUEUE,
      retryLimit: 5,
      retryDelay: 5,
      concurrency: 2,
      handle: async ([job]) => this.run(job.data),
    });
  }

  /** Checks a file (and with `dryRun`, answers what it holds); otherwise queues its import. */
  async upload(
    connectionId: string,
    text: string,
    fileName: string | null,
    dryRun: boolean,
  ): Promise<ImportCheckDto | ActivityImportDto> {
    const connection = await this.csvConnection(connectionId);
    const { header, records } = await readCsv(text, connection);
    const check = { ...(await this.check(connection, records)), columns: header };
    if (dryRun) return check;
    const principal = RequestContext.principal();
    const saved = await this.transactions.run(async (manager) => {
      const imports = this.imports.withManager(manager);
      const row = await imports.save(
        imports.create({
          connectionId,
          fileName: fileName?.slice(0, 200) ?? null,
          status: 'queued',
          content: text,
          rows: records.length,
        }),
      );
      await this.jobs.send<ImportJob>(
        IMPORTS_QUEUE,
        { orgId: principal.orgId, importId: row.id },
        manager,
      );
      return row;
    });
    this.jobs.wake(IMPORTS_QUEUE);
    return importDto(saved);
  }

  async get(connectionId: string, importId: string): Promise<ActivityImportDto> {
    const row = await this.imports.findOneBy({ id: importId, connectionId }).catch(() => null);
    if (!row) throw new NotFoundError('Import');
    return importDto(row);
  }

  async list(connectionId: string): Promise<ActivityImportDto[]> {
    await this.csvConnection(connectionId);
    const rows = await this.imports.find({
      where: { connectionId },
      order: { createdAt: 'DESC' },
      take: 50,
    });
    return rows.map(importDto);
  }

  private async csvConnection(connectionId: string): Promise<ConnectionEntity> {
    const connection = await this.connections.getById(connectionId);
    if (connection.kind !== 'csv')
      throw new InvalidInputError('Files are imported through a CSV connection.');
    return connection;
  }

  /** Every row mapped and checked; a problem anywhere refuses the file, each line named. */
  private async check(
    connection: ConnectionEntity,
    records: SourceRecord[],
  ): Promise<ImportCheckDto> {
    const rule = connection.mapping[0];
    const label = CONNECTION_PRESETS.csv.label;
    const types = new Map(
      (
        await this.sql.query<{ key: string; active: boolean; unit: string }>(
          'SELECT key, active, unit FROM activity_types WHERE org_id = $1',
        )
      ).map((type) => [type.key, type]),
    );
    const errors: FieldError[] = [];
    const fail = (line: number, column: string, message: string) => {
      if (errors.length < MAX_ERRORS)
        errors.push({ field: `rows.${line}.${column}`, messages: [message] });
    };
    const mapped: Array<{
      line: number;
      record: Extract<ReturnType<typeof mapRecord>, { kind: 'activity' }>;
    }> = [];
    for (let index = 0; index < records.length; index++) {
      if (index % SLICE === 0 && index > 0) await yieldToOthers();
      const record = records[index];
      const line = Number(record.fields['__line']);
      const result = mapRecord(rule, record, label);
      if (result.kind === 'unreadable') {
        const column = /"([^"]+)"/.exec(result.error)?.[1] ?? 'row';
        fail(line, column, result.error.replace(/^.*?: /, ''));
        continue;
      }
      if (result.kind === 'not_matching') {
        fail(line, 'row', result.reason.replace(/^.*?: /, ''));
        continue;
      }
      const type = types.get(result.activityType);
      const typeColumn = rule.activityTypeField ?? 'type';
      if (!type) fail(line, typeColumn, `there is no activity type "${result.activityType}"`);
      else if (!type.active)
        fail(line, typeColumn, `activity type "${result.activityType}" is retired`);
      else if (type.unit === 'count' && !/\.00$/.test(result.quantity))
        fail(line, rule.quantityField ?? 'quantity', `${result.activityType} counts whole numbers`);
      else if (result.occurredAt.getTime() > Date.now() + 5 * 60_000)
        fail(line, rule.timeField, 'is in the future');
      else if (!result.ownerId && !result.ownerEmail)
        fail(line, rule.ownerEmailField ?? rule.ownerIdField ?? 'owner', 'names no owner');
      else mapped.push({ line, record: result });
    }
    if (errors.length > 0) {
      const listed = errors
        .slice(0, 10)
        .map(
          (error) =>
            `line ${error.field.split('.')[1]} ${error.field.split('.')[2]}: ${error.messages[0]}`,
        )
        .join('; ');
      throw new InvalidInputError(
        `Nothing was imported: ${errors.length}${errors.length === MAX_ERRORS ? '+' : ''} problems (${listed}${errors.length > 10 ? '; …' : ''}).`,
        errors,
        'import_rejected',
      );
    }
    const named = mapped.map(({ record }) => ({
      ownerKey: ownerKeyOf(record.ownerId, record.ownerEmail),
      ownerEmail: record.ownerEmail,
    }));
    const owners = await this.intake.owners(connection.id, named);
    const repOf = (index: number) => owners.get(named[index].ownerKey ?? '') ?? null;
    const unmatched = named.filter((_, index) => !repOf(index)).length;
    const shown = mapped.slice(0, 10);
    const names = await this.repNames(shown.flatMap((_, index) => repOf(index) ?? []));
    const preview = shown.map(({ line, record }, index) => {
      const repId = repOf(index);
      return {
        line,
        activityType: record.activityType,
        quantity: Number(record.quantity),
        occurredAt: record.occurredAt.toISOString(),
        owner: record.ownerEmail ?? record.ownerId,
        rep: repId ? { id: repId, name: names.get(repId) ?? '' } : null,
      };
    });
    return { rows: records.length, columns: [], preview, unmatched };
  }

  /** The names of the preview's reps. */
  private async repNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.sql.query<{ id: string; name: string }>(
      'SELECT id, name FROM users WHERE org_id = $1 AND id = ANY($2::uuid[])',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** The job: the kept file through the intake, a chunk at a time, progress saved per chunk. */
  private async run({ orgId, importId }: ImportJob): Promise<void> {
    await RequestContext.runAsOrg(orgId, async () => {
      const row = await this.imports
        .queryBuilder('i')
        .addSelect('i.content')
        .andWhere('i.id = :importId', { importId })
        .getOne();
      if (!row || row.status === 'done') return;
      const connection = await this.connections.findOneBy({ id: row.connectionId });
      if (!connection) return;
      const { records } = await readCsv(row.content, connection);
      await this.sql.query(
        `UPDATE connection_imports SET status = 'importing' WHERE org_id = $1 AND id = $2`,
        [importId],
      );
      // A retry starts over: rows already imported are duplicates the intake skips.
      let recorded = 0;
      let unmatched = 0;
      try {
        for (let start = 0; start < records.length; start += CHUNK) {
          const chunk = records.slice(start, start + CHUNK);
          const result = await this.locks.run(connection.id, async () => {
            const { outcomes } = this.intake.outcomes(connection, chunk);
            return this.intake.apply(connection, outcomes);
          });
          recorded += result.recorded;
          unmatched += result.unmatched;
          await this.sql.query(
            `UPDATE connection_imports SET processed = $3, recorded = $4, unmatched = $5
             WHERE org_id = $1 AND id = $2`,
            [importId, Math.min(records.length, start + CHUNK), recorded, unmatched],
          );
          await yieldToOthers();
        }
        await this.sql.query(
          `UPDATE connection_imports SET status = 'done', finished_at = now(), content = ''
           WHERE org_id = $1 AND id = $2`,
          [importId],
        );
        await this.sql.query(
          'UPDATE connections SET last_received_at = now(), last_scored_at = now() WHERE org_id = $1 AND id = $2',
          [connection.id],
        );
      } catch (error) {
        await this.sql.query(
          `UPDATE connection_imports SET error = $3 WHERE org_id = $1 AND id = $2`,
          [importId, `Import interrupted, will retry: ${(error as Error).message}`.slice(0, 2000)],
        );
        throw error;
      }
    });
  }
}

/**
 * A CSV file to records: a header row naming the columns, then one activity per line; cells are
 * trimmed and empty ones absent. A row without its `externalId` gets one from a hash of its
 * cells (an identical row is the same activity). A broken file is a 400 naming the line.
 */
async function readCsv(
  text: string,
  connection: ConnectionEntity,
): Promise<{ header: string[]; records: SourceRecord[] }> {
  // The same default as mapRecord's, so a row without one gets its hash there.
  const idField = connection.mapping[0]?.idField ?? 'id';
  const parser = Readable.from(chunks(text)).pipe(
    parse({ bom: true, skip_empty_lines: true, trim: true, relax_column_count: false, info: true }),
  );
  const records: SourceRecord[] = [];
  let header: string[] | null = null;
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!header) {
        header = item.record.map(columnName);
        continue;
      }
      if (records.length >= ACTIVITY_IMPORT_MAX_ROWS)
        throw InvalidInputError.field(
          'rows',
          `holds more than ${ACTIVITY_IMPORT_MAX_ROWS.toLocaleString('en')} rows: split the file`,
        );
      const fields: Record<string, unknown> = { __line: item.info.lines };
      header.forEach((name, index) => {
        if (item.record[index] !== '') fields[name] = item.record[index];
      });
      if (!fields[idField])
        fields[idField] =
          `row-${createHash('sha256').update(JSON.stringify(item.record)).digest('base64url').slice(0, 32)}`;
      records.push({ object: '*', fields, deleted: false });
    }
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw InvalidInputError.field('rows', `is not valid CSV: ${(error as Error).message}`);
  }
  if (!header || records.length === 0)
    throw InvalidInputError.field(
      'rows',
      'the file is empty: send a header row and one row per activity',
    );
  return { header, records };
}

/** The text in 64 KB pieces, so the parser (and the event loop) take it a piece at a time. */
function* chunks(text: string): Generator<string> {
  for (let start = 0; start < text.length; start += 65_536) yield text.slice(start, start + 65_536);
}

function importDto(row: ConnectionImportEntity): ActivityImportDto {
  return {
    id: row.id,
    connectionId: row.connectionId,
    fileName: row.fileName,
    status: row.status,
    rows: row.rows,
    processed: row.processed,
    recorded: row.recorded,
    unmatched: row.unmatched,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
