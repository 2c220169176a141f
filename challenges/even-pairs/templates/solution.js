const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
const values = data.slice(1, n + 1);

// TODO: count the pairs i < j whose sum is even (mind negative numbers).
function solve(values) {
  return 0;
}

console.log(String(solve(values)));
