import { CONNECTION_PRESETS } from '@arena/contracts';
import {
  externalIdOf,
  fingerprintOf,
  mapRecord,
  parseTime,
  recordsOf,
  rulesFor,
  UnreadablePayload,
} from './record-mapping';

const hubspot = CONNECTION_PRESETS.hubspot.mapping;
const rule = (rules: typeof hubspot, id: string) => rules.find((r) => r.id === id)!;

describe('record mapping', () => {
  it('maps a HubSpot won deal (CRM v3 object) to deal_won and revenue, with its owner', () => {
    const deal = {
      object: 'deals',
      deleted: false,
      fields: {
        id: '5678',
        properties: {
          dealstage: 'closedwon',
          amount: '1250.505',
          closedate: '2026-11-30T15:04:05.000Z',
          hubspot_owner_id: '910',
        },
      },
    };
    expect(rulesFor(hubspot, 'deals').map((r) => r.id)).toEqual(['deals-won', 'deals-won-revenue']);
    expect(mapRecord(rule(hubspot, 'deals-won'), deal, 'HubSpot')).toEqual({
      kind: 'activity',
      recordId: '5678',
      activityType: 'deal_won',
      quantity: '1.00',
      occurredAt: new Date('2026-11-30T15:04:05.000Z'),
      ownerId: '910',
      ownerEmail: null,
    });
    expect(mapRecord(rule(hubspot, 'deals-won-revenue'), deal, 'HubSpot')).toMatchObject({
      activityType: 'revenue',
      quantity: '1250.51',
    });
  });

  it('says why a record no longer matches: reopened, deleted, zero amount', () => {
    const reopened = {
      object: 'deals',
      deleted: false,
      fields: { id: '5678', properties: { dealstage: 'contractsent', closedate: '2026-11-30' } },
    };
    expect(mapRecord(rule(hubspot, 'deals-won'), reopened, 'HubSpot')).toEqual({
      kind: 'not_matching',
      recordId: '5678',
      reason:
        'HubSpot deals 5678 no longer matches: properties.dealstage is "contractsent", not "closedwon"',
    });
    expect(
      mapRecord(rule(hubspot, 'deals-won'), { ...reopened, deleted: true }, 'HubSpot'),
    ).toMatchObject({ kind: 'not_matching', reason: 'HubSpot deals 5678 was deleted' });
    const free = {
      object: 'deals',
      deleted: false,
      fields: {
        id: '1',
        properties: { dealstage: 'closedwon', amount: '0', closedate: '2026-11-30' },
      },
    };
    expect(mapRecord(rule(hubspot, 'deals-won-revenue'), free, 'HubSpot')).toMatchObject({
      kind: 'not_matching',
    });
  });

  it('names what it cannot read', () => {
    const noTime = {
      object: 'calls',
      deleted: false,
      fields: { id: '7', properties: { hs_call_status: 'COMPLETED', hs_timestamp: 'yesterday' } },
    };
    expect(mapRecord(rule(hubspot, 'calls'), noTime, 'HubSpot')).toEqual({
      kind: 'unreadable',
      recordId: '7',
      error: 'HubSpot calls 7: "properties.hs_timestamp" is "yesterday", not a time',
    });
    expect(mapRecord(rule(hubspot, 'calls'), { ...noTime, fields: {} }, 'HubSpot')).toMatchObject({
      kind: 'unreadable',
      recordId: null,
    });
  });

  it('reads the times CRMs send', () => {
    expect(parseTime('2026-11-30T10:00:00.000+0000')).toEqual(new Date('2026-11-30T10:00:00Z'));
    expect(parseTime('2026-11-30T10:00:00+01:00')).toEqual(new Date('2026-11-30T09:00:00Z'));
    expect(parseTime('2026-11-30 10:00:00')).toEqual(new Date('2026-11-30T10:00:00Z'));
    expect(parseTime('2026-11-30')).toEqual(new Date('2026-11-30T12:00:00Z'));
    expect(parseTime(1796400000000)).toEqual(new Date(1796400000000));
    expect(parseTime('1796400000000')).toEqual(new Date(1796400000000));
    expect(parseTime('2026-11-30T10:00:00')).toBeNull();
    expect(parseTime('2026-13-45')).toBeNull();
  });

  it('reads Pipedrive v2, Salesforce and generic payloads', () => {
    const pipedrive = recordsOf(
      'pipedrive',
      {},
      {
        meta: { action: 'delete', entity: 'deal', entity_id: '12', version: '2.0' },
        data: null,
        previous: { id: 12, status: 'won', owner_id: 3 },
      },
    );
    expect(pipedrive).toEqual([
      {
        object: 'deal',
        deleted: true,
        fields: { id: 12, status: 'won', owner_id: 3 },
        modifiedAt: null,
      },
    ]);
    const salesforce = recordsOf('salesforce', {}, [
      { attributes: { type: 'Opportunity' }, Id: '006A', IsWon: true },
    ]);
    expect(salesforce[0]).toMatchObject({ object: 'Opportunity', deleted: false });
    expect(
      recordsOf(
        'webhook',
        { recordsPath: 'items', objectField: 'kind' },
        { items: [{ kind: 'demo', id: 1 }] },
      ),
    ).toEqual([{ object: 'demo', deleted: false, fields: { kind: 'demo', id: 1 } }]);
    expect(() => recordsOf('webhook', { recordsPath: 'items' }, { rows: [] })).toThrow(
      UnreadablePayload,
    );
    expect(() => recordsOf('pipedrive', {}, { data: {} })).toThrow(/"meta" is not a JSON object/);
  });

  it('derives one externalId per record and content, so re-syncs are duplicates and changes are new', () => {
    const at = new Date('2026-11-30T10:00:00Z');
    const a = fingerprintOf('call', '1.00', at, 'u1');
    expect(fingerprintOf('call', '1.00', at, 'u1')).toBe(a);
    expect(fingerprintOf('call', '1.00', at, 'u2')).not.toBe(a);
    const id = externalIdOf('c1', 'calls', '7', 0, a);
    expect(id).toMatch(/^crm:[A-Za-z0-9_-]{43}$/);
    expect(externalIdOf('c1', 'calls', '7', 0, a)).toBe(id);
    expect(externalIdOf('c2', 'calls', '7', 0, a)).not.toBe(id);
    expect(externalIdOf('c1', 'calls', '7', 1, a)).not.toBe(id);
  });
});
