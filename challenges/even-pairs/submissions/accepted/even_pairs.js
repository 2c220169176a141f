const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const n = Number(data[0]);
let odd = 0;
for (let i = 1; i <= n; i++) if (Number(data[i]) % 2 !== 0) odd++;
const even = n - odd;
// Up to ~5e9: exact in a double, but BigInt makes the intent explicit.
console.log((BigInt(even) * BigInt(even - 1) / 2n + BigInt(odd) * BigInt(odd - 1) / 2n).toString());
