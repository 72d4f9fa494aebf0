const mb = () => (process.memoryUsage().rss / 1048576).toFixed(1);
const out = [`base ${mb()}`];
for (const m of process.argv.slice(2)) { await import(m); globalThis.gc(); out.push(`${m.replace('./dist/src/main/','')} ${mb()}`); }
console.log(out.join(' | '));
