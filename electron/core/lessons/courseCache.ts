/**
 * The loaded course, kept until a file under lessons/ changes. Loading validates every lesson and exercise
 * (~40-90 ms for weeks 1-3), too slow to repeat on every check; a lecturer editing a lesson still sees the
 * change at once, because any change under the folder drops the cached copy. Where the folder cannot be
 * watched (too many watches, an unsupported filesystem), the copy is kept for a second only.
 */
import { watch, type FSWatcher } from 'node:fs';
import { loadCourse, type Course } from './course.js';

const UNWATCHED_TTL_MS = 1_000;

export class CourseCache {
  private cached: { course: Promise<Course>; at: number } | null = null;
  private watcher: FSWatcher | null = null;

  constructor(private readonly lessonsDir: string) {
    try {
      this.watcher = watch(lessonsDir, { recursive: true }, () => (this.cached = null));
      this.watcher.on('error', () => this.stopWatching());
      this.watcher.unref();
    } catch {
      this.watcher = null;
    }
  }

  get(): Promise<Course> {
    const fresh = this.cached && (this.watcher || Date.now() - this.cached.at < UNWATCHED_TTL_MS);
    if (!fresh) {
      const course = loadCourse(this.lessonsDir);
      this.cached = { course, at: Date.now() };
      // A failed load is not kept: the next call tries again.
      course.catch(() => (this.cached = null));
    }
    return this.cached!.course;
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = null;
    this.cached = null;
  }

  dispose(): void {
    this.stopWatching();
  }
}
