/**
 * `npm run bench [-- NAME [options]]`: runs one benchmark by name, or every one. Benchmarks print numbers;
 * they assert nothing (see bench/README.md for this machine's results).
 */
const BENCHES: Readonly<Record<string, () => Promise<unknown>>> = {
  'fuzz-throughput': () => import('./fuzz-throughput.ts'),
};

const [name] = process.argv.slice(2).filter((arg) => !arg.startsWith('-') && !/^\d/.test(arg));
if (name !== undefined && !(name in BENCHES)) {
  console.error(`bench: unknown benchmark "${name}"; expected one of ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const [bench, load] of Object.entries(BENCHES)) {
  if (name === undefined || name === bench) await load();
}
