import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectSecretValues, redact, Redactor } from '../../../../src/main/engine/redaction/redactor.js';

test('masks bearer tokens, Authorization headers and provider keys in log lines', () => {
  const cases: Array<[string, string]> = [
    ['GET /v1 Authorization: Bearer abcDEF123456789xyz', 'abcDEF123456789xyz'],
    ['headers: {"authorization":"Basic dXNlcjpwYXNzd29yZA=="}', 'dXNlcjpwYXNzd29yZA=='],
    ['curl -H "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"', 'eyJhbGciOiJIUzI1NiJ9.payload.sig'],
    ['using key sk-proj-AbCdEf0123456789abcdef', 'sk-proj-AbCdEf0123456789abcdef'],
    ['anthropic sk-ant-api03-ZZZZZZZZZZZZZZZZ', 'sk-ant-api03-ZZZZZZZZZZZZZZZZ'],
    ['slack xoxb-1111-2222-abcdefghijkl', 'xoxb-1111-2222-abcdefghijkl'],
    ['x-api-key: 9f8e7d6c5b4a', '9f8e7d6c5b4a'],
    ['discord Bot MTAyNDU2Nzg5.GhIjKl.mnopqrstuvwx', 'MTAyNDU2Nzg5.GhIjKl.mnopqrstuvwx'],
  ];
  for (const [line, secret] of cases) {
    const out = redact(line);
    assert.ok(!out.includes(secret), `${line} → ${out}`);
    assert.ok(out.includes('***'), out);
  }
});

test('masks token= / key= / secret= / password values in queries, env lines, JSON and JSON5', () => {
  const cases: Array<[string, string]> = [
    ['GET /hook?access_token=abc123def456&x=1', 'abc123def456'],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx', '693a91f6-7xxx'],
    ['OPENAI_API_KEY=plainvalue123', 'plainvalue123'],
    ['{"password":"hunter2hunter2"}', 'hunter2hunter2'],
    ["{ token: 'tok_live_998877' }", 'tok_live_998877'],
    ['client_secret = s3cr3tvalue', 's3cr3tvalue'],
    ['&timestamp=1700000000000&sign=w3RMHXzixTMdzr8O%2BHJUm', 'w3RMHXzixTMdzr8O'],
  ];
  for (const [line, secret] of cases) assert.ok(!redact(line).includes(secret), `${line} → ${redact(line)}`);
  assert.equal(redact('url https://x/?a=1&token=zzzzzz9&b=2'), 'url https://x/?a=1&token=***&b=2');
});

test('masks webhook URL tokens of every platform', () => {
  const urls = [
    ['https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb', '0f1e2d3c-aaaa-bbbb'],
    ['https://discord.com/api/webhooks/123456789012/AbCdEfGhIjK_lmn-op', 'AbCdEfGhIjK_lmn-op'],
    ['https://api.telegram.org/bot123456:ABC-DEF1234ghIkl/sendMessage', '123456:ABC-DEF1234ghIkl'],
    ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'XXXXXXXXXXXXXXXXXXXXXXXX'],
  ];
  for (const [url, secret] of urls) assert.ok(!redact(`failed to post ${url}`).includes(secret!), redact(url!));
});

test('masks literal secret values whatever they look like (and their URL-encoded form)', () => {
  const r = new Redactor(['plain words secret', 'a+b/c=d==', 'ab']);
  assert.equal(r.redact('said plain words secret twice: plain words secret'), 'said *** twice: ***');
  assert.equal(r.redact(`q=${encodeURIComponent('a+b/c=d==')}`), 'q=***');
  assert.equal(r.redact('ab stays: too short to be a literal'), 'ab stays: too short to be a literal');
});

test('keeps ordinary text intact', () => {
  for (const line of [
    '2026-11-24T05:06:24.608+00:00 [gateway] ready (pid 4242) on port 18789; restarts 3 in 10 min',
    '[telegram] Bot started polling; Basic checks passed',
    'gateway exited with signal SIGKILL after 12s',
  ]) assert.equal(redact(line), line);
});

test('collects secret values from an OpenClaw config: gateway token, provider apiKeys, channel secrets', () => {
  const cfg = {
    gateway: { mode: 'local', port: 18789, auth: { mode: 'token', token: 'gw-token-0123456789' } },
    models: { providers: { openai: { apiKey: 'sk-provider-abcdef012345', baseUrl: 'https://api.openai.com' }, env: { apiKey: '${OPENAI_API_KEY}' } } },
    channels: { feishu: { appId: 'cli_a1b2', appSecret: 'feishu-app-secret-999' }, telegram: { botToken: '123:telegram-bot-token' } },
  };
  const found = collectSecretValues(cfg);
  for (const v of ['gw-token-0123456789', 'sk-provider-abcdef012345', 'feishu-app-secret-999', '123:telegram-bot-token']) assert.ok(found.has(v), v);
  assert.ok(!found.has('local') && !found.has('token') && !found.has('https://api.openai.com') && !found.has('${OPENAI_API_KEY}'));
});
