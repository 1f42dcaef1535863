/**
 * The toolchain indicator in the status bar and, behind it, the doctor's table: every component with its
 * status, version, path and the fix for what is missing.
 */
import { useCallback, useEffect, useState } from 'react';
import type { DoctorRow } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';

const STATUS_ICON: Record<DoctorRow['status'], string> = { ok: '✓', limited: '!', missing: '✗', broken: '✗', unsupported: '–' };

export function ToolchainIndicator() {
  const api = useApi();
  const [rows, setRows] = useState<DoctorRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  const check = useCallback(() => {
    setRows(null);
    api.call('toolchain.doctor', {}).then(
      (r) => {
        setRows(r.rows);
        setError(null);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [api]);

  useEffect(() => {
    let live = true;
    const load = (): void => {
      api.call('toolchain.doctor', {}).then(
        (r) => live && setRows(r.rows),
        (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
      );
    };
    load();
    // Once the course environment is installed (first run), the table has changed: check again.
    const off = api.on('toolchain.state', (state) => {
      if (state.state === 'ready') load();
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const problems = rows?.filter((r) => r.status === 'missing' || r.status === 'broken' || r.status === 'limited').length ?? 0;
  const label = error ? 'Toolchain: check failed' : !rows ? 'Toolchain: checking…' : problems ? `Toolchain: ${problems} to fix` : 'Toolchain ✓';

  return (
    <>
      <button className={`status-button${problems || error ? ' warn' : ''}`} onClick={() => setOpen(true)} data-testid="toolchain-indicator">
        {label}
      </button>
      {open && (
        <div className="modal-backdrop" onClick={() => setOpen(false)}>
          <div className="modal" role="dialog" aria-label="Toolchain doctor" onClick={(e) => e.stopPropagation()}>
            <div className="modal-header">
              <h2>Toolchain</h2>
              <button className="link-button" onClick={check}>
                Check again
              </button>
              <button className="icon-button" aria-label="Close" onClick={() => setOpen(false)}>
                ×
              </button>
            </div>
            {error && <p className="notice error">{error}</p>}
            {!rows && !error && <p className="muted">Checking interpreters and compilers…</p>}
            {rows && (
              <table className="doctor-table" data-testid="doctor-table">
                <thead>
                  <tr>
                    <th>Component</th>
                    <th>Status</th>
                    <th>Version</th>
                    <th>Path</th>
                    <th>Fix</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.component} className={`status-${row.status}`} title={row.detail}>
                      <td>{row.component}</td>
                      <td>
                        {STATUS_ICON[row.status]} {row.status}
                      </td>
                      <td>{row.version ?? ''}</td>
                      <td>
                        <code>{row.path ?? ''}</code>
                      </td>
                      <td>
                        {row.fix ?? ''}
                        {row.component.endsWith('compiler') && (row.status === 'missing' || row.status === 'broken') && (
                          // The progress (download, cache warm-up) shows in the status bar like the environment's.
                          <button className="link-button" onClick={() => void api.call('toolchain.installCompiler', {}).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))}>
                            Install zig
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      )}
    </>
  );
}
