import { loadMnistWithProgress } from '../../components/dom/mnist-loader-ui';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/preprocessing.css';

export const run: CellRunner = ({ output, status }) => loadMnistWithProgress(output, status);
