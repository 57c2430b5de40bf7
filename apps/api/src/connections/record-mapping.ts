import { createHash } from 'node:crypto';
import type {
  ConnectionKind,
  ConnectionSettings,
  MappingCondition,
  MappingRule,
  MappingValue,
} from '@arena/contracts';

/** One CRM record (or event) as read from a payload or a sync page, whatever the vendor. */
export interface SourceRecord {
  /** Its kind, as rules name it (`deals`, `deal`, `Opportunity`, or `*` when the payload says none). */
  object: string;
  fields: Record<string, unknown>;
  /** Deleted (or archived) in the CRM: whatever it produced is voided. */
  deleted: boolean;
  /** When the CRM last changed it, where the payload says: an older copy than applied is skipped. */
  modifiedAt?: Date | null;
}

/** What a rule makes of a record. */
export type MappedRecord =
  | {
      kind: 'activity';
      recordId: string;
      activityType: string;
      /** Exact decimal, 2 places. */
      quantity: string;
      occurredAt: Date;
      ownerId: string | null;
      ownerEmail: string | null;
    }
  | { kind: 'not_matching'; recordId: string; reason: string }
  | { kind: 'unreadable'; recordId: string | null; error: string };

export class UnreadablePayload extends Error {}

/** A dotted path into a record: `properties.amount`; `a.0.b` reads arrays by index. */
export function readPath(record: unknown, path: string): unknown {
  if (path === '') return record;
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const asText = (value: unknown) =>
  typeof value === 'string'
    ? value.trim()
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : null;

/** Whether one condition holds, and if not, why (for the void reason people read). */
function check(condition: MappingCondition, fields: Record<string, unknown>): string | null {
  const value = readPath(fields, condition.field);
  if (condition.exists !== undefined) {
    if (condition.exists === isEmpty(value))
      return condition.exists ? `${condition.field} is empty` : `${condition.field} is set`;
  }
  if (condition.in) {
    const text = asText(value)?.toLowerCase();
    const wanted = condition.in.map((option: MappingValue) => String(option).toLowerCase());
    if (text === undefined || text === null || !wanted.includes(text))
      return `${condition.field} is ${isEmpty(value) ? 'empty' : JSON.stringify(value)}, not ${condition.in.map((option) => JSON.stringify(option)).join(' or ')}`;
  }
  return null;
}

/**
 * A time as CRMs send them: ISO 8601 with `Z` or an offset (Salesforce's `+0000` too), epoch
 * milliseconds (number or digits), Pipedrive v1's `YYYY-MM-DD HH:MM:SS` (UTC), or a date alone,
 * taken as 12:00 UTC so it stays on its calendar day in every time zone from −11 to +11.
 */
export function parseTime(value: unknown): Date | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{10,}$/.test(text)) return new Date(Number(text));
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return validDate(`${text}T12:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text))
    return validDate(`${text.replace(' ', 'T')}Z`);
  const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(iso))
    return validDate(iso);
  return null;
}

const validDate = (text: string) => {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** An amount with at most 2 decimals (more are rounded half up), as an exact string. */
function parseQuantity(value: unknown): string | null {
  const text = asText(value);
  if (text === null || !/^-?\d+(\.\d+)?$/.test(text)) return null;
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^-/, '').split('.');
  const cents =
    BigInt(whole + (fraction + '00').slice(0, 2)) + (Number(fraction[2] ?? 0) >= 5 ? 1n : 0n);
  const padded = cents.toString().padStart(3, '0');
  return `${negative && cents > 0n ? '-' : ''}${padded.slice(0, -2)}.${padded.slice(-2)}`;
}

/** Rules that apply to records of `object` (`*` applies to every record). */
export function rulesFor(rules: MappingRule[], object: string): MappingRule[] {
  const lower = object.toLowerCase();
  return rules.filter((rule) => rule.object === '*' || rule.object.toLowerCase() === lower);
}

/** The record's id under a rule, or null. */
export function recordIdOf(rule: MappingRule, record: SourceRecord): string | null {
  const id = asText(readPath(record.fields, rule.idField ?? 'id'));
  return id && id.length <= 200 ? id : null;
}

/** What `rule` makes of `record`: an activity, "no longer matches" with the reason, or an error. */
export function mapRecord(rule: MappingRule, record: SourceRecord, label: string): MappedRecord {
  const recordId = recordIdOf(rule, record);
  if (!recordId)
    return {
      kind: 'unreadable',
      recordId: null,
      error: `a ${record.object} record has no id at "${rule.idField ?? 'id'}" (at most 200 characters)`,
    };
  const name = `${label} ${record.object} ${recordId}`;
  if (record.deleted) return { kind: 'not_matching', recordId, reason: `${name} was deleted` };
  for (const condition of rule.where ?? []) {
    const why = check(condition, record.fields);
    if (why) return { kind: 'not_matching', recordId, reason: `${name} no longer matches: ${why}` };
  }
  const rawTime = readPath(record.fields, rule.timeField);
  const occurredAt = parseTime(rawTime);
  if (!occurredAt)
    return {
      kind: 'unreadable',
      recordId,
      error: `${name}: "${rule.timeField}" is ${isEmpty(rawTime) ? 'empty' : `${JSON.stringify(rawTime)}, not a time`}`,
    };
  let quantity = '1.00';
  if (rule.quantityField) {
    const raw = readPath(record.fields, rule.quantityField);
    const parsed = parseQuantity(raw);
    if (parsed === null)
      return {
        kind: 'unreadable',
        recordId,
        error: `${name}: "${rule.quantityField}" is ${isEmpty(raw) ? 'empty' : `${JSON.stringify(raw)}, not a number`}`,
      };
    if (parsed.startsWith('-') || /^0\.00$/.test(parsed))
      return {
        kind: 'not_matching',
        recordId,
        reason: `${name}: ${rule.quantityField} is ${String(raw)}`,
      };
    quantity = parsed;
  }
  const ownerId = rule.ownerIdField ? asText(readPath(record.fields, rule.ownerIdField)) : null;
  const ownerEmail = rule.ownerEmailField
    ? (asText(readPath(record.fields, rule.ownerEmailField))?.toLowerCase() ?? null)
    : null;
  const namedType = rule.activityTypeField
    ? asText(readPath(record.fields, rule.activityTypeField))?.toLowerCase()
    : null;
  return {
    kind: 'activity',
    recordId,
    activityType: namedType || rule.activityType,
    quantity,
    occurredAt,
    ownerId: ownerId || null,
    ownerEmail: ownerEmail || null,
  };
}

/** How owner links and unmatched records name an owner: by CRM id when there is one. */
export function ownerKeyOf(ownerId: string | null, ownerEmail: string | null): string | null {
  if (ownerId) return `id:${ownerId}`;
  if (ownerEmail) return `email:${ownerEmail}`;
  return null;
}

/** What the activity is made of: a record re-sent unchanged has the same, and changes nothing. */
export function fingerprintOf(
  activityType: string,
  quantity: string,
  occurredAt: Date,
  userId: string,
): string {
  return createHash('sha256')
    .update(JSON.stringify([activityType, quantity, occurredAt.toISOString(), userId]))
    .digest('hex')
    .slice(0, 32);
}

/**
 * The activity's externalId: the connection, the rule, the record, its revision (changes counted
 * before) and what it is made of — a retry or a re-sync of the same record is a duplicate; a
 * changed record, even one changed back, is a new activity.
 */
export function externalIdOf(
  connectionId: string,
  ruleId: string,
  recordId: string,
  revision: number,
  fingerprint: string,
): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([connectionId, ruleId, recordId, revision, fingerprint]))
    .digest('base64url');
  return `crm:${digest}`;
}

/**
 * The records of a payload, as each kind sends them:
 * - `webhook`: the body at `recordsPath` — an array of records, or one record; each record's kind
 *   at `objectField` (none: `*`); a record with `deleted: true` is deleted.
 * - `pipedrive` (webhooks v2): `{ meta: { action, entity, entity_id }, data, previous }`; a
 *   `delete` carries the record in `previous`.
 * - `salesforce` (a Flow or Apex callout): an array of sObjects, `{ records: [...] }` or one
 *   sObject; the kind from `attributes.type` (or the body's `sobject`); `IsDeleted` deletes.
 * Throws UnreadablePayload when the body is not of that shape.
 */
export function recordsOf(
  kind: ConnectionKind,
  settings: ConnectionSettings,
  body: unknown,
): SourceRecord[] {
  const asObject = (value: unknown, what: string): Record<string, unknown> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new UnreadablePayload(`${what} is not a JSON object`);
    return value as Record<string, unknown>;
  };
  switch (kind) {
    case 'webhook': {
      const path = settings.recordsPath ?? '';
      const at = readPath(body, path);
      if (at === undefined) throw new UnreadablePayload(`the body has nothing at "${path}"`);
      const items = Array.isArray(at) ? at : [at];
      return items.map((item, index) => {
        const fields = asObject(item, `record ${index}${path ? ` at "${path}"` : ''}`);
        const object = settings.objectField ? asText(readPath(fields, settings.objectField)) : null;
        return { object: object || '*', fields, deleted: fields['deleted'] === true };
      });
    }
    case 'pipedrive': {
      const payload = asObject(body, 'the body');
      // A page of its API v2 (pipedrive-puller.ts): `{ object, results: [...] }`.
      if (typeof payload['object'] === 'string' && Array.isArray(payload['results']))
        return (payload['results'] as unknown[]).map((item, index) => {
          const fields = asObject(item, `result ${index}`);
          return {
            object: payload['object'] as string,
            fields,
            deleted: fields['is_deleted'] === true || fields['status'] === 'deleted',
            modifiedAt: parseTime(fields['update_time']),
          };
        });
      const meta = asObject(payload['meta'], '"meta"');
      const entity = asText(meta['entity']);
      const action = asText(meta['action']);
      if (!entity || !action)
        throw new UnreadablePayload('"meta" has no entity or action (Pipedrive webhooks v2)');
      const data = payload['data'] ?? payload['previous'];
      const fields = { ...asObject(data, `the ${entity}'s "data"`) };
      if (fields['id'] === undefined && meta['entity_id'] !== undefined)
        fields['id'] = meta['entity_id'];
      return [
        {
          object: entity,
          fields,
          deleted: action === 'delete',
          modifiedAt: parseTime(fields['update_time']),
        },
      ];
    }
    case 'salesforce': {
      const root = Array.isArray(body) ? body : asObject(body, 'the body');
      // A page of its REST query (salesforce-puller.ts): `{ object, results: [sObjects] }`.
      if (
        !Array.isArray(root) &&
        typeof root['object'] === 'string' &&
        Array.isArray(root['results'])
      )
        return (root['results'] as unknown[]).map((item, index) => {
          const fields = asObject(item, `result ${index}`);
          return {
            object: root['object'] as string,
            fields,
            deleted: fields['IsDeleted'] === true,
            modifiedAt: parseTime(fields['SystemModstamp'] ?? fields['LastModifiedDate']),
          };
        });
      const items = Array.isArray(root)
        ? root
        : Array.isArray(root['records'])
          ? (root['records'] as unknown[])
          : [root];
      const sobject = Array.isArray(root) ? null : asText(root['sobject']);
      return items.map((item, index) => {
        const fields = asObject(item, `record ${index}`);
        const type = asText(readPath(fields, 'attributes.type')) ?? sobject;
        if (!type)
          throw new UnreadablePayload(`record ${index} names no sObject type (attributes.type)`);
        return {
          object: type,
          fields,
          deleted: fields['IsDeleted'] === true,
          modifiedAt: parseTime(fields['SystemModstamp'] ?? fields['LastModifiedDate']),
        };
      });
    }
    case 'hubspot': {
      // A page of HubSpot's CRM search (hubspot-puller.ts): `{ object, results: [{ id,
      // properties, updatedAt, archived, owner }] }`.
      const page = asObject(body, 'the body');
      const object = asText(page['object']);
      if (!object || !Array.isArray(page['results']))
        throw new UnreadablePayload('a HubSpot page has an object and its results');
      return (page['results'] as unknown[]).map((item, index) => {
        const fields = asObject(item, `result ${index}`);
        const modified = readPath(fields, 'properties.hs_lastmodifieddate');
        return {
          object,
          fields,
          deleted: fields['archived'] === true,
          modifiedAt: parseTime(modified) ?? parseTime(fields['updatedAt']),
        };
      });
    }
    default:
      throw new UnreadablePayload(`${kind} connections do not receive webhooks of their own`);
  }
}
