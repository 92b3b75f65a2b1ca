import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawingPagePath } from '../../../scripts/lib/handwriting-replay';

function lessonsDir(files: string[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lessons-')), 'lessons');
  mkdirSync(dir);
  for (const file of files) writeFileSync(join(dir, file), '');
  return dir;
}

describe('drawingPagePath', () => {
  it("finds the drawing page's URL from lesson 7's file name", () => {
    expect(drawingPagePath(lessonsDir(['01-meet-the-data.mdx', '07-draw-and-predict.mdx']))).toBe('lessons/draw-and-predict/');
  });

  it('is the repository’s lesson 7', () => {
    expect(drawingPagePath()).toMatch(/^lessons\/[a-z0-9-]+\/$/);
  });

  it('says plainly when there is no lesson 7', () => {
    expect(() => drawingPagePath(lessonsDir(['01-meet-the-data.mdx', '17-later.mdx']))).toThrow(/There is no lesson 7 .* no drawing page/);
  });
});
