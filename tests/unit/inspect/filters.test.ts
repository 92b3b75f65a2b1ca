import { describe, expect, it } from 'vitest';
import { divergingColour, greyPixels, isInked, kernelPixels, kernelsFromValues } from '../../../src/lib/inspect/filters';

describe('filters drawn from known weights', () => {
  // A 2×2 kernel, 1 input channel, 2 filters; layout [h, w, in, out].
  const values = Float32Array.from([1, -2, 0, 0.5, -1, 2, 0.25, 0]);
  const kernels = kernelsFromValues('conv1', values, [2, 2, 1, 2]);

  it('reads each filter’s kernel out of [height, width, in, out]', () => {
    expect(kernels.size).toEqual([2, 2]);
    expect(kernels.outChannels).toBe(2);
    expect([...kernels.kernel(0, 0)]).toEqual([1, 0, -1, 0.25]);
    expect([...kernels.kernel(1, 0)]).toEqual([-2, 0.5, 2, 0]);
    expect(kernels.maxAbs).toBe(2);
  });

  it('colours them blue (negative), white (zero) and red (positive), symmetric around zero', () => {
    expect(divergingColour(0, 2)).toEqual([255, 255, 255]);
    expect(divergingColour(2, 2)).toEqual([178, 24, 43]);
    expect(divergingColour(-2, 2)).toEqual([33, 102, 172]);
    expect(divergingColour(-5, 2)).toEqual([33, 102, 172]);
    const pixels = kernelPixels(kernels.kernel(1, 0), kernels.maxAbs);
    expect([...pixels.slice(0, 4)]).toEqual([33, 102, 172, 255]); // −2: full blue
    expect([...pixels.slice(8, 12)]).toEqual([178, 24, 43, 255]); // +2: full red
    expect([...pixels.slice(12, 16)]).toEqual([255, 255, 255, 255]); // 0: white
  });

  it('refuses a kernel of the wrong shape', () => {
    expect(() => kernelsFromValues('x', new Float32Array(3), [2, 2, 1, 1])).toThrow(/height, width, in, out/);
  });
});

describe('greyPixels and isInked (what a canvas shows, known before it is painted)', () => {
  it('paints 0 and below black and max white, and tells a picture from a blank', () => {
    const pixels = greyPixels(Float32Array.from([-1, 0, 0.5, 1]), 1);
    expect([...pixels]).toEqual([0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    expect(isInked(pixels)).toBe(true);
    expect(isInked(greyPixels(new Float32Array(9), 1))).toBe(false); // all black
    expect(isInked(greyPixels(Float32Array.from([2, 2]), 0))).toBe(false); // no scale: black
    expect(isInked(kernelPixels(Float32Array.from([0, 0, 0]), 1))).toBe(false); // all white
    expect(isInked(kernelPixels(Float32Array.from([0, 0.5, 0]), 1))).toBe(true);
  });
});
