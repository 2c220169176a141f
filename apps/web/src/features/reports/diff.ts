/** One rendered line of a diff. */
export interface DiffLine {
  kind: 'add' | 'del' | 'ctx' | 'hunk' | 'meta';
  text: string;
  /** Line number in the starter (for ctx/del), in the submission (for ctx/add). */
  oldNo: number | null;
  newNo: number | null;
}

/** The part of a unified diff about one file. */
export interface FileDiff {
  /** The submission's path (the starter's for a deleted file). */
  path: string;
  lines: DiffLine[];
  added: number;
  removed: number;
}

function stripPrefix(path: string): string | null {
  if (path === '/dev/null') return null;
  return path.replace(/^[ab]\//, '');
}

/**
 * Split a `git diff` unified diff into files and number its lines. Anything unexpected is
 * kept as a "meta" line rather than dropped, so the raw diff is never misrepresented.
 */
export function parseUnifiedDiff(diff: string): FileDiff[] {
  const files: FileDiff[] = [];
  let current: FileDiff | null = null;
  let oldNo = 0;
  let newNo = 0;
  let inHunk = false;
  const lines = diff.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (const text of lines) {
    if (text.startsWith('diff --git ')) {
      const m = /^diff --git a\/(.*) b\/(.*)$/.exec(text);
      current = { path: m?.[2] ?? text.slice(11), lines: [], added: 0, removed: 0 };
      files.push(current);
      inHunk = false;
      current.lines.push({ kind: 'meta', text, oldNo: null, newNo: null });
      continue;
    }
    if (!current) {
      // A diff without `diff --git` headers (plain `---`/`+++`): one file per `---`.
      current = { path: '', lines: [], added: 0, removed: 0 };
      files.push(current);
    }
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      inHunk = true;
      current.lines.push({ kind: 'hunk', text, oldNo: null, newNo: null });
      continue;
    }
    if (!inHunk) {
      if (text.startsWith('+++ ')) {
        const p = stripPrefix(text.slice(4).trim());
        if (p) current.path = p;
      } else if (text.startsWith('--- ')) {
        const p = stripPrefix(text.slice(4).trim());
        if (p && !current.path) current.path = p;
      }
      current.lines.push({ kind: 'meta', text, oldNo: null, newNo: null });
      continue;
    }
    if (text.startsWith('+')) {
      current.lines.push({ kind: 'add', text: text.slice(1), oldNo: null, newNo: newNo++ });
      current.added++;
    } else if (text.startsWith('-')) {
      current.lines.push({ kind: 'del', text: text.slice(1), oldNo: oldNo++, newNo: null });
      current.removed++;
    } else if (text.startsWith(' ') || text === '') {
      current.lines.push({ kind: 'ctx', text: text.slice(1), oldNo: oldNo++, newNo: newNo++ });
    } else {
      // "\ No newline at end of file" and anything else.
      current.lines.push({ kind: 'meta', text, oldNo: null, newNo: null });
    }
  }
  return files;
}

/** Above this many line pairs the line diff gives up on alignment (whole-file replace). */
const MAX_CELLS = 4_000_000;

/**
 * A line diff of two texts (longest common subsequence), for the "diff vs starter" toggle
 * of one file. `null` stands for a file missing on that side.
 */
export function lineDiff(before: string | null, after: string | null): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const out: DiffLine[] = [];
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) {
    a.forEach((text, i) => out.push({ kind: 'del', text, oldNo: i + 1, newNo: null }));
    b.forEach((text, j) => out.push({ kind: 'add', text, oldNo: null, newNo: j + 1 }));
    return out;
  }
  // L(i, j) = LCS length of a[i..] and b[j..], row-major in one array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  const L = (i: number, j: number): number => lcs[i * width + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? L(i + 1, j + 1) + 1 : Math.max(L(i + 1, j), L(i, j + 1));
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ kind: 'ctx', text: a[i] ?? '', oldNo: i + 1, newNo: j + 1 });
      i++;
      j++;
    } else if (i < n && (j >= m || L(i + 1, j) >= L(i, j + 1))) {
      // Removals before additions, as `git diff` shows them.
      out.push({ kind: 'del', text: a[i] ?? '', oldNo: i + 1, newNo: null });
      i++;
    } else {
      out.push({ kind: 'add', text: b[j] ?? '', oldNo: null, newNo: j + 1 });
      j++;
    }
  }
  return out;
}

function splitLines(text: string | null): string[] {
  if (text === null || text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A folder or file of the code view's tree. */
export interface TreeNode<F> {
  name: string;
  path: string;
  file: F | null;
  children: TreeNode<F>[];
}

/** Nest flat paths into folders (folders first, then by name). */
export function buildTree<F extends { path: string }>(files: F[]): TreeNode<F>[] {
  const root: TreeNode<F> = { name: '', path: '', file: null, children: [] };
  for (const file of files) {
    const parts = file.path.split('/').filter(Boolean);
    let node = root;
    parts.forEach((part, index) => {
      const path = parts.slice(0, index + 1).join('/');
      const last = index === parts.length - 1;
      let child = last ? undefined : node.children.find((c) => c.name === part && c.file === null);
      if (!child) {
        child = { name: part, path, file: last ? file : null, children: [] };
        node.children.push(child);
      }
      node = child;
    });
  }
  const sort = (nodes: TreeNode<F>[]) => {
    nodes.sort((x, y) =>
      x.file === null && y.file !== null
        ? -1
        : x.file !== null && y.file === null
          ? 1
          : x.name.localeCompare(y.name),
    );
    nodes.forEach((n) => sort(n.children));
  };
  sort(root.children);
  return root.children;
}
