const data = require('fs').readFileSync(0, 'utf8');
let pos = 0;
function nextInt() {
  while (data.charCodeAt(pos) < 48) pos++;
  let value = 0;
  for (let c = data.charCodeAt(pos); c >= 48 && c <= 57; c = data.charCodeAt(++pos)) value = value * 10 + (c - 48);
  return value;
}
const n = nextInt();
const q = nextInt();
const a = new Int32Array(n + 1);
for (let i = 1; i <= n; i++) a[i] = nextInt();
const l = new Int32Array(q);
const headByR = new Int32Array(n + 1).fill(-1);
const nextInBucket = new Int32Array(q);
for (let k = 0; k < q; k++) {
  l[k] = nextInt();
  const r = nextInt();
  nextInBucket[k] = headByR[r];
  headByR[r] = k;
}
const tree = new Int32Array(n + 1);
const add = (i, delta) => {
  for (; i <= n; i += i & -i) tree[i] += delta;
};
const sum = (i) => {
  let s = 0;
  for (; i > 0; i -= i & -i) s += tree[i];
  return s;
};
const last = new Map();
const answer = new Int32Array(q);
for (let i = 1; i <= n; i++) {
  const previous = last.get(a[i]);
  if (previous !== undefined) add(previous, -1);
  last.set(a[i], i);
  add(i, 1);
  for (let k = headByR[i]; k !== -1; k = nextInBucket[k]) answer[k] = sum(i) - sum(l[k] - 1);
}
process.stdout.write(answer.join('\n') + '\n');
