/** The screen after `index` in a playlist of `length` (0 for an empty or shrunken one). */
export function nextRotationIndex(index: number, length: number): number {
  if (length <= 0) return 0;
  return (index + 1) % length;
}

/** Keeps the index on the playlist after it changed under the wall. */
export function clampRotationIndex(index: number, length: number): number {
  if (length <= 0 || index < 0 || index >= length) return 0;
  return index;
}

/** Milliseconds a screen stays up: never less than 5 s, so a typo cannot strobe a TV. */
export function rotationMs(rotationSeconds: number): number {
  return Math.max(5, Number.isFinite(rotationSeconds) ? rotationSeconds : 20) * 1000;
}
