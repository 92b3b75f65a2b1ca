/**
 * Which files the student chose, and what they hold: two IDX files (images and labels, told
 * apart by the number of dimensions in their magic number, not by their names), a PNG sprite
 * with its labels JSON, or a strokes JSON. One sentence when the files do not make one of
 * these; nothing is imported until all of them are read.
 */
import type { Drawing } from '../preprocess/strokes';
import type { DigitSample } from './sample';
import { SampleFileError, samplesFromIdx, samplesFromSprite, samplesFromStrokesJson } from './sample-files';

export interface ChosenFile {
  name: string;
  bytes: Uint8Array;
}

const PNG_START = [137, 80, 78, 71];
const isPng = (bytes: Uint8Array) => PNG_START.every((value, i) => bytes[i] === value);
/** IDX: two zero bytes, type 0x08, then 1 (labels) or 3 (images) dimensions. */
const idxDimensions = (bytes: Uint8Array) => (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x08 ? bytes[3]! : 0);

export async function importSampleFiles(files: readonly ChosenFile[], render: (strokes: Drawing) => Uint8Array, now = Date.now()): Promise<DigitSample[]> {
  if (files.length === 0) throw new SampleFileError('Choose the files to import.');
  const text = (file: ChosenFile) => new TextDecoder().decode(file.bytes);
  const json = files.filter((file) => file.bytes[0] === 0x7b || /\.json$/i.test(file.name));
  const png = files.filter((file) => isPng(file.bytes));
  const images = files.filter((file) => idxDimensions(file.bytes) === 3);
  const labels = files.filter((file) => idxDimensions(file.bytes) === 1);
  const known = json.length + png.length + images.length + labels.length;
  if (known < files.length) {
    const odd = files.find((file) => !json.includes(file) && !png.includes(file) && !images.includes(file) && !labels.includes(file))!;
    throw new SampleFileError(`“${odd.name}” is not an IDX file, a PNG or a JSON file, so nothing was imported.`);
  }
  if (images.length + labels.length > 0) {
    if (images.length !== 1 || labels.length !== 1 || files.length !== 2) {
      throw new SampleFileError('IDX digits come as two files chosen together: one images file (3 dimensions) and one labels file (1 dimension).');
    }
    return samplesFromIdx(images[0]!.bytes, labels[0]!.bytes, now);
  }
  if (png.length > 0) {
    if (png.length !== 1 || json.length !== 1 || files.length !== 2) throw new SampleFileError('A sprite comes as two files chosen together: the PNG and its labels JSON.');
    return samplesFromSprite(png[0]!.bytes, text(json[0]!), now);
  }
  if (json.length !== 1) throw new SampleFileError('Choose one strokes file, or a sprite PNG with its labels JSON, or two IDX files.');
  return samplesFromStrokesJson(text(json[0]!), render, now);
}
