/**
 * The lesson Markdown's extras, free of React components and Monaco so they are unit-tested in Node:
 * GitHub's alert syntax and the `python run` code blocks.
 */
import type { ExtraProps, Options } from 'react-markdown';
import { remarkAlert } from 'remark-github-blockquote-alert';
import remarkGfm from 'remark-gfm';

/** A hast element as react-markdown hands it to a component. */
type Element = NonNullable<ExtraProps['node']>;
type ElementContent = Element['children'][number];

/**
 * GitHub-flavoured Markdown plus GitHub's alerts (`> [!NOTE]` … `> [!CAUTION]` as a quote's first line).
 * remark-github-blockquote-alert is small (one dependency, already in react-markdown's tree) and emits plain
 * hast elements (a `div.markdown-alert.markdown-alert-note`, a title paragraph with GitHub's octicon as an
 * <svg>), so no raw HTML is ever rendered.
 */
export const remarkPlugins: NonNullable<Options['remarkPlugins']> = [remarkGfm, remarkAlert];

/** The plugin titles an alert "NOTE"; GitHub shows "Note". */
export function alertTitle(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/**
 * The code of a ```` ```python run ```` block (the language `python`, the word `run` in the info string's
 * meta), or null for any other <pre>. mdast-util-to-hast keeps the meta on the <code> element's data.
 */
export function runnableSnippet(pre: Element | undefined): string | null {
  const code = pre?.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
  if (!code) return null;
  const classes = code.properties.className;
  const isPython = Array.isArray(classes) && classes.includes('language-python');
  const words = (code.data?.meta ?? '').split(/\s+/);
  if (!isPython || !words.includes('run')) return null;
  return code.children.map(textOf).join('').replace(/\n$/, '');
}
