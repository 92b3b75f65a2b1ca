import { loadMnistWithProgress } from '../../components/dom/mnist-loader-ui';
import type { CellRunner } from '../../components/notebook/types';

export const run: CellRunner = ({ output, status }) => loadMnistWithProgress(output, status);
