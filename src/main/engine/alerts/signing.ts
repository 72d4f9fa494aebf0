// Webhook signatures, exactly as the platforms document them (docs/webhooks.md has the test vectors).
import { createHmac } from 'node:crypto';

/**
 * Feishu / Lark custom bot: timestamp in seconds; the HMAC key is `timestamp + "\n" + secret` and the
 * message is the empty string (unusual, but that is the documented algorithm). Base64.
 */
export function feishuSign(timestampSec: number, secret: string): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

/**
 * DingTalk custom robot: timestamp in milliseconds; HMAC-SHA256 of `timestamp + "\n" + secret` keyed
 * with the secret, Base64 (the caller URL-encodes it into the query string).
 */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}
