// A helper process for the targets bench: N tiny HTTP servers answering OpenClaw's probe bodies (see
// test/helpers/fake-gateway.ts), the first `slow` of them after `delayMs`. Kept out of ClawDoc's process so
// ClawDoc's RSS is its own. Talks over IPC: sends { ports } once listening; answers 'stats' with each
// server's probe count and most probes in flight at once.
import { startFakeGateway, type FakeGateway } from '../test/helpers/fake-gateway.js';

const [n = '20', slow = '0', delayMs = '0'] = process.argv.slice(2);
const gateways: FakeGateway[] = [];
for (let i = 0; i < Number(n); i++) gateways.push(await startFakeGateway({ delayMs: i < Number(slow) ? Number(delayMs) : 0 }));
process.send!({ ports: gateways.map((g) => g.port) });
process.on('message', (m) => {
  if (m === 'stats') process.send!({ stats: gateways.map((g) => ({ ...g.stats })) });
  if (m === 'exit') void Promise.all(gateways.map((g) => g.close())).then(() => process.exit(0));
});
