import { layerTableCell } from '../../components/dom/layer-table';
import { DEFAULT_RECIPE } from '../../lib/model/presets';
import '../../styles/training.css';

export const run = layerTableCell(DEFAULT_RECIPE, 'The default recipe, layer by layer');
