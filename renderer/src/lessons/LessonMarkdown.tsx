/**
 * A lesson's Markdown (GitHub-flavoured, with GitHub's alerts), code blocks highlighted by the editor's own
 * tokenizer, and a Run button on ```` ```python run ```` blocks. Raw HTML is not rendered.
 */
import { Children, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { HighlightedCode, RunnableCode } from './CodeBlock';
import { alertTitle, remarkPlugins, runnableSnippet } from './markdownParts';

function textOf(children: ReactNode): string {
  return Array.isArray(children) ? children.map(textOf).join('') : typeof children === 'string' ? children : '';
}

const components: Components = {
  code({ className, children }) {
    const language = /language-([\w+-]+)/.exec(className ?? '')?.[1];
    if (!language) return <code>{children}</code>;
    return <HighlightedCode code={textOf(children).replace(/\n$/, '')} language={language === 'bash' ? 'shell' : language} />;
  },
  pre({ node, children }) {
    const snippet = runnableSnippet(node);
    return snippet === null ? <pre>{children}</pre> : <RunnableCode code={snippet}>{children}</RunnableCode>;
  },
  p({ className, children }) {
    if (className !== 'markdown-alert-title') return <p className={className}>{children}</p>;
    return <p className={className}>{Children.map(children, (c) => (typeof c === 'string' ? alertTitle(c) : c))}</p>;
  },
  a({ href, children }) {
    return (
      <a href={href} target="_blank" rel="noreferrer noopener">
        {children}
      </a>
    );
  },
};

export function LessonMarkdown({ markdown }: { markdown: string }) {
  return (
    <div className="markdown">
      <Markdown remarkPlugins={remarkPlugins} components={components}>
        {markdown}
      </Markdown>
    </div>
  );
}
