/** A lesson's code: highlighted by the editor's own tokenizer, and for `python run` blocks a Run button. */
import { useEffect, useState, type ReactNode } from 'react';
import { colorize } from '../editor/monaco';
import { runPythonInTerminal } from '../terminal/sendToTerminal';

export function HighlightedCode({ code, language }: { code: string; language: string }) {
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

/** How long the button says the snippet went to the terminal. */
const SENT_FEEDBACK_MS = 1500;

/** A <pre> with a Run button that sends its snippet to the terminal's Python. */
export function RunnableCode({ code, children }: { code: string; children: ReactNode }) {
  const [sent, setSent] = useState(false);
  useEffect(() => {
    if (!sent) return;
    const timer = setTimeout(() => setSent(false), SENT_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [sent]);

  return (
    <div className="runnable-code">
      <pre>{children}</pre>
      <button
        className="run-snippet"
        onClick={() => {
          runPythonInTerminal(code);
          setSent(true);
        }}
        title="Run this code with the terminal's Python"
        data-testid="run-snippet"
      >
        {sent ? 'Sent to terminal' : '▶ Run'}
      </button>
    </div>
  );
}
