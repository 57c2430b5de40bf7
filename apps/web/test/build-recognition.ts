import type { Badge, Recognition } from '@arena/contracts';

export function buildBadge(overrides: Partial<Badge> = {}): Badge {
  return {
    id: 'badge-1',
    key: 'deal_closer',
    name: 'Deal Closer',
    description: 'Brought a deal home.',
    emoji: '🤝',
    color: '#16a34a',
    retiredAt: null,
    createdAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

/** A badge award to Sofia by Maya; override only what the test is about. */
export function buildRecognition(overrides: Partial<Recognition> = {}): Recognition {
  const badge = buildBadge();
  return {
    id: 'rec-1',
    kind: 'badge',
    badge: {
      id: badge.id,
      key: badge.key,
      name: badge.name,
      emoji: badge.emoji,
      color: badge.color,
    },
    achievement: null,
    recipient: { id: 'sofia', kind: 'user', name: 'Sofia Rossi' },
    awardedBy: { id: 'maya', name: 'Maya Chen' },
    contest: null,
    message: 'Great close',
    prize: null,
    createdAt: '2026-11-26T10:00:00.000Z',
    retractedAt: null,
    retractedBy: null,
    retractionReason: null,
    ...overrides,
  };
}
