import type { LoadResult } from '../../lib/data/loader';
import { splitClassCounts } from '../../lib/data/split-counts';
import { formatCount } from '../../lib/site/format';
import { DEFAULT_SEED, VALIDATION_IMAGES } from '../../lib/train/training-form';
import { chartWidth } from '../../components/dom/charts';
import { textElement } from '../../components/dom/elements';
import { splitChart, type PartCounts } from '../../components/preprocessing/charts';
import { lessonFourSplit } from '../../components/preprocessing/lesson-data';
import { tableScroll } from '../../components/preprocessing/table-scroll';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/preprocessing.css';

const PARTS = [
  { key: 'train', name: 'Training', color: '#0a58ca' },
  { key: 'validation', name: 'Validation', color: '#b35900' },
  { key: 'test', name: 'Test', color: '#1a7f37' },
] as const;

/** The split lesson 4 trains on, counted digit by digit. */
export const run: CellRunner = async ({ output, input }) => {
  const { data } = input<LoadResult>('load');
  const split = lessonFourSplit(data);
  const counts = splitClassCounts(data, split);

  const table = document.createElement('table');
  table.className = 'data-table';
  table.dataset.testid = 'split-table';
  table.createCaption().textContent = `Images of each digit in each part (validation: ${formatCount(VALIDATION_IMAGES)} training images chosen with seed ${DEFAULT_SEED}, as in lesson 4)`;
  table.createTHead().innerHTML = `<tr><th scope="col">Digit</th>${PARTS.map((p) => `<th scope="col">${p.name}</th>`).join('')}</tr>`;
  const body = table.createTBody();
  for (let digit = 0; digit < 10; digit++) {
    const row = body.insertRow();
    row.dataset.digit = String(digit);
    const heading = document.createElement('th');
    heading.scope = 'row';
    heading.textContent = String(digit);
    row.append(heading);
    for (const part of PARTS) {
      const cell = row.insertCell();
      cell.dataset.part = part.key;
      cell.textContent = formatCount(counts[part.key][digit]!);
    }
  }
  const total = table.createTFoot().insertRow();
  const totalHeading = document.createElement('th');
  totalHeading.scope = 'row';
  totalHeading.textContent = 'All';
  total.append(totalHeading);
  for (const part of PARTS) {
    const cell = total.insertCell();
    cell.dataset.part = part.key;
    cell.textContent = formatCount(counts[part.key].reduce((a, b) => a + b, 0));
  }
  const scroller = tableScroll(table, 'Images of each digit in each part');

  const rows: PartCounts[] = PARTS.flatMap((part) => counts[part.key].map((count, digit) => ({ part: part.name, digit: String(digit), count })));
  const chart = splitChart(rows, PARTS, {
    width: chartWidth(output),
    testid: 'split-chart',
    caption: 'Images of each digit: training, validation and test',
    label: `Grouped bar chart: for every digit, about ${formatCount(Math.round(split.train.length / 10))} training, ${formatCount(Math.round(split.validation.length / 10))} validation and ${formatCount(Math.round(data.test.count / 10))} test images. The numbers are in the table.`,
  });
  const shares = counts.validation.map((v, d) => v / (v + counts.train[d]!));
  const facts = textElement(
    'p',
    `Every digit gives between ${(Math.min(...shares) * 100).toFixed(1)}% and ${(Math.max(...shares) * 100).toFixed(1)}% of its training images to validation: ` +
      'a random split keeps the classes in proportion, so validation scores the network on the same mix of digits it trains on.',
  );
  facts.dataset.testid = 'split-facts';
  output.append(chart, scroller, facts);
  return counts;
};
