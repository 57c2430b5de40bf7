// A worker thread of `npm run bench:live`: its share of the socket.io clients, each following the
// contest's board as a real client does. Clients are spread over workers so that one event loop's
// queue does not add its own delay to the figures of the clients at the end of it.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');
const { applyLeaderboardUpdate } = require('../../libs/contracts/dist/index.js');
const { base, token, contestId, count, reference } = workerData;

const received = new Map(); // seq -> Float64Array(count) of arrival times (performance.timeOrigin-based)
const pointsAtSeq = new Map(); // seq -> [repId, points][], from this worker's first client if reference
const boards = new Array(count).fill(null);
const sockets = [];
let resyncs = 0;
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
    });
    sockets.push(socket);
    const resync = async () => {
      const ack = await socket.timeout(30_000).emitWithAck('subscribe', { contestId });
      if (!ack.ok) throw new Error(ack.error);
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
          next.entries.map((e) => [e.participant.id, e.points]),
        );
      }
    });
    socket.once('connect', () => resync().then(resolve, reject));
    socket.once('connect_error', reject);
  });
}

for (let wave = 0; wave < count; wave += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, count - wave) }, (_, k) => connect(wave + k)),
  );
}
parentPort.postMessage({ kind: 'ready', resyncs });

parentPort.on('message', (message) => {
  if (message.kind !== 'finish') return;
  const key = (board) =>
    JSON.stringify(board.entries.map((e) => [e.participant.id, e.rank, e.points]));
  const exact = boards.filter((board) => board && key(board) === message.finalKey).length;
  for (const socket of sockets) socket.close();
  parentPort.postMessage({
    kind: 'result',
    received: [...received],
    pointsAtSeq: [...pointsAtSeq],
    exact,
    resyncs,
    updateBytes,
    updateCount,
    feedEvents,
  });
});
