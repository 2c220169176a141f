import { SubmissionLimits, type DraftChange, type WorkspaceEntry } from '@assay/contracts';

/**
 * Why a path cannot be used for a new or renamed file (the server's WorkspacePathSchema rules,
 * said in words), or null when it is fine.
 */
export function pathProblem(path: string, existing: readonly string[]): string | null {
  const p = path.trim();
  if (p === '') return 'Enter a file name, e.g. src/main.py.';
  if (p.length > 1024) return 'The path is too long (at most 1024 characters).';
  if (p.startsWith('/')) return 'Use a path relative to the repository (no leading "/").';
  if (p.includes('\\')) return 'Use "/" between folders, not "\\".';
  if (p.endsWith('/')) return 'The path must end with a file name, not "/".';
  const parts = p.split('/');
  if (parts.some((part) => part === '')) return 'The path has an empty folder name ("//").';
  if (parts.some((part) => part === '.' || part === '..'))
    return 'The path cannot contain "." or ".." folders.';
  if (parts.some((part) => part === '.git')) return 'Files inside ".git" cannot be edited.';
  if (hasControlCharacter(p)) return 'The path cannot contain control characters.';
  if (existing.includes(p)) return `${p} already exists.`;
  if (existing.some((e) => e.startsWith(`${p}/`))) return `${p} is a folder.`;
  const fileAsFolder = existing.find((e) => p.startsWith(`${e}/`));
  if (fileAsFolder) return `${fileAsFolder} is a file, so it cannot contain other files.`;
  if (existing.length >= SubmissionLimits.maxFiles)
    return `The repository already has ${SubmissionLimits.maxFiles} files, the most allowed.`;
  return null;
}

/** The tree with not-yet-saved creations, renames and deletions applied. */
export function applyStructural(
  entries: readonly WorkspaceEntry[],
  ops: readonly DraftChange[],
): WorkspaceEntry[] {
  let out = entries.filter((e) => e.draft !== 'deleted');
  for (const op of ops) {
    if (op.op === 'delete') out = out.filter((e) => e.path !== op.path);
    else if (op.op === 'rename') {
      out = out.map((e) => (e.path === op.from ? { ...e, path: op.path, draft: 'added' as const } : e));
    } else if (!out.some((e) => e.path === op.path)) {
      out = [...out, { path: op.path, size: op.content.length, binary: false, draft: 'added' }];
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** A cheap 32-bit FNV-1a hash (detects that a file changed on the server since it was edited). */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(16)}:${text.length}`;
}

export interface TreeNode {
  name: string;
  path: string;
  entry: WorkspaceEntry | null;
  children: TreeNode[];
}

/** Nested folders (sorted: folders first, then files) from the flat path list. */
export function buildTree(entries: readonly WorkspaceEntry[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', entry: null, children: [] };
  for (const entry of entries) {
    const parts = entry.path.split('/');
    let node = root;
    parts.forEach((part, i) => {
      const path = parts.slice(0, i + 1).join('/');
      if (i === parts.length - 1) {
        node.children.push({ name: part, path, entry, children: [] });
        return;
      }
      let folder = node.children.find((c) => c.entry === null && c.name === part);
      if (!folder) {
        folder = { name: part, path, entry: null, children: [] };
        node.children.push(folder);
      }
      node = folder;
    });
  }
  const sort = (n: TreeNode) => {
    n.children.sort((a, b) =>
      (a.entry === null) !== (b.entry === null) ? (a.entry === null ? -1 : 1) : a.name.localeCompare(b.name),
    );
    n.children.forEach(sort);
  };
  sort(root);
  return root.children;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) < 0x20 || text.charCodeAt(i) === 0x7f) return true;
  return false;
}
