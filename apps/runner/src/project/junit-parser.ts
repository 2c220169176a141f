import { XMLParser } from 'fast-xml-parser';
import { makeCase, type ParsedCase } from './test-case.js';
import { ID_SEPARATOR } from './tap-parser.js';

/** A result file that must not be parsed (DTD, entities, malformed). */
export class ResultFileError extends Error {
  override readonly name = 'ResultFileError';
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
});

/**
 * Parses JUnit XML (Ant/Surefire style, the JUnit console launcher, Node's junit reporter, pytest).
 * Case id: `classname.name` when a classname is given, else the enclosing `<testsuite>` names and
 * the case name joined by " > " (Node's junit reporter writes the placeholder classname "test",
 * which is treated as absent, so its ids match its TAP reporter's).
 * @throws ResultFileError for a DOCTYPE or entity declaration, or XML that does not parse.
 */
export function parseJUnit(xml: string): ParsedCase[] {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new ResultFileError('DTDs and entity declarations are not allowed');
  let document: XmlNode;
  try {
    document = parser.parse(xml) as XmlNode;
  } catch (error) {
    throw new ResultFileError(`not valid XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const cases: ParsedCase[] = [];
  const root = asNode(document['testsuites']);
  if (root) walkSuite(root, [], cases);
  for (const suite of asNodes(document['testsuite'])) walkSuite(suite, [attr(suite, 'name')], cases);
  return cases;
}

function walkSuite(suite: XmlNode, path: string[], cases: ParsedCase[]): void {
  for (const testCase of asNodes(suite['testcase'])) cases.push(readCase(testCase, path));
  for (const child of asNodes(suite['testsuite'])) walkSuite(child, [...path, attr(child, 'name')], cases);
}

function readCase(node: XmlNode, path: string[]): ParsedCase {
  const name = attr(node, 'name');
  const classname = attr(node, 'classname');
  const id =
    classname !== '' && classname !== 'test'
      ? `${classname}.${name}`
      : [...path, name].filter(Boolean).join(ID_SEPARATOR);
  const ms = Number(attr(node, 'time')) * 1000;
  const failure = asNodes(node['failure'])[0];
  const error = asNodes(node['error'])[0];
  if (failure !== undefined) return makeCase(id, 'failed', ms, messageOf(failure));
  if (error !== undefined) return makeCase(id, 'error', ms, messageOf(error));
  if (node['skipped'] !== undefined) return makeCase(id, 'skipped', ms);
  return makeCase(id, 'passed', ms);
}

function messageOf(node: XmlNode): string {
  const text = node['#text'];
  return decodeXml(attr(node, 'message') || (typeof text === 'string' ? text.trim() : ''));
}

function attr(node: XmlNode, name: string): string {
  const value = node[`@${name}`];
  return typeof value === 'string' ? decodeXml(value) : '';
}

function asNode(value: unknown): XmlNode | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : null;
}

function asNodes(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) return [];
  // An element without attributes parses as its text ("" when empty); it still counts.
  return value.map((item: unknown) => asNode(item) ?? { '#text': typeof item === 'string' ? item : '' });
}

// Entity expansion is off in the parser; only the predefined and numeric references are decoded, here.
function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (match, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    const lower = entity.toLowerCase();
    if (named[lower] !== undefined) return named[lower];
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}
