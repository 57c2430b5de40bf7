// A worker thread of `npm run bench:live` and `npm run bench:scale`: its share of the socket.io
// clients, each following the contest's board as a real client does. Clients are spread over
// workers so that one event loop's queue does not add its own delay to the figures of the clients
// at the end of it.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');
const { applyLeaderboardUpdate } = require('../../libs/contracts/dist/index.js');
// `subscribe`: fields sent with { contestId } (a window, when the build has one).
const { base, token, contestId, count, reference, subscribe = {} } = workerData;

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

function connect(index) {
  return new Promise((resolve, reject) => {
    const socket = io(`${base}/live`, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      // A loaded machine (1,000 sockets, each taking a snapshot) can take longer than the 20 s default.
      timeout: 60_000,
    });
    sockets.push(socket);
    const resync = async () => {
      const ack = await socket
        .timeout(60_000)
        .emitWithAck('subscribe', { ...subscribe, contestId })
        .catch((error) => ({ ok: false, error: error.message }));
      if (!ack.ok) {
        refused++;
        return;
      }
      if (snapshotEntries === 0) snapshotEntries = ack.leaderboard.entries.length;
      boards[index] = ack.leaderboard;
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
      else if (next !== 'stale') boards[index] = next;
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

parentPort.on('message', (message) => {
  if (message.kind === 'sizes') {
    parentPort.postMessage({
      kind: 'sizes',
      longest: Math.max(0, ...boards.map((board) => board?.entries.length ?? 0)),
    });
    return;
  }
  if (message.kind !== 'finish') return;
  // `final`: [id, rank, points] of the REST board from the top, at least as long as any board
  // here. A client is exact when what it holds is that board's top, entry for entry.
  // `length`: how many entries an exact board holds (the whole board, or the window's).
  const { final, total, length } = message;
  const isExact = (board) =>
    board.total === total &&
    (length === undefined || board.entries.length === length) &&
    board.entries.every((e, j) => {
      const [id, rank, points] = final[j] ?? [];
      return e.participant.id === id && e.rank === rank && e.points === points;
    });
  const exact = boards.filter((board) => board && isExact(board)).length;
  for (const socket of sockets) socket.close();
  parentPort.postMessage({
    kind: 'result',
    received: [...received],
    pointsAtSeq: [...pointsAtSeq],
    exact,
    resyncs,
    refused,
    failed,
    updateBytes,
    updateCount,
    feedEvents,
  });
});
