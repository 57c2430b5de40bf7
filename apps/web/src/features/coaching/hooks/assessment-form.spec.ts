import type { Assessment, Behaviour } from '@arena/contracts';
import { draftFrom, toAssessmentRequest, unrated } from './assessment-form';

const behaviour = (id: string, retiredAt: string | null = null): Behaviour => ({
  id,
  name: `Behaviour ${id}`,
  description: '',
  retiredAt,
});

const stored: Assessment = {
  id: 'a1',
  user: { id: 'sofia', name: 'Sofia' },
  contest: { id: 'c1', name: 'Sprint' },
  phase: 'start',
  assessedBy: null,
  ratings: [{ behaviourId: 'b1', rating: 2, note: 'Rushes the agenda', behaviour: 'B1' }],
  updatedAt: '2026-11-26T10:00:00.000Z',
};

describe('assessment form', () => {
  it('starts from the stored ratings, for active behaviours only', () => {
    const draft = draftFrom([behaviour('b1'), behaviour('b2'), behaviour('old', 'x')], stored);
    expect(draft).toEqual({
      b1: { rating: 2, note: 'Rushes the agenda' },
      b2: { rating: null, note: '' },
    });
    expect(unrated(draft)).toEqual(['b2']);
  });

  it('sends every behaviour with its rating, notes trimmed and empty ones left out', () => {
    expect(
      toAssessmentRequest('sofia', 'c1', 'end', {
        b1: { rating: 4, note: '  Clear agenda now ' },
        b2: { rating: 3, note: ' ' },
      }),
    ).toEqual({
      userId: 'sofia',
      contestId: 'c1',
      phase: 'end',
      ratings: [
        { behaviourId: 'b1', rating: 4, note: 'Clear agenda now' },
        { behaviourId: 'b2', rating: 3 },
      ],
    });
  });
});
