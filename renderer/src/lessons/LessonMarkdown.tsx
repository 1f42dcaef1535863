/** A lesson's Markdown, with code blocks highlighted by the editor's own tokenizer. Raw HTML is not rendered. */
import { useEffect, useState, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { colorize } from '../editor/monaco';

function HighlightedCode({ code, language }: { code: string; language: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    colorize(code, language).then(
      (result) => live && setHtml(result),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [code, language]);
  // Monaco's colorizer escapes the code and emits only <span> and <br> elements.
  return html === null ? <code>{code}</code> : <code className="monaco-colorized" dangerouslySetInnerHTML={{ __html: html }} />;
}

function textOf(children: ReactNode): string {
  return Array.isArray(children) ? children.map(textOf).join('') : typeof children === 'string' ? children : '';
}

const components: Components = {
  code({ className, children }) {
    const language = /language-([\w+-]+)/.exec(className ?? '')?.[1];
    if (!language) return <code>{children}</code>;
    return <HighlightedCode code={textOf(children).replace(/\n$/, '')} language={language === 'bash' ? 'shell' : language} />;
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
      <Markdown remarkPlugins={[remarkGfm]} components={components}>
        {markdown}
      </Markdown>
    </div>
  );
}
