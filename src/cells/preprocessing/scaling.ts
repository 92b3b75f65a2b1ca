import type { LoadResult } from '../../lib/data/loader';
import { valueHistogram, valueRange, type HistogramBins } from '../../lib/data/scaling';
import { toUnitRange } from '../../lib/train/input';
import { chartWidth } from '../../components/dom/charts';
import { digitCanvas } from '../../components/dom/digits';
import { textElement } from '../../components/dom/elements';
import { binnedHistogramChart } from '../../components/preprocessing/charts';
import { firstBatch, lessonFourSplit } from '../../components/preprocessing/lesson-data';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/preprocessing.css';

const BINS = 16;
const BYTES: HistogramBins = { min: 0, max: 255, bins: BINS };
const UNIT: HistogramBins = { min: 0, max: 1, bins: BINS };

/** One training image and one batch, as bytes and after dividing by 255: the same shape, other numbers. */
export const run: CellRunner = async ({ output, input }) => {
  const { data } = input<LoadResult>('load');
  const imageIndex = lessonFourSplit(data).train[0]!;
  const image = data.image('train', imageIndex);
  const batch = data.gather('train', firstBatch(data)).pixels;
  // Two charts side by side where they fit, one above the other on a phone.
  const available = chartWidth(output);
  const width = available >= 560 ? Math.min(available / 2 - 8, 320) : available;

  for (const [name, bytes, testid] of [
    [`training image #${imageIndex}`, image, 'one-image'],
    [`a batch of ${batch.length / 784} training images`, batch, 'batch'],
  ] as const) {
    const scaled = toUnitRange(bytes);
    const before = valueRange(bytes);
    const after = valueRange(scaled);
    const heading = textElement('h4', `Pixel values of ${name}`, 'output-heading');
    const row = document.createElement('div');
    row.className = 'chart-row';
    row.dataset.testid = `scaling-${testid}`;
    const frame = (stage: string, values: ArrayLike<number>, bins: HistogramBins, xLabel: string, color: string) =>
      binnedHistogramChart(valueHistogram(values, bins), bins, {
        width,
        xLabel,
        color,
        testid: `histogram-${testid}-${stage}`,
        caption: stage === 'bytes' ? 'As stored: bytes 0–255' : 'As the network reads them: ÷ 255',
        label: `Histogram of the pixel values of ${name} ${stage === 'bytes' ? 'as bytes from 0 to 255' : 'scaled to 0 to 1'}, in ${BINS} bins, log scale.`,
      });
    if (testid === 'one-image') {
      const picture = digitCanvas(image, 'digit digit-thumb');
      picture.setAttribute('role', 'img');
      picture.setAttribute('aria-label', `Training image #${imageIndex}, labelled ${data.label('train', imageIndex)}`);
      heading.prepend(picture);
    }
    row.append(frame('bytes', bytes, BYTES, 'Pixel value', '#b35900'), frame('scaled', scaled, UNIT, 'Pixel value ÷ 255', '#0a58ca'));
    const facts = textElement(
      'p',
      `Before: ${before.min}–${before.max}, mean ${before.mean.toFixed(1)}. After: ${after.min.toFixed(2)}–${after.max.toFixed(2)}, mean ${after.mean.toFixed(3)}. ` +
        'The bars are the same in both charts; only the numbers under them changed.',
    );
    facts.dataset.testid = `scaling-facts-${testid}`;
    output.append(heading, row, facts);
  }
};
