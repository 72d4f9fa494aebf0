// Sends one request with axios and a timeout, and hands the raw answer to the driver, whatever the
// status: platforms report errors in 200 bodies, so the status alone proves nothing.
import type { DeliveryVerdict } from '../../../shared/alerts.js';
import type { ChannelDriver, ChannelRequest, HttpAnswer } from './channels/channel-driver.js';
import type { Redactor } from '../redaction/redactor.js';

export type Transport = (req: ChannelRequest, timeoutMs: number) => Promise<HttpAnswer>;

export const axiosTransport: Transport = async (req, timeoutMs) => {
  // Loaded on the first alert, not at start: axios adds ~20 MB to a watcher that may never send one.
  const { default: axios } = await import('axios');
  const res = await axios.post(req.url, req.body, {
    timeout: timeoutMs,
    headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'ClawDoc', ...req.headers },
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: (x: unknown) => x, // keep the body as text: Slack answers `ok`, not JSON
    maxRedirects: 0,
  });
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(res.headers ?? {})) headers[k.toLowerCase()] = v === undefined || v === null ? undefined : String(v);
  return { status: res.status, text: typeof res.data === 'string' ? res.data : JSON.stringify(res.data ?? ''), headers };
};

/** Posts and reads the verdict. A transport error (refused, timeout, DNS) is a failed verdict, never a throw. */
export async function deliver(driver: ChannelDriver, req: ChannelRequest, timeoutMs: number, redactor: Redactor, transport: Transport = axiosTransport): Promise<DeliveryVerdict> {
  try {
    const answer = await transport(req, timeoutMs);
    const v = driver.verdict(answer);
    return { ...v, text: redactor.redact(v.text) };
  } catch (err) {
    const e = err as Error & { code?: string };
    const what = e.code === 'ECONNABORTED' || /timeout/i.test(e.message) ? `no answer within ${Math.round(timeoutMs / 1000)} s` : e.code ?? e.message;
    // The error message may quote the URL (and its token): redact before it reaches anyone.
    return { ok: false, text: redactor.redact(`${driver.label}: ${what} (network)`) };
  }
}
