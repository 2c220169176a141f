const words = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).slice(1);

// TODO: return [number of anagram groups, size of the largest group].
function solve(words) {
  return [0, 0];
}

console.log(solve(words).join(' '));
