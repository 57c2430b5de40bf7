import { compareNames, type LeaderboardEntry } from '@arena/contracts';

/*
 * An instance's copy of one contest's whole board, in SPEC §3 order (points, then name in the
 * `arena_names` collation, then id: `compareNames`), as of a numbered live update (`seq`). The
 * live windows of the instance's sockets are cut from it in memory — a flush's patch costs the
 * entries that changed (O(log N) each to place) plus what each window shows, never a read of the
 * board per window. It is loaded once from the database (the points as last broadcast, which
 * are the board as of `seq`) and then patched from each numbered update's changed entries.
 * Ranks are not stored: an entry's rank is 1 + the entries with more points, which in board
 * order is the position of the first entry with its points.
 */

/** Above this many changes at once, the board is rebuilt by one merge instead of one splice each. */
const SPLICE_MAX = 64;

/** SPEC §3 order of two entries (ranks ignored: they follow from the points). */
function boardOrder(a: LeaderboardEntry, b: LeaderboardEntry): number {
  return b.points - a.points || compareNames(a.participant, b.participant);
}

export class BoardMirror {
  private readonly order: LeaderboardEntry[];
  private readonly byId = new Map<string, LeaderboardEntry>();

  /** `entries` in board order (as the database's index lists them), the board as of `seq`. */
  constructor(
    entries: LeaderboardEntry[],
    public seq: number,
  ) {
    this.order = entries;
    for (const entry of entries) this.byId.set(entry.participant.id, entry);
  }

  get size(): number {
    return this.order.length;
  }

  /**
   * Sets these participants' entries (null: no longer on the board) and moves on to `seq`. Each
   * entry is placed by binary search; many at once are merged into the board in one pass.
   */
  apply(changes: ReadonlyArray<{ id: string; entry: LeaderboardEntry | null }>, seq: number): void {
    const latest = new Map<string, LeaderboardEntry | null>();
    for (const change of changes) latest.set(change.id, change.entry);
    if (latest.size > SPLICE_MAX) this.merge(latest);
    else
      for (const [id, entry] of latest) {
        const old = this.byId.get(id);
        if (old) this.order.splice(this.indexOfEntry(old), 1);
        this.byId.delete(id);
        if (!entry) continue;
        this.order.splice(this.insertionPoint(entry), 0, entry);
        this.byId.set(id, entry);
      }
    this.seq = seq;
  }

  /** The first `n` entries, ranked. */
  top(n: number): LeaderboardEntry[] {
    return this.ranked(0, Math.min(n, this.order.length));
  }

  /** The `k` entries above the participant, it, and the `k` below, ranked; [] when not on the board. */
  around(id: string, k: number): LeaderboardEntry[] {
    const entry = this.byId.get(id);
    if (!entry) return [];
    const at = this.indexOfEntry(entry);
    return this.ranked(Math.max(0, at - k), Math.min(this.order.length, at + k + 1));
  }

  /** The participant's entry, ranked; null when not on the board. */
  entry(id: string): LeaderboardEntry | null {
    return this.around(id, 0)[0] ?? null;
  }

  /** Entries `from`…`to` (exclusive) with their ranks; an entry keeps its object when its rank holds. */
  private ranked(from: number, to: number): LeaderboardEntry[] {
    const out: LeaderboardEntry[] = [];
    let rank = 0;
    for (let i = from; i < to; i++) {
      const entry = this.order[i];
      if (i === from || entry.points !== this.order[i - 1].points) rank = this.firstWith(i) + 1;
      out.push(entry.rank === rank ? entry : { ...entry, rank });
    }
    return out;
  }

  /** The position of the first entry with the points of the entry at `at`. */
  private firstWith(at: number): number {
    const points = this.order[at].points;
    let lo = 0;
    let hi = at;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order[mid].points > points) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where `entry` goes: after every entry ordered before it. */
  private insertionPoint(entry: LeaderboardEntry): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (boardOrder(this.order[mid], entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The position of an entry of the board (by its key; by identity if the order disagrees). */
  private indexOfEntry(entry: LeaderboardEntry): number {
    const at = this.insertionPoint(entry);
    if (this.order[at] === entry) return at;
    return this.order.indexOf(entry);
  }

  private merge(latest: Map<string, LeaderboardEntry | null>): void {
    const added: LeaderboardEntry[] = [];
    for (const [id, entry] of latest) {
      this.byId.delete(id);
      if (entry) {
        added.push(entry);
        this.byId.set(id, entry);
      }
    }
    added.sort(boardOrder);
    const kept = this.order.filter((entry) => !latest.has(entry.participant.id));
    this.order.length = 0;
    let i = 0;
    let j = 0;
    while (i < kept.length || j < added.length) {
      if (j === added.length || (i < kept.length && boardOrder(kept[i], added[j]) <= 0))
        this.order.push(kept[i++]);
      else this.order.push(added[j++]);
    }
  }
}
