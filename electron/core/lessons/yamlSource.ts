/**
 * Parses one YAML text and keeps its positions, so every problem found later in the parsed value can name the
 * line of the field it is about. Used for course.yaml, exercise.yaml and the front matter of lesson.md.
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/** A path into the parsed value, as zod reports it: `['check', 'timeout_seconds']`, `['files', 2]`. */
export type YamlPath = readonly PropertyKey[];

export interface YamlSource {
  /** The document as plain data (mappings become objects, sequences arrays). */
  value: unknown;
  /** The 1-based line of the field at `path`, or of its nearest ancestor that exists. */
  lineOf(path: YamlPath): number | undefined;
}

export type YamlParse = { ok: true; source: YamlSource } | { ok: false; reason: string; line: number };

/**
 * `firstLine` is the file's line on which `text` begins: front matter starts on line 2 of lesson.md, and a
 * lecturer must be sent to the line of the file, not of the extracted block.
 */
export function parseYaml(text: string, firstLine = 1): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line + firstLine - 1;

  // Only the first error: a syntax error often cascades into several more that all point at the same mistake.
  const first = doc.errors[0];
  if (first) return { ok: false, reason: first.message.split('\n')[0] || 'invalid YAML', line: lineAt(first.pos[0]) };

  const nodeLine = (node: unknown): number | undefined => (isNode(node) && node.range ? lineAt(node.range[0]) : undefined);

  // doc.getIn(path, true) gives the value's node, but a nested mapping or a `|` block starts on a later line
  // than its key, and a missing key gives nothing. So: find the parent node with getIn, and within it the
  // key (for a mapping entry) or the item (for a list entry); when that is missing, step up to the parent.
  const lineOf = (path: YamlPath): number | undefined => {
    for (let depth = path.length; depth > 0; depth--) {
      const parent: unknown = doc.getIn(path.slice(0, depth - 1), true);
      const segment = path[depth - 1];
      let line: number | undefined;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        line = nodeLine(pair?.key);
      } else if (isSeq(parent) && typeof segment === 'number') {
        line = nodeLine(parent.items[segment]);
      }
      if (line !== undefined) return line;
    }
    return nodeLine(doc.contents);
  };

  return { ok: true, source: { value: doc.toJS() as unknown, lineOf } };
}
