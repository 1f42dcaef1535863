import type { ApiErrorBody, ErrorCode } from './api.js';

/** An error a service means to show the user: its message is safe and actionable, its code is typed. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** Turns a Node system error into an ApiError whose message names the path and what to do. */
export function ioError(err: unknown, what: string): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return new ApiError('not_found', `${what}: no such file or folder`);
    case 'EACCES':
    case 'EPERM':
      return new ApiError('io', `${what}: permission denied; check the folder's permissions`);
    case 'ENOSPC':
      return new ApiError('io', `${what}: the disk is full; free some space and save again (nothing was lost)`);
    case 'EISDIR':
      return new ApiError('io', `${what}: is a folder, not a file`);
    default:
      return new ApiError('io', `${what}: ${e?.message ?? String(err)}`);
  }
}
