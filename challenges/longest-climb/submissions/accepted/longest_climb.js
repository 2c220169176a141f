const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
const tails = [];
for (let i = 1; i <= n; i++) {
  const h = data[i];
  let lo = 0;
  let hi = tails.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tails[mid] < h) lo = mid + 1;
    else hi = mid;
  }
  tails[lo] = h;
}
console.log(tails.length);
