/**
 * One queue per key (a file or a folder): tasks for the same key run one after another, in call order.
 * Shared by every instance in the process, so two objects over the same file (a store made per request, a
 * second window) still never interleave a read-modify-write and lose an update.
 */

const tails = new Map<string, Promise<void>>();

export function runSerially<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  // `previous` never rejects (see `tail`), so a failed task never blocks or fails the ones behind it.
  const result = previous.then(task);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  // Forget idle keys, so a long session that touches many exercises does not keep one entry per exercise.
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}
