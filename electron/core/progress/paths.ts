/**
 * Where progress, workspaces and backups live in the data folder. The workspace layout mirrors
 * `services.ts` (`<dataDir>/workspaces/<courseId>/<lessonId>/<exerciseId>`); backups sit in a parallel tree
 * so resetting or deleting a workspace never touches them.
 */
import path from 'node:path';
import { ApiError } from '../errors.js';
import { isPlainName } from './fsTree.js';

export function progressFile(dataDir: string): string {
  return path.join(dataDir, 'progress', 'progress.json');
}

function plainIds(ids: string[]): string[] {
  for (const id of ids) {
    // Ids come from folder names and front matter; a `..` must never walk out of the data folder.
    if (!isPlainName(id)) throw new ApiError('bad_request', `"${id}" is not a valid course, lesson or exercise id`);
  }
  return ids;
}

export function exerciseWorkspaceDir(dataDir: string, courseId: string, lessonId: string, exerciseId: string): string {
  return path.join(dataDir, 'workspaces', ...plainIds([courseId, lessonId, exerciseId]));
}

export function exerciseBackupsDir(dataDir: string, courseId: string, lessonId: string, exerciseId: string): string {
  return path.join(dataDir, 'backups', ...plainIds([courseId, lessonId, exerciseId]));
}
