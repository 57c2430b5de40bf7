import type { IsoDateTime } from './common';

/** Where a connection's records come from. */
export const CONNECTION_KINDS = ['hubspot', 'pipedrive', 'salesforce', 'webhook', 'csv'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** A paused connection refuses webhooks (409) and syncs nothing; its records stay. */
export const CONNECTION_STATUSES = ['active', 'paused'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/**
 * How a connection is doing, from what it received: `ok` (delivering), `waiting` (nothing yet),
 * `stale` (silent much longer than usual), `failing` (its last delivery or sync failed).
 */
export type ConnectionHealthState = 'ok' | 'waiting' | 'stale' | 'failing';

/** A value a record's field is compared with. */
export type MappingValue = string | number | boolean;

/**
 * One test of a record's field (a dotted path, e.g. `properties.hs_call_status`): it matches
 * when the field equals one of `in` (compared as text, case-insensitively), or — with `exists` —
 * when it is present and not empty (true) or absent or empty (false).
 */
export interface MappingCondition {
  field: string;
  in?: MappingValue[];
  exists?: boolean;
}

/**
 * One kind of CRM record or event → one Arena activity type. A record of `object` that meets
 * every condition of `where` becomes one activity of `activityType` at `timeField`, for the rep
 * its owner fields name, of `quantityField` (absent: 1). A record that stops matching voids the
 * activity it produced; one that changes (owner, time, quantity) voids it and records the new one.
 */
export interface MappingRule {
  /** Stable within the connection (part of every activity's externalId): `[a-z0-9-]`, ≤ 40. */
  id: string;
  /** The record kind: `calls` (HubSpot), `deal` (Pipedrive), `Opportunity` (Salesforce); `*` any. */
  object: string;
  /** The Arena activity type key (the default when `activityTypeField` is set and empty). */
  activityType: string;
  /** A field naming the activity type of each record (a CSV's `type` column), if any. */
  activityTypeField?: string;
  where?: MappingCondition[];
  /** The record's id (default `id`). */
  idField?: string;
  /** A number field to count (e.g. `amount` for revenue); absent: every record counts 1. */
  quantityField?: string;
  /** When it happened: an ISO timestamp, epoch milliseconds, or a date (taken as 12:00 UTC). */
  timeField: string;
  /** The CRM user id of the owner (matched through the connection's owner links). */
  ownerIdField?: string;
  /** The owner's email (matched to a rep's email when no owner link names the id). */
  ownerEmailField?: string;
}

/**
 * Settings that are not secret. `recordsPath`: where a webhook body holds its records (a dotted
 * path to an array or an object; empty: the body itself, an array or one record); `objectField`:
 * the field naming a generic record's kind (matched against rules' `object`).
 */
export interface ConnectionSettings {
  recordsPath?: string;
  objectField?: string;
  /** Days of history a pull connector backfills on connect. */
  backfillDays?: number;
  /** The vendor's API base URL (for a sandbox or a self-hosted fake); the vendor's by default. */
  apiBaseUrl?: string;
}

/** A secret a kind of connection needs, by name; values are stored encrypted, never returned. */
export interface CredentialField {
  name: string;
  label: string;
  /** Arena generates it when it is not given, and shows it once in the answer that set it. */
  generated?: boolean;
  required?: boolean;
}

export interface ConnectionHealth {
  state: ConnectionHealthState;
  /** A sentence for people, e.g. "Last record 2 min ago" or "Last delivery failed: …". */
  summary: string;
  lastReceivedAt: IsoDateTime | null;
  lastScoredAt: IsoDateTime | null;
  /** Median seconds from a record's modified time to its activity being scored, last 24 h. */
  lagSeconds: number | null;
  recordsLastHour: number;
  errorsLastDay: number;
  /** Records kept because their owner matches no rep. */
  unmatched: number;
  /** Deliveries received and not yet processed. */
  queued: number;
}

/** Where a pull connector is: its backfill's progress, its last and next runs. */
export interface ConnectionSync {
  phase: 'backfill' | 'incremental';
  /** 0–1 through the backfill (by modified time, averaged over the kinds of record); 1 after. */
  progress: number;
  backfillFrom: IsoDateTime;
  /** Records read so far (all runs). */
  recordsRead: number;
  lastRunAt: IsoDateTime | null;
  nextRunAt: IsoDateTime | null;
  /** The vendor asked to wait (429) until then. */
  rateLimitedUntil: IsoDateTime | null;
  running: boolean;
}

export interface Connection {
  id: string;
  name: string;
  kind: ConnectionKind;
  status: ConnectionStatus;
  mapping: MappingRule[];
  settings: ConnectionSettings;
  /** Names of the credentials that are set (never their values). */
  credentialsSet: string[];
  /** Where the vendor posts (absent for `csv`). */
  webhookUrl: string | null;
  /** Pull connectors (HubSpot, Pipedrive, Salesforce) once they have credentials; else null. */
  sync: ConnectionSync | null;
  createdAt: IsoDateTime;
  health: ConnectionHealth;
}

export interface CreateConnectionRequest {
  name: string;
  kind: ConnectionKind;
  /** Absent: the kind's preset (`GET /api/connections/presets`). */
  mapping?: MappingRule[];
  settings?: ConnectionSettings;
  credentials?: Record<string, string>;
}

export interface UpdateConnectionRequest {
  name?: string;
  status?: ConnectionStatus;
  mapping?: MappingRule[];
  settings?: ConnectionSettings;
  /** Replaces the named credentials; others are kept. */
  credentials?: Record<string, string>;
}

/** A create or update answer: with the credentials Arena generated, this once. */
export interface SavedConnection extends Connection {
  generatedCredentials: Record<string, string>;
}

export interface ConnectionPreset {
  kind: ConnectionKind;
  label: string;
  mapping: MappingRule[];
  settings: ConnectionSettings;
  credentials: CredentialField[];
  /** How the vendor proves a webhook is theirs, in a sentence for the admin. */
  webhookAuth: string | null;
}

export const DELIVERY_STATUSES = ['queued', 'processed', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One webhook payload (or sync page) as received, and what processing it did. */
export interface ConnectionDelivery {
  id: string;
  receivedAt: IsoDateTime;
  status: DeliveryStatus;
  attempts: number;
  /** Why it failed, for the admin; null otherwise. */
  error: string | null;
  processedAt: IsoDateTime | null;
  /** Records read from it. */
  records: number;
  recorded: number;
  voided: number;
  unmatched: number;
  /** Records no rule maps (kept nowhere; counted here). */
  ignored: number;
}

export interface ConnectionDeliveryDetail extends ConnectionDelivery {
  /** The payload as received (JSON). */
  body: unknown;
}

export interface DeliveryPage {
  items: ConnectionDelivery[];
  total: number;
  limit: number;
  offset: number;
}

/** A CRM owner whose records match no rep, with what they would count. */
export interface UnmatchedOwner {
  ownerId: string | null;
  ownerEmail: string | null;
  records: number;
  byType: Array<{ activityType: string; quantity: number; records: number }>;
  firstAt: IsoDateTime;
  lastAt: IsoDateTime;
}

/** Links a CRM owner (by id, or by email) to a rep; their kept records are scored at once. */
export interface LinkOwnerRequest {
  ownerId?: string;
  ownerEmail?: string;
  userId: string;
}

export interface OwnerLink {
  ownerId: string | null;
  ownerEmail: string | null;
  userId: string;
  createdAt: IsoDateTime;
}

export interface LinkOwnerResponse {
  link: OwnerLink | null;
  /** Kept records queued to be scored now, back-dated to when they happened. */
  queued: number;
}

/** What a webhook answers once the payload is durably queued. */
export interface WebhookReceipt {
  deliveryId: string;
}

export const IMPORT_STATUSES = ['queued', 'importing', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Largest CSV a connection takes in one upload. */
export const ACTIVITY_IMPORT_MAX_ROWS = 200_000;

/** A CSV file of activities being imported through a `csv` connection, with its progress. */
export interface ActivityImport {
  id: string;
  connectionId: string;
  fileName: string | null;
  status: ImportStatus;
  rows: number;
  processed: number;
  recorded: number;
  unmatched: number;
  error: string | null;
  createdAt: IsoDateTime;
  finishedAt: IsoDateTime | null;
}

/** One row of a file as it would be imported (`?dryRun=true`). */
export interface ImportPreviewRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  activityType: string;
  quantity: number;
  occurredAt: IsoDateTime;
  owner: string | null;
  /** The rep it counts for; null: kept as unmatched until the owner is linked. */
  rep: { id: string; name: string } | null;
}

/** What a file holds, checked row by row, nothing stored. */
export interface ImportCheck {
  rows: number;
  columns: string[];
  preview: ImportPreviewRow[];
  /** Rows whose owner matches no rep (they would wait in the unmatched queue). */
  unmatched: number;
}

/** How fresh a board's data is, for everyone who reads boards (and TV walls): no secrets. */
export interface ConnectionFreshness {
  id: string;
  name: string;
  kind: ConnectionKind;
  state: ConnectionHealthState;
  /** When Arena last heard from the source: a record, or a sync that found nothing new. */
  asOf: IsoDateTime | null;
  summary: string;
}
