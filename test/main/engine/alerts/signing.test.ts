import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signedDingTalkUrl } from '../../../../src/main/engine/alerts/channels/dingtalk.js';
import { dingtalkSign, feishuSign } from '../../../../src/main/engine/alerts/signing.js';

test('Feishu signature matches the documented test vectors', () => {
  assert.equal(feishuSign(1599360473, 'demo'), 'l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=');
  assert.equal(feishuSign(1700000000, 'SECtest123'), 'eHRRCyLH7Z4IJQSJlfwertHZThRUYVu2hTUH02xPXYU=');
});

test('DingTalk signature matches the documented test vector, and is URL-encoded in the query', () => {
  const sign = dingtalkSign(1700000000000, 'SECtest123');
  assert.equal(sign, 'w3RMHXzixTMdzr8OHJUmVLS4IoPJVdu+Ut1LE48MePE=');
  const url = signedDingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SECtest123', 1700000000000);
  assert.match(url, /[?&]timestamp=1700000000000(&|$)/);
  assert.ok(url.includes(`sign=${encodeURIComponent(sign)}`), url); // "+" and "=" must be escaped
  assert.equal(new URL(url).searchParams.get('access_token'), 'abc');
});

test('a different secret or timestamp gives a different signature', () => {
  assert.notEqual(feishuSign(1700000000, 'SECtest124'), feishuSign(1700000000, 'SECtest123'));
  assert.notEqual(dingtalkSign(1700000000001, 'SECtest123'), dingtalkSign(1700000000000, 'SECtest123'));
});
