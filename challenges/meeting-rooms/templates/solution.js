const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
const meetings = Array.from({ length: n }, (_, i) => [data[1 + 2 * i], data[2 + 2 * i]]);

// TODO: the minimum number of rooms; meetings are [start, end) pairs.
function solve(meetings) {
  return 0;
}

console.log(String(solve(meetings)));
