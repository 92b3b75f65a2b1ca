import type { LoadResult } from '../../lib/data/loader';
import { startEvaluation } from '../../components/evaluation/evaluate-ui';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/evaluation.css';

/** Pick a model and score it on the 10,000 test images, in the evaluation worker. */
export const run: CellRunner = ({ output, input, status }) => startEvaluation(output, input<LoadResult>('load').data, status);
