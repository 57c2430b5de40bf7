import type { IsoDateTime } from './common';

export const ACTIVITY_SOURCES = ['manual', 'api', 'import', 'webhook'] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/** An immutable event; voiding keeps it in the audit trail but counts it for nothing. */
export interface Activity {
  id: string;
  userId: string;
  /** Activity-type key, e.g. `call`. */
  type: string;
  /** Exact decimal as a JSON number: whole for count types, up to 2 decimals for currency. */
  quantity: number;
  occurredAt: IsoDateTime;
  recordedAt: IsoDateTime;
  source: ActivitySource;
  externalId: string | null;
  note: string | null;
  /** The user who recorded it (null when an API key did). */
  recordedBy: string | null;
  apiKeyId: string | null;
  voidedAt: IsoDateTime | null;
  voidedBy: string | null;
  voidReason: string | null;
}

export interface RecordActivityRequest {
  type: string;
  quantity: number;
  /** Defaults to now; at most 5 minutes in the future. */
  occurredAt?: IsoDateTime;
  /** Whose activity: a rep logs for themselves; managers, admins and API keys name the rep. */
  userId?: string;
  userEmail?: string;
  /** Idempotency key within the organisation: a repeat answers 200 with the stored activity. */
  externalId?: string;
  note?: string;
  source?: ActivitySource;
}

export interface RecordActivityResponse extends Activity {
  /** True when `externalId` was seen before: nothing was stored or counted again. */
  duplicate: boolean;
}

export const MAX_BATCH_SIZE = 1000;

export interface RecordActivitiesBatchRequest {
  activities: RecordActivityRequest[];
}

export interface RecordActivitiesBatchResponse {
  created: number;
  duplicates: number;
  activities: RecordActivityResponse[];
}

export interface VoidActivityRequest {
  reason: string;
}

export interface ListActivitiesQuery {
  userId?: string;
  type?: string;
  from?: IsoDateTime;
  to?: IsoDateTime;
  includeVoided?: boolean;
  limit?: number;
  offset?: number;
}

export const API_KEY_SCOPES = ['activities:write', 'activities:read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface ApiKey {
  id: string;
  name: string;
  /** First characters of the key, to recognise it; the secret itself is never shown again. */
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: IsoDateTime;
  lastUsedAt: IsoDateTime | null;
  revokedAt: IsoDateTime | null;
}

export interface CreateApiKeyRequest {
  name: string;
  scopes?: ApiKeyScope[];
}

export interface CreateApiKeyResponse extends ApiKey {
  /** Shown once: send it as `Authorization: Bearer <key>`. */
  key: string;
}
