import type { LoadResult } from '../../lib/data/loader';
import { oneHot } from '../../lib/data/one-hot';
import { oneHotTable } from '../../components/preprocessing/one-hot-table';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/preprocessing.css';

/** One training image of each digit, with the one-hot row oneHot makes for its label. */
export const run: CellRunner = async ({ output, input }) => {
  const { data } = input<LoadResult>('load');
  const indices = data.balancedSample('train', 1, 7);
  const labels = Uint8Array.from(indices, (index) => data.label('train', index));
  const rows = oneHot(labels);
  const table = oneHotTable(
    'One training image of each digit and its one-hot row',
    [...indices].map((index, i) => ({ label: labels[i]!, row: Array.from(rows.subarray(i * 10, (i + 1) * 10)), pixels: data.image('train', index) })),
  );
  table.dataset.testid = 'one-hot-rows';
  output.append(table);
  return rows;
};
