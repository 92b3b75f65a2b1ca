/**
 * The UNIPEN text of the UCI "Pen-Based Recognition of Handwritten Digits" data
 * (pendigits-orig.tra, Alpaydin & Alimoglu 1998, CC BY 4.0) → labelled drawings.
 *
 * The file is a list of directives, one a line:
 *   .SEGMENT DIGIT <n> ? "<label>"   starts a sample (<n> numbers its strokes in the
 *                                    session: "6-7" when the digit took two strokes)
 *   .COMMENT <label> <writer> <n>    names its writer (1–30)
 *   .PEN_DOWN, then "x y" lines, then .PEN_UP   one stroke
 * Other directives (.DT, .LEXICON, …) carry nothing we use. Tablet coordinates lie in a
 * 500 × 500 writing box with y pointing up; we flip y for screen coordinates. The size
 * and place of each digit are kept as the writer chose them: that variety is what a real
 * user brings to a drawing pad, and toMnistInput is what removes it.
 */
import type { Drawing, Stroke } from '../preprocess/strokes';

/** Side of the tablet's writing box, in tablet units. */
export const UNIPEN_BOX_SIZE = 500;

export interface PenDigit {
  /** The digit written, 0–9. */
  label: number;
  /** Who wrote it, 1–30 (the second number of the sample's .COMMENT line). */
  writer: number;
  /** Screen coordinates (y down) inside the 500 × 500 box. */
  strokes: Drawing;
}

export class UnipenError extends Error {
  override name = 'UnipenError';
}

const SEGMENT = /^\.SEGMENT\s+DIGIT\s+\d+(?:-\d+)?\s+\S+\s+"(\d)"\s*$/;
const COMMENT = /^\.COMMENT\s+(\d)\s+(\d+)\b/;
const COORDINATES = /^\s*(-?\d+)\s+(-?\d+)\s*$/;

interface SampleInProgress {
  label: number;
  writer: number | null;
  strokes: Drawing;
  line: number;
}

/** Every sample of a UNIPEN digits file, in file order. Throws UnipenError naming the line of anything it cannot read. */
export function parseUnipen(text: string): PenDigit[] {
  const digits: PenDigit[] = [];
  let sample: SampleInProgress | null = null;
  let stroke: Stroke | null = null;

  const finishSample = (): void => {
    if (sample === null) return;
    if (stroke !== null) throw new UnipenError(`Line ${sample.line}: sample ends inside a stroke (no .PEN_UP)`);
    if (sample.writer === null) throw new UnipenError(`Line ${sample.line}: sample has no .COMMENT naming its writer`);
    digits.push({ label: sample.label, writer: sample.writer, strokes: sample.strokes });
  };

  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const unreadable = (problem: string): UnipenError =>
      new UnipenError(`Line ${index + 1}: ${problem}: ${JSON.stringify(line)}`);
    if (line.trim() === '') continue;

    if (line.startsWith('.SEGMENT')) {
      finishSample();
      const match = SEGMENT.exec(line);
      if (match === null) throw unreadable('expected .SEGMENT DIGIT <n or n-m> ? "<digit>"');
      sample = { label: Number(match[1]), writer: null, strokes: [], line: index + 1 };
    } else if (line.startsWith('.COMMENT') && sample !== null) {
      const match = COMMENT.exec(line);
      if (match === null) throw unreadable('expected .COMMENT <digit> <writer> <n>');
      if (Number(match[1]) !== sample.label) throw unreadable(`the digit differs from the segment's "${sample.label}"`);
      sample.writer = Number(match[2]);
    } else if (line.startsWith('.PEN_DOWN')) {
      if (sample === null) throw unreadable('.PEN_DOWN before any .SEGMENT');
      if (stroke !== null) throw unreadable('.PEN_DOWN inside a stroke');
      stroke = [];
    } else if (line.startsWith('.PEN_UP')) {
      if (sample === null || stroke === null) throw unreadable('.PEN_UP without .PEN_DOWN');
      sample.strokes.push(stroke);
      stroke = null;
    } else if (!line.startsWith('.')) {
      const match = COORDINATES.exec(line);
      if (match === null) throw unreadable('expected "x y" integers');
      if (stroke === null) throw unreadable('coordinates outside .PEN_DOWN … .PEN_UP');
      stroke.push({ x: Number(match[1]), y: UNIPEN_BOX_SIZE - Number(match[2]) });
    }
  }
  finishSample();
  return digits;
}
