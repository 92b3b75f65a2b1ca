import { layerTableCell } from '../../components/dom/layer-table';
import { TUTORIAL_CNN } from '../../lib/model/presets';
import '../../styles/training.css';

export const run = layerTableCell(TUTORIAL_CNN, 'The TF.js tutorial CNN, layer by layer');
