import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { unsafeInputErrors } from '../../common/input-text';
import { VALIDATOR_OPTIONS } from '../../common/validation';
import { fastBatchItems } from './fast-record-activity';
import { RecordActivitiesBatchDto } from './record-activity.dto';

const ok = { type: 'call', quantity: 1 };
const USER = '8b0e7a52-2b1f-4f7e-9a4e-3c2b1a0f9e8d';

/** Items the fast path must accept or leave to class-validator, never accept wrongly. */
const ITEMS: unknown[] = [
  ok,
  { ...ok, quantity: 2.5 },
  { ...ok, quantity: 0.01 },
  { ...ok, quantity: 1_000_000_000 },
  { ...ok, quantity: 1_000_000_001 },
  { ...ok, quantity: 0 },
  { ...ok, quantity: -1 },
  { ...ok, quantity: 1.005 },
  { ...ok, quantity: '1' },
  { ...ok, quantity: 1e-7 },
  { ...ok, type: '' },
  { ...ok, type: 'x'.repeat(41) },
  { ...ok, type: 7 },
  { ...ok, occurredAt: '2026-11-30T09:00:00Z' },
  { ...ok, occurredAt: '2026-11-30T09:00:00.123+01:00' },
  { ...ok, occurredAt: '2026-11-30T09:00:00' },
  { ...ok, occurredAt: '2026-02-30T09:00:00Z' },
  { ...ok, userId: USER },
  { ...ok, userId: 'not-a-uuid' },
  { ...ok, userEmail: '  Rep@Example.COM ' },
  { ...ok, userEmail: 'nope' },
  { ...ok, externalId: 'crm-1' },
  { ...ok, externalId: '' },
  { ...ok, externalId: 'x'.repeat(201) },
  { ...ok, note: 'fine' },
  { ...ok, note: 'bad\u0000' },
  { ...ok, note: 'x'.repeat(501) },
  { ...ok, source: 'api' },
  { ...ok, source: 'fax' },
  { ...ok, note: null },
  { ...ok, extra: 1 },
  { ...ok, __proto__: { a: 1 } },
  [ok],
  null,
  'call',
];

async function classValidated(body: unknown) {
  const dto = plainToInstance(RecordActivitiesBatchDto, body);
  const errors = [...(await validate(dto, VALIDATOR_OPTIONS)), ...unsafeInputErrors(body)];
  return { errors, items: errors.length === 0 ? dto.activities : null };
}

describe('fastBatchItems', () => {
  it.each(ITEMS.map((item, i) => [i, item]))(
    'item %i: accepted only when class-validator accepts it, with the same values',
    async (_i, item) => {
      const body = { activities: [ok, item] };
      const fast = fastBatchItems(body);
      // class-validator's maxDecimalPlaces throws on exponent notation (1e-7): left to it as before.
      const slow = await classValidated(body).catch(() => null);
      if (fast === null) return;
      expect(slow).not.toBeNull();
      expect(slow!.errors).toEqual([]);
      expect(fast).toEqual(slow!.items!.map((dto) => ({ ...dto })));
    },
  );

  it('takes the common items, and leaves the wrong ones and odd bodies to class-validator', () => {
    const valid = [
      ok,
      { ...ok, quantity: 2.5, occurredAt: '2026-11-30T09:00:00Z', userId: USER },
      { ...ok, userEmail: ' Rep@Example.com', externalId: 'crm-1', note: 'n', source: 'api' },
    ];
    expect(fastBatchItems({ activities: valid })).toHaveLength(3);
    expect(fastBatchItems({ activities: valid })![2].userEmail).toBe('rep@example.com');
    for (const body of [
      { activities: [ok, { ...ok, quantity: 0 }] },
      { activities: [] },
      { activities: Array.from({ length: 1001 }, () => ok) },
      { activities: [ok], more: 1 },
      { activities: 'x' },
      [ok],
      null,
    ])
      expect(fastBatchItems(body)).toBeNull();
  });
});
