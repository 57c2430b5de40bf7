/**
 * A multiset of displayed scores (in hundredths: `rank_points` has two decimals) that answers
 * "how many entries score more than v" in O(√D) for D distinct scores: the scores are kept in
 * descending order in blocks of at most `BLOCK` distinct values, each block with its total, so a
 * count sums whole blocks and then part of one. Adding or removing an entry is a binary search
 * and a splice inside one block.
 */
const BLOCK = 256;

interface Block {
  /** Distinct scores, descending. */
  keys: number[];
  counts: number[];
  total: number;
}

export class RankCounts {
  private blocks: Block[] = [];
  private entries = 0;

  /** The scores of a whole board: [hundredths, count] pairs in any order. */
  static of(pairs: Iterable<readonly [number, number]>): RankCounts {
    const merged = new Map<number, number>();
    for (const [key, n] of pairs) merged.set(key, (merged.get(key) ?? 0) + n);
    const sorted = [...merged].filter(([, n]) => n !== 0).sort((a, b) => b[0] - a[0]);
    const counts = new RankCounts();
    for (let i = 0; i < sorted.length; i += BLOCK) {
      const part = sorted.slice(i, i + BLOCK);
      const block: Block = {
        keys: part.map(([key]) => key),
        counts: part.map(([, n]) => n),
        total: part.reduce((sum, [, n]) => sum + n, 0),
      };
      counts.blocks.push(block);
      counts.entries += block.total;
    }
    return counts;
  }

  /** Entries on the board. */
  get size(): number {
    return this.entries;
  }

  /** Entries scoring strictly more than `key`. */
  above(key: number): number {
    let sum = 0;
    for (const block of this.blocks) {
      if (block.keys[block.keys.length - 1] > key) {
        sum += block.total;
        continue;
      }
      for (let i = 0; i < block.keys.length && block.keys[i] > key; i++) sum += block.counts[i];
      return sum;
    }
    return sum;
  }

  /** Entries scoring exactly `key`. */
  at(key: number): number {
    const b = this.blockOf(key);
    if (b < 0) return 0;
    const block = this.blocks[b];
    const i = indexIn(block.keys, key);
    return i < block.keys.length && block.keys[i] === key ? block.counts[i] : 0;
  }

  /** Adds `n` entries (negative: removes) at `key`. */
  add(key: number, n: number): void {
    if (n === 0) return;
    this.entries += n;
    if (this.blocks.length === 0) {
      this.blocks.push({ keys: [key], counts: [n], total: n });
      return;
    }
    // The first block whose lowest score is ≤ key, else the last block.
    let b = this.blockOf(key);
    if (b < 0) b = this.blocks.length - 1;
    const block = this.blocks[b];
    block.total += n;
    const i = indexIn(block.keys, key);
    if (i < block.keys.length && block.keys[i] === key) {
      block.counts[i] += n;
      if (block.counts[i] === 0) {
        block.keys.splice(i, 1);
        block.counts.splice(i, 1);
        if (block.keys.length === 0) this.blocks.splice(b, 1);
      }
      return;
    }
    block.keys.splice(i, 0, key);
    block.counts.splice(i, 0, n);
    if (block.keys.length > 2 * BLOCK) {
      const keys = block.keys.splice(BLOCK);
      const counts = block.counts.splice(BLOCK);
      const moved = counts.reduce((sum, c) => sum + c, 0);
      block.total -= moved;
      this.blocks.splice(b + 1, 0, { keys, counts, total: moved });
    }
  }

  /** Every [hundredths, count], descending (tests). */
  *pairs(): Generator<[number, number]> {
    for (const block of this.blocks)
      for (let i = 0; i < block.keys.length; i++) yield [block.keys[i], block.counts[i]];
  }

  /** The first block whose lowest score is ≤ key; −1 when every block scores more. */
  private blockOf(key: number): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const keys = this.blocks[mid].keys;
      if (keys[keys.length - 1] > key) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.blocks.length ? lo : -1;
  }
}

/** The position of `key` in descending `keys` (where it is or would be inserted). */
function indexIn(keys: number[], key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] > key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `rank_points` as text ("12.50", "-3.00", "7") in hundredths. */
export function hundredths(points: string): number {
  return Math.round(Number(points) * 100);
}
