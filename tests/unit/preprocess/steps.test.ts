import { describe, expect, it } from 'vitest';
import { centreOfMass } from '../../../src/lib/preprocess/centre-of-mass';
import { MNIST_CENTRE_OF_MASS, toMnistInput } from '../../../src/lib/preprocess/mnist-input';
import { mnistInputSteps } from '../../../src/lib/preprocess/steps';
import { isHeldOutWriter } from '../../../src/lib/pendigits/dataset';
import { loadPenDigits } from '../pendigits/pendigits-file';

describe('mnistInputSteps', () => {
  const samples = loadPenDigits().filter((sample) => isHeldOutWriter(sample.writer)).slice(0, 40);

  it('ends with exactly the input toMnistInput makes', () => {
    for (const sample of samples.slice(0, 5)) {
      expect(Array.from(mnistInputSteps(sample.strokes).input.pixels)).toEqual(Array.from(toMnistInput(sample.strokes).pixels));
    }
  });

  it('centres by the box first, which leaves the centre of mass off (14, 14); the last step puts it there', () => {
    let worstBefore = 0;
    for (const sample of samples) {
      const steps = mnistInputSteps(sample.strokes);
      expect(steps.boxCentredMass).toEqual(centreOfMass(steps.boxCentred, 28, 28));
      worstBefore = Math.max(worstBefore, Math.hypot(steps.boxCentredMass.x - MNIST_CENTRE_OF_MASS, steps.boxCentredMass.y - MNIST_CENTRE_OF_MASS));
      expect(Math.abs(steps.input.centreOfMass.x - MNIST_CENTRE_OF_MASS)).toBeLessThan(0.15);
      expect(Math.abs(steps.input.centreOfMass.y - MNIST_CENTRE_OF_MASS)).toBeLessThan(0.15);
    }
    expect(worstBefore).toBeGreaterThan(0.5);
  });

  it('passes an empty drawing through as an empty image', () => {
    const steps = mnistInputSteps([]);
    expect(steps.input.empty).toBe(true);
    expect(steps.boxCentred.every((v) => v === 0)).toBe(true);
  });
});
