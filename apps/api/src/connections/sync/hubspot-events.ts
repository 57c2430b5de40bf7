import { UnreadablePayload } from '../record-mapping';

/** HubSpot's object type ids (webhooks on the developer platform) → the CRM v3 object names. */
const OBJECT_TYPE_IDS: Record<string, string> = {
  '0-1': 'contacts',
  '0-2': 'companies',
  '0-3': 'deals',
  '0-5': 'tickets',
  '0-47': 'meetings',
  '0-48': 'calls',
};

/** Classic subscription prefixes (`deal.propertyChange`) → object names. */
const PREFIXES: Record<string, string> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  ticket: 'tickets',
};

/**
 * The records a HubSpot webhook names: its events (`[{ objectId, subscriptionType, objectTypeId?
 * }]`) carry ids only, so they are grouped by object to be read back through the API; an event
 * ending in `.deletion` marks its record deleted.
 */
export function hubspotEventTargets(
  body: unknown,
): Map<string, { ids: Set<string>; deleted: Set<string> }> {
  if (!Array.isArray(body)) throw new UnreadablePayload('a HubSpot webhook is an array of events');
  const targets = new Map<string, { ids: Set<string>; deleted: Set<string> }>();
  body.forEach((event, index) => {
    const fields = (event ?? {}) as Record<string, unknown>;
    const type = typeof fields['subscriptionType'] === 'string' ? fields['subscriptionType'] : '';
    const object =
      OBJECT_TYPE_IDS[String(fields['objectTypeId'] ?? '')] ?? PREFIXES[type.split('.')[0]];
    const id = fields['objectId'];
    if (!object || (typeof id !== 'number' && typeof id !== 'string'))
      throw new UnreadablePayload(
        `event ${index} names no CRM object (subscriptionType "${type}", objectId ${JSON.stringify(id)})`,
      );
    const target = targets.get(object) ?? { ids: new Set<string>(), deleted: new Set<string>() };
    targets.set(object, target);
    target.ids.add(String(id));
    if (type.endsWith('.deletion')) target.deleted.add(String(id));
  });
  return targets;
}
