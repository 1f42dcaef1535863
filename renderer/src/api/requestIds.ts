/** Ids for requests the renderer can cancel later (checks, builds, runs). */

let counter = 0;

/** Letters, digits and "-" only, as the API's id schema asks; unique within this page. */
export function newRequestId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
