/**
 * The figures lesson text quotes about a shipped model, read from its training-record.json
 * (public/models/<id>/), so the text says what the shipped files do and follows them when
 * the model is trained again. A record keeps its figures under `mnistPlusPen` (the default)
 * or `mnistOnly` (the MNIST-only model).
 */
export interface ShippedRunFigures {
  mnistTestAccuracy: number;
  heldOutPen: { samples: number; accuracy: number; perDigit: readonly number[] };
}

export interface ShippedFigures {
  /** MNIST's 10,000 test images, e.g. "99.49%". */
  mnistTest: string;
  /** Pen writers 21–30, e.g. "98.96%". */
  heldOutPen: string;
  /** The digit read worst on writers 21–30 and its figure, e.g. { digit: 9, accuracy: "97.1%" }. */
  weakestDigit: { digit: number; accuracy: string };
}

/** The figures of a record's own run: `mnistPlusPen` when it has one, else `mnistOnly`; a sentence when neither is whole. */
export function shippedFigures(record: unknown): ShippedFigures {
  const run = runOf(record);
  if (!run) throw new Error('The training record has no mnistPlusPen or mnistOnly figures with MNIST and pen accuracy and ten per-digit figures.');
  const { perDigit } = run.heldOutPen;
  let weakest = 0;
  perDigit.forEach((accuracy, digit) => {
    if (accuracy < perDigit[weakest]!) weakest = digit;
  });
  return {
    mnistTest: percent(run.mnistTestAccuracy, 2),
    heldOutPen: percent(run.heldOutPen.accuracy, 2),
    weakestDigit: { digit: weakest, accuracy: percent(perDigit[weakest]!, 1) },
  };
}

function runOf(record: unknown): ShippedRunFigures | null {
  if (typeof record !== 'object' || record === null) return null;
  const { mnistPlusPen, mnistOnly } = record as { mnistPlusPen?: unknown; mnistOnly?: unknown };
  for (const run of [mnistPlusPen, mnistOnly]) if (isRun(run)) return run;
  return null;
}

function isRun(run: unknown): run is ShippedRunFigures {
  if (typeof run !== 'object' || run === null) return false;
  const { mnistTestAccuracy, heldOutPen } = run as Partial<ShippedRunFigures>;
  const fraction = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 1;
  return (
    fraction(mnistTestAccuracy) &&
    typeof heldOutPen === 'object' &&
    heldOutPen !== null &&
    fraction(heldOutPen.accuracy) &&
    Array.isArray(heldOutPen.perDigit) &&
    heldOutPen.perDigit.length === 10 &&
    heldOutPen.perDigit.every(fraction)
  );
}

function percent(fraction: number, digits: number): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}
