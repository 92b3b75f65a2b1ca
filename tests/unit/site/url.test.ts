import { describe, expect, it } from 'vitest';
import { withBase } from '../../../src/lib/site/url';

describe('withBase', () => {
  it('joins a root base and a path', () => {
    expect(withBase('data/mnist/manifest.json', '/')).toBe('/data/mnist/manifest.json');
  });

  it('joins a sub-path base written with or without a trailing slash', () => {
    expect(withBase('lessons/meet-the-data/', '/course')).toBe('/course/lessons/meet-the-data/');
    expect(withBase('lessons/meet-the-data/', '/course/')).toBe('/course/lessons/meet-the-data/');
  });

  it('does not double the slash when the path starts with one', () => {
    expect(withBase('/data/x.gz', '/course/')).toBe('/course/data/x.gz');
    expect(withBase('', '/course/')).toBe('/course/');
  });

  it('leaves absolute URLs alone', () => {
    expect(withBase('https://example.org/a', '/course/')).toBe('https://example.org/a');
    expect(withBase('mailto:a@b.c', '/course/')).toBe('mailto:a@b.c');
  });
});
