import { describe, expect, it } from 'vitest';
import { withCellCode, emptyEdits } from '../../../../src/lib/notebook/code/edits';
import { editsJson, notebookHtml, readEditsFile } from '../../../../src/lib/notebook/code/export';

const edits = withCellCode(emptyEdits('meet-the-data'), 'ink', 'const s = "</script><b>";\nshow(s);', 'show(1);');
const notebook = {
  lessonTitle: 'Meet the data',
  lesson: 'meet-the-data',
  exportedAt: '2026-12-01 20:00',
  edits,
  cells: [{ id: 'ink', title: 'Average ink <per> digit', code: edits.cells.ink!, edited: true, outputHtml: '<img alt="digit" src="data:image/png;base64,AAAA">' }],
};

describe('notebook export', () => {
  it('writes one self-contained HTML file with the code escaped and the outputs embedded', () => {
    const html = notebookHtml(notebook);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>Meet the data · my Digit Lab notebook</title>');
    expect(html).toContain('Average ink &lt;per&gt; digit <small>(edited)</small>');
    expect(html).toContain('const s = &quot;&lt;/script&gt;&lt;b&gt;&quot;;');
    expect(html).toContain('src="data:image/png;base64,AAAA"');
    expect(html).not.toMatch(/<script(?! type="application\/json")/);
    expect(html).not.toMatch(/(src|href)="https?:/);
    // The student's "</script>" cannot end the embedded JSON early.
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it('loads the edits back from the HTML file and from the JSON file', () => {
    expect(readEditsFile(notebookHtml(notebook), 'meet-the-data')).toEqual(edits);
    expect(readEditsFile(editsJson(edits), 'meet-the-data')).toEqual(edits);
  });

  it('refuses a file from another lesson or that is not ours, with the reason', () => {
    expect(readEditsFile(editsJson(edits), 'training')).toEqual({ problem: 'it belongs to the lesson “meet-the-data”' });
    expect(readEditsFile('<html><body>hi</body></html>', 'meet-the-data')).toMatchObject({ problem: expect.stringContaining('neither') });
  });
});
