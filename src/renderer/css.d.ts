// Style sheets are bundled by esbuild (scripts/build-renderer.mjs); TypeScript only needs to know they exist.
declare module '*.css';
