import { layerTableCell } from '../../components/dom/layer-table';
import { BATCH_NORM_CNN } from '../../lib/model/presets';
import '../../styles/training.css';

export const run = layerTableCell(BATCH_NORM_CNN, 'The batch-norm CNN, layer by layer');
