import { describe, expect, it } from 'vitest';
import { extractDeclaration } from '../../../src/lib/notebook/source';

const source = `import x from 'y';

/** Adds two numbers. */
export function add(a: number, b: number): number {
  return a + b;
}

export const TWO = 2;

export class Counter {
  count = 0;

  /** Counts one more. */
  increment(): number {
    return ++this.count;
  }
}
`;

describe('extractDeclaration', () => {
  it('returns a function with its doc comment', () => {
    expect(extractDeclaration(source, 'm.ts', 'add')).toBe(
      '/** Adds two numbers. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}',
    );
  });

  it('returns a const', () => {
    expect(extractDeclaration(source, 'm.ts', 'TWO')).toBe('export const TWO = 2;');
  });

  it('returns a class method, dedented', () => {
    expect(extractDeclaration(source, 'm.ts', 'Counter.increment')).toBe(
      '/** Counts one more. */\nincrement(): number {\n  return ++this.count;\n}',
    );
  });

  it('names what is missing', () => {
    expect(() => extractDeclaration(source, 'm.ts', 'subtract')).toThrow(/m.ts has no top-level declaration named "subtract"/);
    expect(() => extractDeclaration(source, 'm.ts', 'Counter.reset')).toThrow(/no member "reset"/);
    expect(() => extractDeclaration(source, 'm.ts', 'add.x')).toThrow(/not a class/);
  });
});
