/**
 * The reference solution beside the student's files: a read-only Monaco diff editor per file, the solution on
 * the left (original) and the student's saved file on the right (modified), in a large modal.
 */
import { useEffect, useRef, useState } from 'react';
import type { Result } from '../../../electron/core/api';
import { languageForPath, monaco } from '../editor/monaco';
import { Modal } from './Modal';

export type SolutionFile = Result<'exercises.solution'>['files'][number];

function FileDiff({ file }: { file: SolutionFile }) {
  const host = useRef<HTMLDivElement>(null);

  // One editor and its two models per file, created and disposed together: a diff editor must never outlive
  // (or be handed) disposed models.
  useEffect(() => {
    if (!host.current) return;
    const language = languageForPath(file.path);
    const original = monaco.editor.createModel(file.solution, language);
    const modified = monaco.editor.createModel(file.current ?? '', language);
    const editor = monaco.editor.createDiffEditor(host.current, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: true,
      // Always side by side: the modal is wide, and "solution | yours" is the point of the view.
      useInlineViewWhenSpaceIsLimited: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      renderOverviewRuler: false,
    });
    editor.setModel({ original, modified });
    return () => {
      editor.dispose();
      original.dispose();
      modified.dispose();
    };
  }, [file]);

  return (
    <>
      <div className="diff-captions">
        <span>Reference solution</span>
        <span>{file.current === null ? 'Your workspace has no such file' : 'Your file (as saved)'}</span>
      </div>
      <div className="diff-host" ref={host} />
    </>
  );
}

interface Props {
  files: SolutionFile[];
  onClose: () => void;
}

export function SolutionDiff({ files, onClose }: Props) {
  const [active, setActive] = useState(0);
  const file = files[active];

  return (
    <Modal label="Reference solution" onClose={onClose} className="solution-modal" testId="solution-diff">
      <div className="modal-header">
        <h2>Reference solution</h2>
        <button className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {files.length > 0 && (
        <div className="tabs solution-tabs" role="tablist" aria-label="Solution files">
          {files.map((f, i) => (
            <div key={f.path} role="tab" aria-selected={i === active} className={`tab${i === active ? ' active' : ''}`} data-path={f.path} onClick={() => setActive(i)}>
              <span className="tab-name">{f.path}</span>
              {f.current === f.solution && <span className="muted"> (same)</span>}
            </div>
          ))}
        </div>
      )}
      {file ? <FileDiff key={file.path} file={file} /> : <p className="muted">This exercise has no reference solution files.</p>}
    </Modal>
  );
}
