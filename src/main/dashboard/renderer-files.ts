// Where the built window is: `npm run build` bundles src/renderer into dist/renderer (index.html, app.js,
// app.css). The dashboard serves it; the Electron main process loads the same index.html.
import { fileURLToPath } from 'node:url';

export const RENDERER_DIR = fileURLToPath(new URL('../../../renderer/', import.meta.url));
