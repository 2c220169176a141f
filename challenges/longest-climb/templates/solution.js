const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const heights = data.slice(1, data[0] + 1);

// TODO: the length of the longest strictly increasing subsequence.
function solve(heights) {
  return 0;
}

console.log(String(solve(heights)));
