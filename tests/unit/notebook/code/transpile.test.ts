import { describe, expect, it } from 'vitest';
import { compileCell, GUARD_NAME } from '../../../../src/lib/notebook/code/transpile';

function compiled(source: string) {
  const result = compileCell(source);
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('compileCell', () => {
  it('removes TypeScript types and keeps every line where it was', () => {
    const source = 'interface Point {\n  x: number;\n}\nconst p: Point = { x: 1 };\nenum Colour { Red, Green }\nthrow new Error(String(p.x));';
    const { code } = compiled(source);
    expect(code).not.toContain('interface');
    expect(code.split('\n')).toHaveLength(source.split('\n').length);
    expect(code.split('\n')[3]).toContain('const p');
    expect(code.split('\n')[5]).toContain('throw new Error');
  });

  it('allows await at the top level', () => {
    expect(compiled('const x = await Promise.resolve(1);').code).toContain('await Promise.resolve(1)');
  });

  it('lists top-level definitions, including destructured names, functions and classes, but not inner ones', () => {
    const { defines } = compiled('const a = 1;\nlet { b, c: [d, e = 2], ...f } = obj;\nfunction g() { const inner = 1; }\nclass H {}\nfor (let i = 0; i < 2; i++) {}');
    expect(defines).toEqual(['a', 'b', 'd', 'e', 'f', 'g', 'H']);
  });

  it('lists the names a cell uses from outside itself', () => {
    const { uses } = compiled('const model = buildModel(config);\nshow(model.layers.length);\nawait tf.nextFrame();');
    expect(uses).toEqual(expect.arrayContaining(['buildModel', 'config', 'show', 'tf']));
    expect(uses).not.toContain('model');
    expect(uses).not.toContain('layers');
    expect(uses).not.toContain('await');
  });

  it('puts a guard in every while and for loop, not in strings', () => {
    const { code } = compiled('while (true) {}\ndo { x++ } while (x < 3)\nfor (let i = 0; i < 3; i++) {}\nfor (;;) break;\nfor (const v of [1]) {}\nconst s = "while (true)";');
    expect(code).toContain(`while (${GUARD_NAME}() && (true))`);
    expect(code).toContain(`while (${GUARD_NAME}() && (x < 3))`);
    expect(code).toContain(`for (let i = 0; ${GUARD_NAME}() && ( i < 3); i++)`);
    expect(code).toContain(`for (; ${GUARD_NAME}();)`);
    expect(code).toContain(`for (const v of ${GUARD_NAME}.iterate( [1]))`);
    expect(code).toContain('"while (true)"');
    expect(code.split('\n')).toHaveLength(6);
  });

  it('reports a syntax error with its line', () => {
    const result = compileCell('const a = 1;\nconst b = (2;\nshow(b);');
    expect(result).toMatchObject({ ok: false, line: 2 });
    expect(result.ok === false && result.message).toMatch(/^Syntax error: /);
  });

  it('refuses import and export with a sentence and the line', () => {
    expect(compileCell('\nimport * as tf from "@tensorflow/tfjs";')).toMatchObject({ ok: false, line: 2, message: expect.stringContaining('cannot import') });
    expect(compileCell('export const a = 1;')).toMatchObject({ ok: false, line: 1, message: expect.stringContaining('cannot export') });
  });
});
