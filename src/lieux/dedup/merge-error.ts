// Owns the error a merge, an undo or a confirmation raises when it cannot be done; its message is
// in French, for the operator who asked.
export class MergeError extends Error {
  override name = 'MergeError';
}
