import { describe, expect, it } from 'vitest';
import { COURSE_PLAN, courseLength, courseOutline, neighbours, orderLessons, slugFromFileName } from '../../../src/lib/notebook/lessons';

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

describe('courseOutline', () => {
  const written = [lesson('draw-and-predict', 7), lesson('meet-the-data', 1), lesson('preprocessing', 2), lesson('training', 4), lesson('building-the-cnn', 3)];

  it('plans eight lessons, numbered 1 to 8 in order', () => {
    expect(COURSE_PLAN.map((planned) => planned.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(courseLength(COURSE_PLAN)).toBe(8);
  });

  it('lists every planned lesson in order, the unwritten ones as coming', () => {
    const outline = courseOutline(COURSE_PLAN, written);
    expect(outline.map((entry) => entry.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(outline.map((entry) => entry.written)).toEqual([true, true, true, true, false, false, true, false]);
    expect(outline[4]!.title).toBe('How good is it?');
    expect(outline[1]!.written && outline[1]!.lesson.slug).toBe('preprocessing');
  });

  it('marks nothing coming once every lesson is written, and takes the written title', () => {
    const all = [...written, { slug: 'evaluation', number: 5, title: 'How good is it, really?' }, lesson('inside', 6), lesson('make-it-yours', 8)];
    const outline = courseOutline(COURSE_PLAN, all);
    expect(outline.every((entry) => entry.written)).toBe(true);
    expect(outline[4]!.title).toBe('How good is it, really?');
  });

  it('lists a lesson numbered beyond the plan rather than dropping it', () => {
    const outline = courseOutline(COURSE_PLAN, [lesson('bonus', 9)]);
    expect(outline.map((entry) => entry.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(courseLength([...COURSE_PLAN, lesson('bonus', 9)])).toBe(9);
  });

  it('links neighbours across a gap: lesson 4’s next is lesson 7 while 5 and 6 are coming', () => {
    const ordered = orderLessons(written);
    expect(neighbours(ordered, 'training').next?.slug).toBe('draw-and-predict');
    expect(neighbours(ordered, 'preprocessing').previous?.slug).toBe('meet-the-data');
    expect(neighbours(ordered, 'preprocessing').next?.slug).toBe('building-the-cnn');
  });
});
