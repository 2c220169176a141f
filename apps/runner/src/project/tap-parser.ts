import { parse as parseYaml } from 'yaml';
import { makeCase, type ParsedCase } from './test-case.js';

interface TapNode {
  name: string;
  ok: boolean;
  directive: 'skip' | 'todo' | null;
  details: Record<string, unknown>;
  children: TapNode[];
  /** `# Subtest:` names announced above this node, used when its parent line never came (truncated output). */
  announced: string[];
}

const TEST_POINT = /^(not ok|ok)\b(?:\s+\d+)?(?:\s*-)?\s?(.*)$/;
const DIRECTIVE = /(?<!\\)#\s*(skip|todo)\b.*$/i;
const MAX_YAML_CHARS = 64 * 1024;

/** Ids join the names of nested subtests with this separator, as in the JUnit reader. */
export const ID_SEPARATOR = ' > ';

/**
 * Parses TAP 13/14, including `node --test --test-reporter=tap` output with nested subtests and
 * YAML diagnostics. Leaf tests become cases with ids of the nested names joined by " > "; a failing
 * parent none of whose children failed (a hook or file-level failure) becomes an `error` case.
 * Lines that are not TAP (stray program output) are ignored.
 */
export function parseTap(text: string): ParsedCase[] {
  const lines = text.split(/\r?\n/);
  const pending = new Map<number, TapNode[]>();
  const announced: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trimStart();
    const depth = Math.floor((line.length - trimmed.length) / 4);
    if (/^bail out!/i.test(trimmed)) break;
    const subtest = /^# Subtest: (.*)$/.exec(trimmed);
    if (subtest) {
      announced.length = depth;
      announced[depth] = subtest[1] ?? '';
      continue;
    }
    const point = TEST_POINT.exec(trimmed);
    if (!point) continue;
    let description = point[2] ?? '';
    const directive = DIRECTIVE.exec(description);
    if (directive) description = description.slice(0, directive.index);
    const node: TapNode = {
      name: unescapeTap(description.trim()),
      ok: point[1] === 'ok',
      directive: directive ? ((directive[1] ?? '').toLowerCase() as 'skip' | 'todo') : null,
      details: {},
      children: pending.get(depth + 1) ?? [],
      announced: announced.slice(0, depth),
    };
    for (const key of [...pending.keys()]) if (key > depth) pending.delete(key);
    announced.length = Math.min(announced.length, depth);
    const yaml = readYamlBlock(lines, i + 1, line.length - trimmed.length);
    if (yaml) {
      node.details = yaml.details;
      i = yaml.end;
    }
    const siblings = pending.get(depth) ?? [];
    siblings.push(node);
    pending.set(depth, siblings);
  }
  const cases: ParsedCase[] = [];
  for (const [depth, nodes] of [...pending.entries()].sort(([a], [b]) => a - b)) {
    for (const node of nodes) {
      // Orphans (the run was cut off before their parent's line) keep their announced ancestry.
      const prefix = depth === 0 ? [] : node.announced;
      collectCases(node, prefix, cases);
    }
  }
  return cases;
}

function collectCases(node: TapNode, parents: string[], cases: ParsedCase[]): boolean {
  const path = [...parents, node.name];
  const id = path.join(ID_SEPARATOR);
  const ms = node.details['duration_ms'];
  const message = node.details['error'] ?? node.details['message'];
  if (node.children.length === 0) {
    const status = leafStatus(node);
    cases.push(makeCase(id, status, ms, status === 'passed' ? undefined : message));
    return status === 'failed' || status === 'error';
  }
  let childFailed = false;
  for (const child of node.children) childFailed = collectCases(child, path, cases) || childFailed;
  if (!node.ok && !childFailed && node.directive === null) {
    cases.push(makeCase(id, 'error', ms, message));
    return true;
  }
  return childFailed;
}

function leafStatus(node: TapNode): ParsedCase['status'] {
  if (node.directive !== null) return 'skipped';
  if (node.ok) return 'passed';
  const failureType = node.details['failureType'];
  return failureType === undefined || failureType === 'testCodeFailure' ? 'failed' : 'error';
}

function readYamlBlock(
  lines: string[],
  start: number,
  indent: number,
): { details: Record<string, unknown>; end: number } | null {
  const open = lines[start];
  if (open === undefined || open.trim() !== '---') return null;
  const blockIndent = open.length - open.trimStart().length;
  if (blockIndent <= indent) return null;
  const body: string[] = [];
  let size = 0;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '...' && line.length - line.trimStart().length === blockIndent) {
      return { details: size > MAX_YAML_CHARS ? {} : parseDetails(body.join('\n')), end: i };
    }
    size += line.length;
    if (size <= MAX_YAML_CHARS) body.push(line.slice(blockIndent));
  }
  return null;
}

function parseDetails(yaml: string): Record<string, unknown> {
  try {
    // Aliases are refused so a hostile block cannot expand ("billion laughs").
    const value: unknown = parseYaml(yaml, { maxAliasCount: 0, prettyErrors: false });
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function unescapeTap(text: string): string {
  return text.replace(/\\([\\#])/g, '$1');
}
