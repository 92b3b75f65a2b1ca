import type { LoadResult } from '../../lib/data/loader';
import { labelCounts } from '../../lib/data/stats';
import { formatCount } from '../../lib/site/format';
import { chartWidth, labelBarChart } from '../../components/dom/charts';
import type { CellRunner } from '../../components/notebook/types';

/** How many images of each digit the training and test sets hold. */
export const run: CellRunner = async ({ output, input }) => {
  const { data } = input<LoadResult>('load');
  const row = document.createElement('div');
  row.className = 'chart-row';
  output.append(row);
  const width = Math.min(chartWidth(output), 420);
  const train = labelCounts(data.train.labels);
  const commonest = train.indexOf(Math.max(...train));
  const rarest = train.indexOf(Math.min(...train));
  const facts = document.createElement('p');
  facts.dataset.testid = 'label-facts';
  facts.textContent =
    `In the training set the commonest digit, ${commonest}, has ${formatCount(train[commonest]!)} images: ` +
    `${Math.round((train[commonest]! / train[rarest]! - 1) * 100)}% more than the rarest, ${rarest}, with ${formatCount(train[rarest]!)}.`;
  output.append(facts);
  for (const [split, name, color] of [['train', 'Training set', '#0a58ca'], ['test', 'Test set', '#b35900']] as const) {
    const counts = labelCounts(data.set(split).labels);
    const least = counts.indexOf(Math.min(...counts));
    const most = counts.indexOf(Math.max(...counts));
    row.append(
      labelBarChart(counts, {
        width,
        color,
        testid: `labels-${split}`,
        caption: `${name}: ${formatCount(data.set(split).count)} images`,
        label: `Bar chart of the ${name.toLowerCase()}: the digit ${most} is the most common (${formatCount(counts[most]!)}), the digit ${least} the least (${formatCount(counts[least]!)}).`,
      }),
    );
  }
};
