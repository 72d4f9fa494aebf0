// A real Prometheus (Debian's) scrapes a real `clawdoc watch` watching the real OpenClaw gateway: the
// restart counter moves after a kill -9, in Prometheus's own query API. The shipped alerting rules pass
// `promtool check rules`, and every ClawDoc metric the rules and the Grafana dashboard use exists in a
// scrape (OpenClaw's own metrics in the dashboard are the ones its plugin documents).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, hasTestbed, isHealthyEvent, makeSandbox, ROOT, runWatch, sleep, teardown, waitUntil, type ClawdocRun, type GatewaySandbox } from '../../helpers/gateway.js';

const RULES = join(ROOT, 'deploy', 'prometheus', 'clawdoc-rules.yml');
const DASHBOARD = join(ROOT, 'deploy', 'grafana', 'clawdoc-dashboard.json');
const have = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const skip = !have('prometheus') || !have('promtool') ? 'prometheus / promtool (Debian package prometheus) are not installed' : !hasTestbed() ? 'the OpenClaw test bed is not installed' : false;

/** Metric names in PromQL: clawdoc_* (histogram series reduced to their family). */
function clawdocNames(exprs: string[]): Set<string> {
  const out = new Set<string>();
  for (const e of exprs) for (const m of e.matchAll(/\b(clawdoc_[a-z0-9_]+)/g)) out.add(m[1]!.replace(/_(bucket|sum|count)$/, ''));
  return out;
}

function ruleExprs(): string[] {
  return [...readFileSync(RULES, 'utf8').matchAll(/^\s+expr: (.+)$/gm)].map((m) => m[1]!);
}

function dashboardExprs(): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'expr' || k === 'query' || k === 'definition') && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(JSON.parse(readFileSync(DASHBOARD, 'utf8')));
  return out;
}

describe('Prometheus', { skip }, () => {
  let sb: GatewaySandbox;
  let run: ClawdocRun;
  let prom: ChildProcess | undefined;
  let promBase = '';
  let listenPort = 0;
  const promOut: string[] = [];

  const query = async (q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
    const r = await fetch(`${promBase}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await r.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    assert.equal(body.status, 'success');
    return body.data.result;
  };

  before(async () => {
    sb = await makeSandbox('prom');
    listenPort = await freePort();
    writeFileSync(join(sb.dataDir, 'settings.json'), `${JSON.stringify({ metrics: { listen: `127.0.0.1:${listenPort}` } }, null, 2)}\n`);
    run = runWatch(sb, ['--dashboard', '--dashboard-port', '0']);
    await run.waitForEvent(isHealthyEvent, 120_000, 'healthy');
    await waitUntil(() => run.output.some((l) => l.includes(`127.0.0.1:${listenPort}/metrics`)), 10_000, 'the metrics listener line');
    const dir = mkdtempSync(join(tmpdir(), 'clawdoc-prom-'));
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      `  - ${RULES}`,
      'scrape_configs:',
      '  - job_name: clawdoc',
      '    metrics_path: /metrics',
      '    authorization:',
      '      type: Bearer',
      `      credentials_file: ${join(sb.dataDir, 'dashboard-token')}`,
      '    static_configs:',
      `      - targets: ["127.0.0.1:${listenPort}"]`,
    ].join('\n');
    writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);
    const promPort = await freePort();
    promBase = `http://127.0.0.1:${promPort}`;
    prom = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    prom.stderr!.on('data', (d: Buffer) => promOut.push(d.toString()));
    await waitUntil(async () => (await fetch(`${promBase}/-/ready`).catch(() => undefined))?.ok, 30_000, 'prometheus ready');
  });

  after(async () => {
    prom?.kill('SIGKILL');
    if (sb) await teardown(sb, run ? [run] : []);
  });

  it('promtool accepts the shipped rules', () => {
    const r = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /SUCCESS: \d+ rules found/);
  });

  it('scrapes ClawDoc with the token; the restart counter moves after kill -9 and the gateway is up again', async () => {
    await waitUntil(async () => (await query('up{job="clawdoc"}'))[0]?.value[1] === '1', 30_000, `the scrape succeeds\n${promOut.join('').slice(-2000)}`);
    const up = await waitUntil(async () => (await query('clawdoc_gateway_up{target="default"}'))[0], 30_000, 'clawdoc_gateway_up');
    assert.equal(up.value[1], '1');
    const before = Number((await query('clawdoc_restarts_total{target="default",result="ok"}'))[0]?.value[1] ?? 'NaN');
    assert.equal(before, 0, 'the series is there at zero before the first restart');
    const pid = run.gatewayPid()!;
    process.kill(pid, 'SIGKILL');
    await waitUntil(async () => Number((await query('clawdoc_restarts_total{target="default",result="ok"}'))[0]?.value[1]) >= 1, 60_000, 'the restart counter in Prometheus');
    await waitUntil(async () => (await query('clawdoc_crashes_total{target="default",kind="exited"}'))[0]?.value[1] === '1', 30_000, 'the crash counter');
    await run.waitForEvent((e) => e.type === 'recovered', 90_000, 'recovered');
    await waitUntil(async () => (await query('clawdoc_gateway_up{target="default"}'))[0]?.value[1] === '1', 30_000, 'up again');
    const recovered = await waitUntil(async () => (await query('clawdoc_recovery_seconds_count{target="default"}'))[0], 30_000, 'a recovery observed');
    assert.equal(recovered.value[1], '1');
  });

  it('every ClawDoc metric the rules and the dashboard use exists in a scrape; OpenClaw panels use documented names', async () => {
    const token = readFileSync(join(sb.dataDir, 'dashboard-token'), 'utf8').trim();
    const text = await (await fetch(`http://127.0.0.1:${listenPort}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    const scraped = new Set(text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]!));
    const used = clawdocNames([...ruleExprs(), ...dashboardExprs()]);
    assert.ok(used.size >= 10, `the rules and dashboard use ${used.size} ClawDoc metrics`);
    for (const name of used) assert.ok(scraped.has(name), `${name} is used but not exported`);
    const documented = readFileSync(join(ROOT, 'testbed', 'node_modules', 'openclaw', 'docs', 'gateway', 'prometheus.md'), 'utf8');
    const openclawNames = new Set(dashboardExprs().flatMap((e) => [...e.matchAll(/\b(openclaw_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ''))));
    assert.ok(openclawNames.size >= 3);
    for (const n of openclawNames) assert.ok(documented.includes(`\`${n}\``), `${n} is in OpenClaw's metric list`);
    for (const n of openclawNames) assert.ok(!scraped.has(n.replace(/^openclaw_/, 'clawdoc_')), `ClawDoc does not repeat ${n}`);
  });

  it('the separate listener serves /metrics alone, and only with the token; the dashboard serves it too', async () => {
    const base = `http://127.0.0.1:${listenPort}`;
    assert.equal((await fetch(`${base}/metrics`)).status, 401);
    assert.equal((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    const token = readFileSync(join(sb.dataDir, 'dashboard-token'), 'utf8').trim();
    assert.equal((await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${token}` } })).status, 404, 'the API stays on loopback');
    assert.equal((await fetch(`${base}/`)).status, 404, 'the window too');
    const line = run.output.find((l) => /#token=/.test(l))!;
    const dash = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
    const r = await fetch(`${dash}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/plain; version=0\.0\.4/);
    assert.match(await r.text(), /^clawdoc_gateway_up\{target="default"\} 1$/m);
    await sleep(0);
  });
});
