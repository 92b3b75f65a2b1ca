/**
 * What the pad does when a model will not load: which model to try next, and what to tell
 * the student. TF.js's own errors ("Failed to fetch", "byte length of Float32Array should
 * be a multiple of 4") say what broke inside the library, not what the student can do.
 */

/** The student asked for `wanted`: try it first, then every other model the picker offers, in its order. */
export function loadOrder(wanted: string, offered: readonly string[]): string[] {
  return [wanted, ...offered.filter((id) => id !== wanted)];
}

/** A model whose numbers came back as NaN or infinite: its weights are not what was trained. */
export class DamagedWeightsError extends Error {
  override name = 'DamagedWeightsError';
}

/**
 * One sentence the student can act on for an error thrown while loading a model. Errors
 * this site wrote itself (they end in a full stop and say what to do) pass through.
 */
export function loadProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DamagedWeightsError) return message;
  if (/failed to fetch|networkerror|load failed|network request failed/i.test(message)) {
    return 'Its files could not be downloaded: the network or the site did not answer. Check the connection, then choose it again to retry.';
  }
  const status = /failed with status code (\d+)/i.exec(message)?.[1];
  if (status) {
    return status === '404'
      ? 'Its files are not on the site (the server answered 404 "not found").'
      : `The site would not hand over its files (the server answered ${status}). Choose it again later to retry.`;
  }
  if (/failed to parse model json|unexpected token|json/i.test(message)) {
    return 'Its description (model.json) is damaged: it is not the JSON a model is made of.';
  }
  if (/tensor should have|byte length|multiple of|out of bounds|offset is outside|invalid typed array length/i.test(message)) {
    return 'Its weights file is damaged or incomplete: it does not hold the numbers the model needs.';
  }
  if (/[.!?]$/.test(message) && !/tensor|dtype|kernel|backend/i.test(message)) return message;
  return `TensorFlow.js could not load it (${truncate(message.replace(/[.!?]+$/, ''), 160)}).`;
}

/** At most `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** True when every number is finite: a model with damaged weights reads a blank pad as NaN. */
export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}
