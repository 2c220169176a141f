// `npm run bench`: the HTTP benchmark (apps/server/bench/http-bench.mjs). The runner has its own: `npm run bench:runner`.
await import('../apps/server/bench/http-bench.mjs');
