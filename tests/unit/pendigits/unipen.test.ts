import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inkBounds } from '../../../src/lib/preprocess/strokes';
import { parseUnipen, UnipenError, UNIPEN_BOX_SIZE } from '../../../src/lib/pendigits/unipen';
import { loadPenDigits, PENDIGITS_PATH } from './pendigits-file';

const TWO_SAMPLES = `.INCLUDE        dene.doc
.LEXICON "0" "1"
.HIERARCHY      DIGIT

.SEGMENT DIGIT    0 ? "1"
.COMMENT 1 12  224
.PEN_DOWN
 100  400
 100  100
.PEN_UP
.DT 100

.SEGMENT DIGIT    1-2 ? "4"
.COMMENT 4 3  17
.PEN_DOWN
 10  20
.PEN_UP
.DT 100
.PEN_DOWN
 30  40
 -5  500
.PEN_UP
`;

describe('parseUnipen', () => {
  it('reads each sample with its label, writer and strokes, flipping y to point down', () => {
    expect(parseUnipen(TWO_SAMPLES)).toEqual([
      { label: 1, writer: 12, strokes: [[{ x: 100, y: 100 }, { x: 100, y: 400 }]] },
      {
        label: 4,
        writer: 3,
        strokes: [[{ x: 10, y: 480 }], [{ x: 30, y: 460 }, { x: -5, y: 0 }]],
      },
    ]);
  });

  it('reads Windows line endings the same', () => {
    expect(parseUnipen(TWO_SAMPLES.replace(/\n/g, '\r\n'))).toEqual(parseUnipen(TWO_SAMPLES));
  });

  it('reads a file without samples as none', () => {
    expect(parseUnipen('')).toEqual([]);
    expect(parseUnipen('.INCLUDE dene.doc\n.HIERARCHY DIGIT\n')).toEqual([]);
  });

  it('names the line of anything it cannot read', () => {
    const sample = (body: string) => `.SEGMENT DIGIT 0 ? "7"\n.COMMENT 7 1 1\n${body}`;
    expect(() => parseUnipen(sample(' 1 2\n'))).toThrow(/Line 3: coordinates outside \.PEN_DOWN/);
    expect(() => parseUnipen(sample('.PEN_DOWN\n 1 x\n.PEN_UP\n'))).toThrow(/Line 4: expected "x y" integers/);
    expect(() => parseUnipen(sample('.PEN_DOWN\n 1 2\n'))).toThrow(/no \.PEN_UP/);
    expect(() => parseUnipen(sample('.PEN_UP\n'))).toThrow(/Line 3: \.PEN_UP without \.PEN_DOWN/);
    expect(() => parseUnipen(sample('.PEN_DOWN\n.PEN_DOWN\n'))).toThrow(/Line 4: \.PEN_DOWN inside a stroke/);
    expect(() => parseUnipen('.SEGMENT DIGIT 0 ? "7"\n.PEN_DOWN\n 1 2\n.PEN_UP\n')).toThrow(/no \.COMMENT/);
    expect(() => parseUnipen('.SEGMENT DIGIT 0 ? "7"\n.COMMENT 3 1 1\n')).toThrow(/Line 2: the digit differs/);
    expect(() => parseUnipen('.SEGMENT WORD 0 ? "seven"\n')).toThrow(UnipenError);
  });
});

describe('pendigits-orig.tra', () => {
  const digits = loadPenDigits();

  it('is the file the README describes', () => {
    const sha256 = createHash('sha256').update(readFileSync(PENDIGITS_PATH)).digest('hex');
    expect(sha256).toBe('a66225d68d7d68591e62944df1ad33b3f5aa608e2df2505844b41f5568a80da4');
  });

  it('holds 7,494 samples by writers 1 to 30, of every digit', () => {
    expect(digits.length).toBe(7494);
    expect([...new Set(digits.map((d) => d.writer))].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    const perDigit = new Array<number>(10).fill(0);
    for (const { label } of digits) perDigit[label]! += 1;
    expect(perDigit).toEqual([780, 779, 780, 719, 780, 720, 720, 778, 719, 719]);
    expect(digits.reduce((strokes, d) => strokes + d.strokes.length, 0)).toBe(9433);
  });

  it('starts with writer 12\'s 8, its first point flipped to screen coordinates', () => {
    const first = digits[0]!;
    expect([first.label, first.writer]).toEqual([8, 12]);
    expect(first.strokes[0]![0]).toEqual({ x: 267, y: UNIPEN_BOX_SIZE - 333 });
  });

  it('keeps every point inside the writing box, and has no empty stroke', () => {
    const all = inkBounds(digits.flatMap((d) => d.strokes))!;
    expect(all.minX).toBeGreaterThanOrEqual(0);
    expect(all.minY).toBeGreaterThanOrEqual(0);
    expect(all.maxX).toBeLessThanOrEqual(UNIPEN_BOX_SIZE);
    expect(all.maxY).toBeLessThanOrEqual(UNIPEN_BOX_SIZE);
    expect(digits.filter((d) => d.strokes.some((stroke) => stroke.length === 0)).length).toBe(0);
  });
});
