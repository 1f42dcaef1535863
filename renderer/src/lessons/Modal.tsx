/**
 * A modal dialog and a confirmation built on it. Rendered into <body> through a portal: the lesson pane's
 * resizable panel clips its overflow, and a dialog must cover the whole window.
 */
import { useEffect, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface ModalProps {
  label: string;
  onClose: () => void;
  className?: string;
  testId?: string;
  children: ReactNode;
}

export function Modal({ label, onClose, className, testId, children }: ModalProps) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return createPortal(
    <div className="modal-backdrop" onClick={onClose}>
      <div className={`modal${className ? ` ${className}` : ''}`} role="dialog" aria-modal="true" aria-label={label} data-testid={testId} onClick={(e) => e.stopPropagation()}>
        {children}
      </div>
    </div>,
    document.body,
  );
}

interface ConfirmProps {
  title: string;
  confirmLabel: string;
  confirmTestId: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** Styles the confirm button as a warning (the action replaces the student's files). */
  danger?: boolean;
  children: ReactNode;
}

export function ConfirmDialog({ title, confirmLabel, confirmTestId, onConfirm, onCancel, danger, children }: ConfirmProps) {
  return (
    <Modal label={title} onClose={onCancel} className="confirm-dialog">
      <div className="modal-header">
        <h2>{title}</h2>
      </div>
      <div className="confirm-body">{children}</div>
      <div className="dialog-buttons">
        {/* Cancel takes the focus, so Enter on a dialog opened by mistake does nothing harmful. */}
        <button className="secondary-button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button className={danger ? 'danger-button' : 'primary-button'} onClick={onConfirm} data-testid={confirmTestId}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
