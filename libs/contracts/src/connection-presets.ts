import type { ConnectionKind, ConnectionPreset, MappingRule } from './connections';

const hubspotMapping: MappingRule[] = [
  {
    id: 'calls',
    object: 'calls',
    activityType: 'call',
    where: [{ field: 'properties.hs_call_status', in: ['COMPLETED'] }],
    timeField: 'properties.hs_timestamp',
    ownerIdField: 'properties.hubspot_owner_id',
    ownerEmailField: 'owner.email',
  },
  {
    id: 'meetings',
    object: 'meetings',
    activityType: 'meeting',
    where: [{ field: 'properties.hs_meeting_outcome', in: ['COMPLETED'] }],
    timeField: 'properties.hs_meeting_start_time',
    ownerIdField: 'properties.hubspot_owner_id',
    ownerEmailField: 'owner.email',
  },
  {
    id: 'deals-won',
    object: 'deals',
    activityType: 'deal_won',
    where: [{ field: 'properties.dealstage', in: ['closedwon'] }],
    timeField: 'properties.closedate',
    ownerIdField: 'properties.hubspot_owner_id',
    ownerEmailField: 'owner.email',
  },
  {
    id: 'deals-won-revenue',
    object: 'deals',
    activityType: 'revenue',
    where: [
      { field: 'properties.dealstage', in: ['closedwon'] },
      { field: 'properties.amount', exists: true },
    ],
    quantityField: 'properties.amount',
    timeField: 'properties.closedate',
    ownerIdField: 'properties.hubspot_owner_id',
    ownerEmailField: 'owner.email',
  },
];

// Pipedrive API v2 field names (v1's `user_id` is v2's `owner_id`).
const pipedriveMapping: MappingRule[] = [
  {
    id: 'calls',
    object: 'activity',
    activityType: 'call',
    where: [
      { field: 'type', in: ['call'] },
      { field: 'done', in: [true] },
    ],
    timeField: 'due_date',
    ownerIdField: 'owner_id',
    ownerEmailField: 'owner.email',
  },
  {
    id: 'meetings',
    object: 'activity',
    activityType: 'meeting',
    where: [
      { field: 'type', in: ['meeting'] },
      { field: 'done', in: [true] },
    ],
    timeField: 'due_date',
    ownerIdField: 'owner_id',
    ownerEmailField: 'owner.email',
  },
  {
    id: 'deals-won',
    object: 'deal',
    activityType: 'deal_won',
    where: [{ field: 'status', in: ['won'] }],
    timeField: 'won_time',
    ownerIdField: 'owner_id',
    ownerEmailField: 'owner.email',
  },
  {
    id: 'deals-won-revenue',
    object: 'deal',
    activityType: 'revenue',
    where: [
      { field: 'status', in: ['won'] },
      { field: 'value', exists: true },
    ],
    quantityField: 'value',
    timeField: 'won_time',
    ownerIdField: 'owner_id',
    ownerEmailField: 'owner.email',
  },
];

const salesforceMapping: MappingRule[] = [
  {
    id: 'calls',
    object: 'Task',
    activityType: 'call',
    idField: 'Id',
    where: [
      { field: 'TaskSubtype', in: ['Call'] },
      { field: 'Status', in: ['Completed'] },
    ],
    timeField: 'CompletedDateTime',
    ownerIdField: 'OwnerId',
    ownerEmailField: 'Owner.Email',
  },
  {
    id: 'meetings',
    object: 'Event',
    activityType: 'meeting',
    idField: 'Id',
    timeField: 'StartDateTime',
    ownerIdField: 'OwnerId',
    ownerEmailField: 'Owner.Email',
  },
  {
    id: 'deals-won',
    object: 'Opportunity',
    activityType: 'deal_won',
    idField: 'Id',
    where: [{ field: 'IsWon', in: [true] }],
    timeField: 'CloseDate',
    ownerIdField: 'OwnerId',
    ownerEmailField: 'Owner.Email',
  },
  {
    id: 'deals-won-revenue',
    object: 'Opportunity',
    activityType: 'revenue',
    idField: 'Id',
    where: [
      { field: 'IsWon', in: [true] },
      { field: 'Amount', exists: true },
    ],
    quantityField: 'Amount',
    timeField: 'CloseDate',
    ownerIdField: 'OwnerId',
    ownerEmailField: 'Owner.Email',
  },
];

const webhookMapping: MappingRule[] = [
  {
    id: 'activities',
    object: '*',
    activityType: 'call',
    idField: 'id',
    timeField: 'occurredAt',
    ownerIdField: 'ownerId',
    ownerEmailField: 'ownerEmail',
  },
];

const csvMapping: MappingRule[] = [
  {
    id: 'rows',
    object: '*',
    activityType: 'call',
    activityTypeField: 'type',
    idField: 'externalId',
    quantityField: 'quantity',
    timeField: 'occurredAt',
    ownerEmailField: 'email',
  },
];

/** What each kind starts with: the defaults work without editing (issue 15's presets). */
export const CONNECTION_PRESETS: Record<ConnectionKind, ConnectionPreset> = {
  hubspot: {
    kind: 'hubspot',
    label: 'HubSpot',
    mapping: hubspotMapping,
    settings: { backfillDays: 30 },
    credentials: [
      { name: 'accessToken', label: 'Access token (private app, or OAuth)', required: true },
      { name: 'refreshToken', label: 'OAuth refresh token (renews an expired access token)' },
      { name: 'clientId', label: 'OAuth app client id' },
      { name: 'clientSecret', label: 'App client secret (OAuth refresh; signs webhooks)' },
    ],
    webhookAuth: "HubSpot's v3 signature (X-HubSpot-Signature-v3) with the app's client secret",
  },
  pipedrive: {
    kind: 'pipedrive',
    label: 'Pipedrive',
    mapping: pipedriveMapping,
    settings: { backfillDays: 30 },
    credentials: [
      { name: 'apiToken', label: 'API token', required: true },
      { name: 'webhookUser', label: 'Webhook HTTP auth user', generated: true },
      { name: 'webhookPassword', label: 'Webhook HTTP auth password', generated: true },
    ],
    webhookAuth: "The webhook's HTTP auth user and password (Basic auth), set on the webhook",
  },
  salesforce: {
    kind: 'salesforce',
    label: 'Salesforce',
    mapping: salesforceMapping,
    settings: { backfillDays: 30 },
    credentials: [
      {
        name: 'instanceUrl',
        label: 'Instance URL (https://yourcompany.my.salesforce.com)',
        required: true,
      },
      { name: 'accessToken', label: 'Access token', required: true },
      { name: 'refreshToken', label: 'Refresh token' },
      { name: 'clientId', label: 'Connected app consumer key' },
      { name: 'clientSecret', label: 'Connected app consumer secret' },
      { name: 'signingSecret', label: 'Flow/Apex callout signing secret', generated: true },
    ],
    webhookAuth:
      'X-Arena-Signature: sha256=HMAC-SHA256(signing secret, X-Arena-Timestamp + "." + body), from a Flow or Apex callout',
  },
  webhook: {
    kind: 'webhook',
    label: 'Webhook (any JSON)',
    mapping: webhookMapping,
    settings: { recordsPath: '' },
    credentials: [{ name: 'signingSecret', label: 'Signing secret', generated: true }],
    webhookAuth:
      'X-Arena-Signature: sha256=HMAC-SHA256(signing secret, X-Arena-Timestamp + "." + body); timestamps older than 5 minutes are refused',
  },
  csv: {
    kind: 'csv',
    label: 'CSV or spreadsheet',
    mapping: csvMapping,
    settings: {},
    credentials: [],
    webhookAuth: null,
  },
};
