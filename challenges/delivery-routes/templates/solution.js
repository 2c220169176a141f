const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const [n, m] = data;
const roads = Array.from({ length: m }, (_, i) => [data[2 + 3 * i], data[3 + 3 * i], data[4 + 3 * i]]);

// TODO: the cheapest total toll from depot 1 to depot n, or null when unreachable.
function solve(n, roads) {
  return null;
}

const answer = solve(n, roads);
console.log(answer === null ? 'impossible' : String(answer));
