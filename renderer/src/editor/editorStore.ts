/**
 * The open files of the editor: one Monaco model per file, the tab order, the active tab and which files
 * have unsaved changes. Plain TypeScript with a subscribe/snapshot pair, so React reads it through
 * useSyncExternalStore and Monaco owns the text. It also keeps each source's diagnostics, so a file opened
 * after they arrived gets its markers too, a pending "go to line" that EditorArea carries out, and tells
 * whoever follows the text (the linter) when a file opens, changes or closes.
 */
import type { ApiClient } from '../../../electron/core/api';
import { markerRange, type Diagnostic } from './diagnostics';
import { languageForPath, monaco } from './monaco';

interface OpenFile {
  path: string;
  model: monaco.editor.ITextModel;
  savedVersion: number;
  viewState: monaco.editor.ICodeEditorViewState | null;
  subscription: monaco.IDisposable;
}

export interface TabInfo {
  path: string;
  dirty: boolean;
}

export interface EditorSnapshot {
  tabs: TabInfo[];
  active: string | null;
  /** Bumped by revealLine, so the editor view knows to move its cursor even when the file was already active. */
  revealSeq: number;
}

/** A file's text opened, changed or closed (the tab list's changes come through subscribe). */
export interface FileChange {
  path: string;
  kind: 'opened' | 'edited' | 'closed';
}

export interface RevealRequest {
  path: string;
  line: number;
  column?: number;
}

const SEVERITY: Record<Diagnostic['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

/** A diagnostic as a Monaco marker. */
function toMarker(model: monaco.editor.ITextModel, d: Diagnostic): monaco.editor.IMarkerData {
  return { severity: SEVERITY[d.severity], message: d.message, source: d.source, ...markerRange(d, model) };
}

export class EditorStore {
  private files: OpenFile[] = [];
  private active: string | null = null;
  private snapshot: EditorSnapshot = { tabs: [], active: null, revealSeq: 0 };
  private readonly listeners = new Set<() => void>();
  private readonly saveListeners = new Set<(path: string) => void>();
  private readonly fileListeners = new Set<(change: FileChange) => void>();
  /** Diagnostics per marker owner ("pyforge-checks", "pyforge-build", ...), for files open now or later. */
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  private reveal: RevealRequest | null = null;
  private revealSeq = 0;

  constructor(private readonly api: ApiClient) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): EditorSnapshot => this.snapshot;

  private changed(): void {
    this.snapshot = {
      tabs: this.files.map((f) => ({ path: f.path, dirty: f.model.getAlternativeVersionId() !== f.savedVersion })),
      active: this.active,
      revealSeq: this.revealSeq,
    };
    for (const listener of this.listeners) listener();
  }

  get activeModel(): monaco.editor.ITextModel | null {
    return this.find(this.active)?.model ?? null;
  }

  private find(path: string | null): OpenFile | undefined {
    return this.files.find((f) => f.path === path);
  }

  /** Opens (or focuses) a workspace file. */
  async open(path: string): Promise<void> {
    if (!this.find(path)) {
      const { content } = await this.api.call('workspace.read', { path });
      if (!this.find(path)) {
        const uri = monaco.Uri.from({ scheme: 'workspace', path: `/${path}` });
        monaco.editor.getModel(uri)?.dispose();
        const model = monaco.editor.createModel(content, languageForPath(path), uri);
        const file: OpenFile = {
          path,
          model,
          savedVersion: model.getAlternativeVersionId(),
          viewState: null,
          subscription: model.onDidChangeContent(() => {
            this.changed();
            this.fileChanged(path, 'edited');
          }),
        };
        this.files.push(file);
        for (const owner of this.diagnostics.keys()) this.applyMarkers(owner, file);
        this.active = path;
        this.changed();
        this.fileChanged(path, 'opened');
        return;
      }
    }
    this.active = path;
    this.changed();
  }

  /** Called when a file's text is opened, edited or closed. */
  onDidChangeFile(listener: (change: FileChange) => void): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  private fileChanged(path: string, kind: FileChange['kind']): void {
    for (const listener of this.fileListeners) listener({ path, kind });
  }

  /** An open file's current (unsaved) text and its version, which changes with every edit. */
  fileText(path: string): { version: number; text: string } | null {
    const file = this.find(path);
    return file ? { version: file.model.getVersionId(), text: file.model.getValue() } : null;
  }

  activate(path: string): void {
    if (this.find(path)) {
      this.active = path;
      this.changed();
    }
  }

  rememberViewState(path: string, state: monaco.editor.ICodeEditorViewState | null): void {
    const file = this.find(path);
    if (file) file.viewState = state;
  }

  viewState(path: string): monaco.editor.ICodeEditorViewState | null {
    return this.find(path)?.viewState ?? null;
  }

  isDirty(path: string): boolean {
    const file = this.find(path);
    return Boolean(file && file.model.getAlternativeVersionId() !== file.savedVersion);
  }

  /** Saves a file (the active one by default). The version is captured before the await, so typing during a save keeps the tab dirty. */
  async save(path: string | null = this.active): Promise<boolean> {
    const file = this.find(path);
    if (!file) return false;
    const version = file.model.getAlternativeVersionId();
    await this.api.call('workspace.write', { path: file.path, content: file.model.getValue() });
    file.savedVersion = version;
    this.changed();
    for (const listener of this.saveListeners) listener(file.path);
    return true;
  }

  /** Called after each file is written (a "save all" calls it once per file). */
  onDidSave(listener: (path: string) => void): () => void {
    this.saveListeners.add(listener);
    return () => this.saveListeners.delete(listener);
  }

  /** Opens a file and asks the editor view to put the cursor on a line (1-based) and scroll it into view. */
  async revealLine(path: string, line: number, column?: number): Promise<void> {
    await this.open(path);
    this.reveal = { path, line, ...(column ? { column } : {}) };
    this.revealSeq += 1;
    this.changed();
  }

  /** The pending reveal for the file the view shows now, handed over once. */
  takeReveal(path: string): RevealRequest | null {
    if (this.reveal?.path !== path) return null;
    const reveal = this.reveal;
    this.reveal = null;
    return reveal;
  }

  /** Replaces one owner's diagnostics: markers on the open files now, and on files opened later. */
  setDiagnostics(owner: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length === 0) this.diagnostics.delete(owner);
    else this.diagnostics.set(owner, diagnostics);
    // Clears the owner's markers everywhere, including on files closed since they were set.
    monaco.editor.removeAllMarkers(owner);
    for (const file of this.files) this.applyMarkers(owner, file);
  }

  private applyMarkers(owner: string, file: OpenFile): void {
    const mine = (this.diagnostics.get(owner) ?? []).filter((d) => d.file === file.path);
    monaco.editor.setModelMarkers(
      file.model,
      owner,
      mine.map((d) => toMarker(file.model, d)),
    );
  }

  async saveAll(): Promise<void> {
    for (const tab of this.snapshot.tabs) if (tab.dirty) await this.save(tab.path);
  }

  close(path: string): void {
    const index = this.files.findIndex((f) => f.path === path);
    const file = this.files[index];
    if (!file) return;
    file.subscription.dispose();
    file.model.dispose();
    this.files.splice(index, 1);
    if (this.active === path) this.active = this.files[Math.min(index, this.files.length - 1)]?.path ?? null;
    this.changed();
    this.fileChanged(path, 'closed');
  }

  closeAll(): void {
    for (const file of [...this.files]) this.close(file.path);
  }
}
