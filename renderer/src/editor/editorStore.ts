/**
 * The open files of the editor: one Monaco model per file, the tab order, the active tab and which files
 * have unsaved changes. Plain TypeScript with a subscribe/snapshot pair, so React reads it through
 * useSyncExternalStore and Monaco owns the text.
 */
import type { ApiClient } from '../../../electron/core/api';
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
}

export class EditorStore {
  private files: OpenFile[] = [];
  private active: string | null = null;
  private snapshot: EditorSnapshot = { tabs: [], active: null };
  private readonly listeners = new Set<() => void>();

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
          subscription: model.onDidChangeContent(() => this.changed()),
        };
        this.files.push(file);
      }
    }
    this.active = path;
    this.changed();
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
    return true;
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
  }

  closeAll(): void {
    for (const file of [...this.files]) this.close(file.path);
  }
}
