/**
 * The pen samples of the held-out writers as UNIPEN text again: the compact file lesson 5
 * downloads (public/data/pendigits/writers-21-30.unipen.gz), read back by parseUnipen.
 * Only what parseUnipen reads is written: the label, the writer and the strokes, with y
 * flipped back to the tablet's upward axis.
 */
import { UNIPEN_BOX_SIZE, type PenDigit } from './unipen';

/** Where the site serves the held-out writers' samples (for withBase). */
export const HELD_OUT_PEN_ASSET = 'data/pendigits/writers-21-30.unipen.gz';

export function heldOutUnipenText(samples: readonly PenDigit[]): string {
  const lines: string[] = [];
  samples.forEach((sample, index) => {
    lines.push(`.SEGMENT DIGIT ${index} ? "${sample.label}"`, `.COMMENT ${sample.label} ${sample.writer} ${index}`);
    for (const stroke of sample.strokes) {
      lines.push('.PEN_DOWN');
      for (const { x, y } of stroke) lines.push(`${x} ${UNIPEN_BOX_SIZE - y}`);
      lines.push('.PEN_UP');
    }
  });
  return lines.join('\n') + '\n';
}
