const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const [n, q] = data;
const readings = data.slice(2, 2 + n);
const questions = Array.from({ length: q }, (_, k) => [data[2 + n + 2 * k], data[3 + n + 2 * k]]);

// TODO: for each [l, r] (1-based, inclusive), the number of distinct readings; in input order.
function solve(readings, questions) {
  return questions.map(() => 0);
}

process.stdout.write(solve(readings, questions).join('\n') + '\n');
