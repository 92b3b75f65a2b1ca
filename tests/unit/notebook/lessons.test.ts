import { describe, expect, it } from 'vitest';
import { courseLength, neighbours, orderLessons, slugFromFileName } from '../../../src/lib/notebook/lessons';

const lesson = (slug: string, number: number) => ({ slug, number, title: slug });

describe('orderLessons', () => {
  it('orders by the front-matter number, not by file name', () => {
    const ordered = orderLessons([lesson('b-training', 4), lesson('z-data', 1), lesson('a-cnn', 3)]);
    expect(ordered.map((l) => l.slug)).toEqual(['z-data', 'a-cnn', 'b-training']);
  });

  it('refuses two lessons with the same number, naming both', () => {
    expect(() => orderLessons([lesson('one', 1), lesson('uno', 1)])).toThrow(/"one" and "uno" both have number 1/);
  });
});

describe('neighbours', () => {
  const course = orderLessons([lesson('a', 1), lesson('b', 2), lesson('c', 3)]);

  it('gives the previous and next lesson', () => {
    const { previous, next } = neighbours(course, 'b');
    expect(previous?.slug).toBe('a');
    expect(next?.slug).toBe('c');
  });

  it('has no previous for the first lesson and no next for the last', () => {
    expect(neighbours(course, 'a').previous).toBeUndefined();
    expect(neighbours(course, 'c').next).toBeUndefined();
  });

  it('throws for an unknown lesson', () => {
    expect(() => neighbours(course, 'x')).toThrow(/No lesson "x"/);
  });
});

describe('slugFromFileName', () => {
  it('drops the ordering prefix and the extension', () => {
    expect(slugFromFileName('01-meet-the-data.mdx')).toBe('meet-the-data');
    expect(slugFromFileName('part-2/07_Draw-and-predict.md')).toBe('draw-and-predict');
    expect(slugFromFileName('extra.mdx')).toBe('extra');
  });

  it('counts the course by its highest lesson number, so lessons still to be written are counted', () => {
    const lesson = (number: number) => ({ slug: `l${number}`, number, title: `Lesson ${number}` });
    expect(courseLength([lesson(1), lesson(3), lesson(4), lesson(7)])).toBe(7);
    expect(courseLength([lesson(2), lesson(1)])).toBe(2);
    expect(courseLength([])).toBe(0);
  });
});
