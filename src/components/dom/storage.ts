/** localStorage throws on access in some privacy modes; progress is a nicety, never a failure. */
export function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
