/**
 * The page side of "download my notebook" and "load edits": turns each cell's output into
 * HTML that stands alone (canvases become PNG data URLs, buttons are dropped), hands the
 * files to the browser as downloads, and reads a chosen file back. Nothing is uploaded.
 */
import type { LessonEdits } from '../../lib/notebook/code/edits';
import { editsJson, notebookHtml, readEditsFile } from '../../lib/notebook/code/export';
import type { CodeCellView } from './code-notebook';

export function downloadNotebook(lessonTitle: string, lesson: string, cells: CodeCellView[], edits: LessonEdits): void {
  const html = notebookHtml({
    lessonTitle,
    lesson,
    exportedAt: new Date().toLocaleString(),
    edits,
    cells: cells.map((cell) => ({
      id: cell.id,
      title: cell.title,
      code: cell.editor.code(),
      edited: cell.editor.code() !== cell.starter,
      outputHtml: standaloneHtml(cell.output),
    })),
  });
  offerDownload(new Blob([html], { type: 'text/html' }), `digit-lab-${lesson}-notebook.html`);
}

export function downloadEdits(lesson: string, edits: LessonEdits): void {
  offerDownload(new Blob([editsJson(edits)], { type: 'application/json' }), `digit-lab-${lesson}-edits.json`);
}

export async function readChosenEdits(file: File, lesson: string): Promise<LessonEdits | { problem: string }> {
  return readEditsFile(await file.text(), lesson);
}

/** The output's HTML with every canvas as an <img> of its pixels, and no controls. */
function standaloneHtml(output: HTMLElement): string {
  const copy = output.cloneNode(true) as HTMLElement;
  const originals = output.querySelectorAll('canvas');
  copy.querySelectorAll('canvas').forEach((canvas, index) => {
    const image = document.createElement('img');
    image.src = originals[index]!.toDataURL('image/png');
    image.alt = canvas.getAttribute('aria-label') ?? 'an image the cell drew';
    image.className = canvas.className;
    canvas.replaceWith(image);
  });
  copy.querySelectorAll('button, input, select, script').forEach((control) => control.remove());
  return copy.innerHTML;
}

function offerDownload(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
