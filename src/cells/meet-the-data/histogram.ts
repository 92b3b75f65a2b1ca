import type { LoadResult } from '../../lib/data/loader';
import { pixelHistogram, pixelStats } from '../../lib/data/stats';
import { chartWidth, histogramChart } from '../../components/dom/charts';
import type { CellRunner } from '../../components/notebook/types';

/** Every pixel of the 60,000 training images, counted by grey value. */
export const run: CellRunner = async ({ output, input }) => {
  const { data } = input<LoadResult>('load');
  const pixels = data.train.pixels;
  const histogram = pixelHistogram(pixels);
  const { mean, fractionZero } = pixelStats(pixels);
  const fullInk = (histogram[255] ?? 0) + (histogram[254] ?? 0) + (histogram[253] ?? 0);
  const facts = document.createElement('p');
  facts.dataset.testid = 'pixel-facts';
  facts.textContent =
    `${(fractionZero * 100).toFixed(1)}% of all ${pixels.length.toLocaleString('en-US')} pixels are exactly 0, the black background; ` +
    `${((fullInk / pixels.length) * 100).toFixed(1)}% are full ink (253–255). The mean pixel value is ${mean.toFixed(1)}. ` +
    'Everything in between is the soft edge of a pen stroke.';
  output.append(
    histogramChart(histogram, {
      width: chartWidth(output),
      testid: 'pixel-histogram',
      caption: 'How often each grey value occurs in the training images',
      label: `Histogram of pixel values on a log scale: most pixels are 0, a second peak sits at 253 to 255, and few values lie between.`,
    }),
    facts,
  );
};
