/**
 * "Download my notebook": the lesson's code cells with the student's code and outputs as one
 * HTML file that opens anywhere (styles inline, images already embedded by the page as data
 * URLs, no script), with the edits inside it as JSON so the same file loads back into the lesson.
 */
import { parseEdits, type LessonEdits } from './edits';

export interface ExportedCell {
  id: string;
  title: string;
  code: string;
  edited: boolean;
  /** The output area's HTML as the page serialised it (canvases already turned into <img>). */
  outputHtml: string;
}

export interface NotebookExport {
  lessonTitle: string;
  lesson: string;
  exportedAt: string;
  cells: ExportedCell[];
  edits: LessonEdits;
}

/** The id of the script element holding the edits in an exported file. */
export const EDITS_ELEMENT_ID = 'digit-lab-edits';

export function notebookHtml(notebook: NotebookExport): string {
  const cells = notebook.cells
    .map(
      (cell) => `<section class="cell" data-cell-id="${escapeHtml(cell.id)}">
<h2>${escapeHtml(cell.title)}${cell.edited ? ' <small>(edited)</small>' : ''}</h2>
<pre class="code"><code>${escapeHtml(cell.code)}</code></pre>
<div class="output">${cell.outputHtml}</div>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(notebook.lessonTitle)} · my Digit Lab notebook</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
.cell { border: 1px solid #c9d1d9; border-radius: 6px; margin: 1.5rem 0; padding: 0 1rem 1rem; }
.code { background: #f6f8fa; padding: 0.75rem; overflow: auto; font-size: 0.85rem; }
.output img { image-rendering: pixelated; width: 84px; height: 84px; margin: 2px; }
.output table { border-collapse: collapse; } .output td, .output th { border: 1px solid #c9d1d9; padding: 0.2rem 0.5rem; }
</style>
</head>
<body>
<h1>${escapeHtml(notebook.lessonTitle)}</h1>
<p>My code cells from Digit Lab, saved ${escapeHtml(notebook.exportedAt)}. Load this file into the lesson again (“Load edits”) to get the code back.</p>
${cells}
<script type="application/json" id="${EDITS_ELEMENT_ID}">${jsonForScript(notebook.edits)}</script>
</body>
</html>
`;
}

export function editsJson(edits: LessonEdits): string {
  return `${JSON.stringify(edits, null, 2)}\n`;
}

/** Edits from a file the student chose: the JSON, or a notebook HTML this module wrote. */
export function readEditsFile(text: string, lesson: string): LessonEdits | { problem: string } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return parseEdits(text, lesson);
  const match = new RegExp(`<script type="application/json" id="${EDITS_ELEMENT_ID}">([\\s\\S]*?)</script>`).exec(text);
  if (!match) return { problem: 'it is neither an edits file nor a notebook downloaded from Digit Lab' };
  return parseEdits(match[1]!, lesson);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that cannot end the <script> it sits in: every `<` is escaped. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
