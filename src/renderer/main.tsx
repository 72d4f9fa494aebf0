// The window's entry point: pick the transport (the preload's IPC bridge, else HTTP with the token from
// the URL fragment), then render. The page to open can be named in the fragment: #token=…&page=history.
import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { connectBridge, fragmentParams } from './transport.js';
import { App, PAGES, type PageId } from './ui/app.js';

function pageFromLocation(): PageId | null {
  const asked = fragmentParams().get('page');
  return asked && (PAGES as readonly string[]).includes(asked) ? (asked as PageId) : null;
}

function rememberPage(page: PageId): void {
  const p = fragmentParams();
  p.set('page', page);
  history.replaceState(null, '', `#${p.toString()}`);
}

const root = document.getElementById('app')!;
root.textContent = '';
const bridge = connectBridge();
// Asked before the first render: the state shows as soon as the answer is back.
const firstStatus = bridge.status();
render(<App bridge={bridge} initialPage={pageFromLocation() ?? 'status'} onPage={rememberPage} pageFromLocation={pageFromLocation} firstStatus={firstStatus} />, root);
