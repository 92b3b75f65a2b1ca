/**
 * The samples as files (src/lib/samples/sample-files.ts): export as IDX, a PNG sprite with
 * its labels, or the strokes, as download links; import any of them back. A file that cannot be
 * read gets its sentence, and the samples already kept are untouched.
 */
import { toMnistInput } from '../../lib/preprocess/mnist-input';
import type { Drawing } from '../../lib/preprocess/strokes';
import { pixelsToBytes } from '../../lib/samples/sample';
import { samplesToIdx, samplesToSprite, samplesToStrokesJson } from '../../lib/samples/sample-files';
import { importSampleFiles } from '../../lib/samples/sample-import';
import type { SampleCollection } from '../../lib/samples/sample-collection';

const render = (strokes: Drawing) => pixelsToBytes(toMnistInput(strokes).pixels);

export function startSampleFiles(root: HTMLElement, collection: SampleCollection): void {
  const links = root.querySelector<HTMLElement>('[data-testid="export-links"]')!;
  const input = root.querySelector<HTMLInputElement>('[data-testid="samples-import"]')!;
  const status = root.querySelector<HTMLElement>('[data-testid="samples-import-status"]')!;

  const offer = (files: [string, BlobPart, string][]) => {
    links.replaceChildren(
      ...files.map(([name, part, type]) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([part], { type }));
        link.download = name;
        link.textContent = `Download ${name}`;
        link.dataset.testid = 'export-link';
        item.append(link);
        return item;
      }),
    );
  };
  /** `make` gives the files, or a sentence when there is nothing of that kind to export. */
  const exporting = (make: () => Promise<[string, BlobPart, string][] | string> | [string, BlobPart, string][] | string) => async () => {
    const files = collection.samples.length === 0 ? 'There are no samples to export yet: collect some first.' : await make();
    if (typeof files === 'string') {
      status.textContent = files;
      links.replaceChildren();
      return;
    }
    offer(files);
    status.textContent = '';
  };

  root.querySelector('[data-testid="export-idx"]')!.addEventListener('click', exporting(() => {
    const { images, labels } = samplesToIdx(collection.samples);
    return [['my-digits-images-idx3-ubyte', new Uint8Array(images), 'application/octet-stream'], ['my-digits-labels-idx1-ubyte', new Uint8Array(labels), 'application/octet-stream']];
  }));
  root.querySelector('[data-testid="export-sprite"]')!.addEventListener('click', exporting(async () => {
    const { png, labels } = await samplesToSprite(collection.samples);
    return [['my-digits.png', new Uint8Array(png), 'image/png'], ['my-digits-labels.json', labels, 'application/json']];
  }));
  root.querySelector('[data-testid="export-strokes"]')!.addEventListener('click', exporting(() => {
    const drawn = collection.samples.filter((sample) => sample.strokes.length > 0).length;
    if (drawn === 0) return 'None of your samples has strokes (they were imported as pixels): export them as IDX or a sprite.';
    return [['my-digits-strokes.json', samplesToStrokesJson(collection.samples), 'application/json']];
  }));

  input.addEventListener('change', async () => {
    const chosen = [...(input.files ?? [])];
    input.value = '';
    if (chosen.length === 0) return;
    status.textContent = 'Reading the files…';
    try {
      const files = await Promise.all(chosen.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
      const samples = await importSampleFiles(files, render);
      const problem = await collection.add(samples);
      status.textContent = `Imported ${samples.length} sample${samples.length === 1 ? '' : 's'}.${problem ? ` ${problem}` : ''}`;
    } catch (error) {
      status.textContent = `${error instanceof Error ? error.message : String(error)} Your samples are as they were.`;
    }
  });
}
