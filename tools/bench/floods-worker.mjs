// A worker thread of `npm run bench:floods`: runs one flood, so that the flood's own client-side
// work does not delay the main thread's health probes (they must measure the server, not us).
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');
const { kind, base, token, contestId, rate, seconds, sockets } = workerData;

function connect() {
  const socket = io(`${base}/live`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  const outcome = new Promise((resolve) => {
    socket.once('connect', () => resolve({ ok: true }));
    socket.once('connect_error', (error) => resolve({ ok: false, message: error.message }));
  });
  return { socket, outcome };
}

/** One client emitting `subscribe` at `rate`/s; dropped, it connects again at once and carries on. */
async function subscribeFlood() {
  let flooder = connect();
  if (!(await flooder.outcome).ok) throw new Error('the flooding socket could not connect');
  const result = { sent: 0, disconnected: null, notices: 0, reconnects: 0, refused: 0 };
  const watch = (socket) => {
    socket.on('disconnect', (reason) => (result.disconnected ??= reason));
    socket.on('throttled', () => result.notices++);
  };
  watch(flooder.socket);
  let connecting = null;
  const started = performance.now();
  const perTick = Math.max(1, Math.round(rate / 100));
  while (performance.now() - started < seconds * 1000) {
    if (!flooder.socket.connected && !connecting) {
      flooder.socket.close();
      result.reconnects++;
      const next = connect();
      watch(next.socket);
      connecting = next.outcome.then((outcome) => {
        if (!outcome.ok) result.refused++;
        flooder = next;
        connecting = null;
      });
    }
    if (flooder.socket.connected) {
      for (let i = 0; i < perTick; i++) {
        flooder.socket.emit('subscribe', { contestId }, () => undefined);
        result.sent++;
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  flooder.socket.off('disconnect');
  flooder.socket.close();
  return result;
}

/** `sockets` connections opened at once; kept open a second, then closed. */
async function connectFlood() {
  const crowd = Array.from({ length: sockets }, () => connect());
  const outcomes = await Promise.all(crowd.map((c) => c.outcome));
  await new Promise((r) => setTimeout(r, 1000));
  for (const c of crowd) c.socket.close();
  return {
    accepted: outcomes.filter((o) => o.ok).length,
    refused: outcomes.filter((o) => !o.ok).length,
    refusals: [...new Set(outcomes.filter((o) => !o.ok).map((o) => o.message))],
  };
}

parentPort.postMessage(kind === 'subscribe' ? await subscribeFlood() : await connectFlood());
