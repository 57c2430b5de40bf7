import { buildRecognition } from '../../../../test/build-recognition';
import { applyRecognitionEvent, type FeedData } from './recognition-feed';

function feed(...ids: string[]): FeedData {
  return {
    pages: [
      { items: ids.map((id) => buildRecognition({ id })), total: ids.length, limit: 20, offset: 0 },
    ],
    pageParams: [0],
  };
}

const ids = (data: FeedData | 'refetch') =>
  data === 'refetch' ? data : data.pages.flatMap((page) => page.items.map((item) => item.id));

describe('applyRecognitionEvent', () => {
  it('puts a new award on top, once', () => {
    const event = { change: 'awarded' as const, recognition: buildRecognition({ id: 'new' }) };
    const once = applyRecognitionEvent(feed('a', 'b'), event, {});
    expect(ids(once)).toEqual(['new', 'a', 'b']);
    expect(once !== 'refetch' && once.pages[0].total).toBe(3);
    expect(ids(applyRecognitionEvent(once as FeedData, event, {}))).toEqual(['new', 'a', 'b']);
  });

  it('marks a retracted one in place', () => {
    const retracted = buildRecognition({
      id: 'b',
      retractedAt: '2026-11-26T11:00:00.000Z',
      retractionReason: 'Wrong rep',
    });
    const next = applyRecognitionEvent(
      feed('a', 'b'),
      { change: 'retracted', recognition: retracted },
      {},
    );
    expect(ids(next)).toEqual(['a', 'b']);
    expect(next !== 'refetch' && next.pages[0].items[1].retractionReason).toBe('Wrong rep');
  });

  it('keeps awards outside the filter out, and asks the server when only it can tell', () => {
    const other = buildRecognition({ id: 'new', contest: { id: 'c2', name: 'Other' } });
    expect(
      ids(
        applyRecognitionEvent(
          feed('a'),
          { change: 'awarded', recognition: other },
          {
            contestId: 'c1',
          },
        ),
      ),
    ).toEqual(['a']);
    expect(
      ids(
        applyRecognitionEvent(
          feed('a'),
          { change: 'awarded', recognition: other },
          {
            userId: 'someone-else',
          },
        ),
      ),
    ).toEqual(['a']);
    expect(
      applyRecognitionEvent(
        feed('a'),
        { change: 'awarded', recognition: other },
        {
          teamId: 'team-1',
        },
      ),
    ).toBe('refetch');
  });
});
