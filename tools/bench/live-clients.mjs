// A worker thread of `npm run bench:live` and `npm run bench:scale`: its share of the socket.io
// clients, each following the contest's board as a real client does. Clients are spread over
// workers so that one event loop's queue does not add its own delay to the figures of the clients
// at the end of it.
//
// Two ways to describe the clients (workerData):
// - `count` clients with one `token`, each subscribing with `{ ...subscribe, contestId }`
//   (`bench:live`: everyone follows the same board);
// - `clients`: [{ token, window }] — each its own principal and window, subscribing as the web
//   app does (`{ contestId, window }`; `bench:scale`: reps following `{ top, around: 'me' }`, TV
//   walls `{ top: 10 }`).
// Latency per client (`bench:scale`): the parent posts `{ kind: 'acks', acks: [[at, repId,
// target]] }` as activities are acknowledged; a client's latency for an activity is the arrival
// of the first update carrying that rep at ≥ its target points, at each client whose board shows
// the rep (an update that reached the client before the ack did counts as 0 ms); while a rep is
// out of a client's window (removed), its activities are not that client's.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');
const { applyLeaderboardUpdate } = require('../../libs/contracts/dist/index.js');
const { base, token, contestId, reference, subscribe = {} } = workerData;
const specs =
  workerData.clients ?? Array.from({ length: workerData.count }, () => ({ token, window: null }));
const count = specs.length;

const received = new Map(); // seq -> Float64Array(count) of arrival times (performance.timeOrigin-based)
// seq -> [repId, points][] of the entries that update changed, from this worker's first client if
// reference: the points only change in the updates that carry them.
const pointsAtSeq = new Map();
const boards = new Array(count).fill(null);
const sockets = [];
let resyncs = 0;
let refused = 0;
let failed = 0; // connections that never opened
let snapshotEntries = 0; // of the first snapshot any client here received
let updateBytes = 0; // measured on this worker's first client
let updateCount = 0;
let feedEvents = 0;
const now = () => performance.timeOrigin + performance.now();

// --- per-client latency (only once acks arrive)
/** repId -> acks [at, target] in acknowledgement order (targets rise: points only go up). */
const acksOf = new Map();
/** per client: repId -> { points, at, next } — the highest points seen, when, the next ack. */
const seen = Array.from({ length: count }, () => new Map());
const latencies = [];
/** per ack key `${repId}:${index}`: delivered to at least one client here */
const deliveredAcks = new Set();
let ackCount = 0;

function advance(client, repId, state) {
  const list = acksOf.get(repId);
  if (!list) return;
  while (state.next < list.length && list[state.next][1] <= state.points) {
    latencies.push(Math.max(0, state.at - list[state.next][0]));
    deliveredAcks.add(`${repId}:${state.next}`);
    state.next++;
  }
}

function observe(client, entries, at) {
  const map = seen[client];
  for (const entry of entries) {
    const id = entry.id ?? entry.participant?.id;
    const points = entry.points;
    if (id === undefined || points === undefined) continue;
    let state = map.get(id);
    if (!state) {
      // First sight of a rep (in a snapshot or an update): acks before it are not this client's.
      state = { points, at, next: acksOf.get(id)?.length ?? 0 };
      map.set(id, state);
      continue;
    }
    if (points > state.points) {
      state.points = points;
      state.at = at;
    }
    advance(client, id, state);
  }
}

function connect(index) {
  const spec = specs[index];
  return new Promise((resolve, reject) => {
    const socket = io(`${base}/live`, {
      auth: { token: spec.token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      // A loaded machine (1,000 sockets, each taking a snapshot) can take longer than the 20 s default.
      timeout: 60_000,
    });
    sockets.push(socket);
    const resync = async () => {
      const body = spec.window ? { contestId, window: spec.window } : { ...subscribe, contestId };
      const ack = await socket
        .timeout(60_000)
        .emitWithAck('subscribe', body)
        .catch((error) => ({ ok: false, error: error.message }));
      if (!ack.ok) {
        refused++;
        return;
      }
      if (snapshotEntries === 0) snapshotEntries = ack.leaderboard.entries.length;
      boards[index] = ack.leaderboard;
      observe(index, ack.leaderboard.entries, now());
      resyncs++;
    };
    if (index === 0) socket.on('activity', () => feedEvents++);
    socket.on('leaderboard', (update) => {
      const at = now();
      if (index === 0) {
        updateBytes += JSON.stringify(update).length;
        updateCount++;
      }
      if (!received.has(update.seq)) received.set(update.seq, new Float64Array(count).fill(NaN));
      received.get(update.seq)[index] = at;
      if (!boards[index]) return;
      const next = applyLeaderboardUpdate(boards[index], update);
      if (next === 'gap') void resync();
      else if (next !== 'stale') {
        boards[index] = next;
        // A rep that left this window is no longer shown here: its activities meanwhile are
        // not this client's (on re-entry it is a first sight again).
        for (const id of update.removed) seen[index].delete(id);
        observe(index, update.entries, at);
      }
      if (reference && index === 0 && typeof next === 'object') {
        pointsAtSeq.set(
          update.seq,
          update.entries.filter((e) => e.points !== undefined).map((e) => [e.id, e.points]),
        );
      }
    });
    socket.once('connect', () => resync().then(resolve, reject));
    // A client that cannot connect is counted, not fatal: it ends on no board, so not exact.
    socket.once('connect_error', () => {
      failed++;
      socket.close();
      resolve();
    });
  });
}

for (let wave = 0; wave < count; wave += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, count - wave) }, (_, k) => connect(wave + k)),
  );
}
parentPort.postMessage({ kind: 'ready', resyncs, refused, failed, snapshotEntries });

const sameEntry = (e, [id, rank, points]) =>
  e.participant.id === id && e.rank === rank && e.points === points;

parentPort.on('message', (message) => {
  if (message.kind === 'acks') {
    for (const [at, repId, target] of message.acks) {
      let list = acksOf.get(repId);
      if (!list) acksOf.set(repId, (list = []));
      list.push([at, target]);
      ackCount++;
      // A client may already hold these points (the update beat the ack here).
      for (let client = 0; client < count; client++) {
        const state = seen[client].get(repId);
        if (state) advance(client, repId, state);
      }
    }
    return;
  }
  if (message.kind === 'sizes') {
    parentPort.postMessage({
      kind: 'sizes',
      longest: Math.max(0, ...boards.map((board) => board?.entries.length ?? 0)),
    });
    return;
  }
  if (message.kind !== 'finish') return;
  // Either `expected`: per client, [id, rank, points][] of its window read over REST (top and
  // around) in board order, and `total`; or `final`: [id, rank, points] of the REST board from
  // the top, at least as long as any board here, and `length`: how many entries an exact board
  // holds (`bench:live`: every client holds the board's top).
  const { final, expected, total, length } = message;
  const isExact = (board, index) => {
    if (board.total !== total) return false;
    const want = expected ? expected[index] : final.slice(0, length ?? board.entries.length);
    if (!want || board.entries.length !== want.length) return false;
    return board.entries.every((e, j) => sameEntry(e, want[j]));
  };
  const exactByClient = boards.map((board, index) => Boolean(board && isExact(board, index)));
  // What differed on the first few inexact clients, to say why.
  const misses = [];
  for (let index = 0; index < count && misses.length < 3; index++) {
    if (exactByClient[index]) continue;
    const board = boards[index];
    const want = expected ? expected[index] : final?.slice(0, length);
    misses.push({
      index,
      total: [board?.total, total],
      held: board?.entries.slice(0, 12).map((e) => [e.participant.id, e.rank, e.points]),
      want: want?.slice(0, 12),
    });
  }
  for (const socket of sockets) socket.close();
  parentPort.postMessage({
    kind: 'result',
    received: [...received],
    pointsAtSeq: [...pointsAtSeq],
    exact: exactByClient.filter(Boolean).length,
    misses,
    latencies,
    deliveredAcks: [...deliveredAcks],
    ackCount,
    resyncs,
    refused,
    failed,
    updateBytes,
    updateCount,
    feedEvents,
  });
});
