/** Splits a Markdown file into its YAML front matter (between `---` lines at the top) and its body. */
export interface FrontMatterSplit {
  yaml: string | null;
  body: string;
  /** 1-based line of the first YAML line, so YAML errors can point at the file's own line numbers. */
  yamlStartLine: number;
}

export function splitFrontMatter(text: string): FrontMatterSplit {
  const normalized = text.replace(/^\uFEFF/, '');
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(normalized);
  if (!match) return { yaml: null, body: normalized, yamlStartLine: 0 };
  return { yaml: match[1] ?? '', body: normalized.slice(match[0].length), yamlStartLine: 2 };
}
