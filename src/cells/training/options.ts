import type { CellRunner } from '../../components/notebook/types';
import { TRAINING_RECIPES } from '../../lib/model/presets';
import { validateTrainOptions, type TrainOptions } from '../../lib/train/options';

/** The checks run on a few runs that cannot work, next to the default recipe that can. */
export const run: CellRunner = async ({ output }) => {
  const recipe: TrainOptions = { ...TRAINING_RECIPES.default, validationSize: 5000, seed: 1 };
  const tries: [string, TrainOptions][] = [
    ['The default recipe', recipe],
    ['A learning rate of 100', { ...recipe, peakLearningRate: 100 }],
    ['A batch of 100,000 images', { ...recipe, batchSize: 100_000 }],
    ['Half an epoch, written as 0.5', { ...recipe, epochs: 0.5 }],
  ];
  const table = document.createElement('table');
  table.className = 'data-table';
  table.dataset.testid = 'options-checks';
  table.innerHTML = '<thead><tr><th scope="col">Run</th><th scope="col">What the check says</th></tr></thead>';
  const body = document.createElement('tbody');
  for (const [name, options] of tries) {
    const problems = validateTrainOptions(options);
    const row = body.insertRow();
    const heading = document.createElement('th');
    heading.scope = 'row';
    heading.textContent = name;
    const verdict = row.insertCell();
    verdict.style.textAlign = 'left';
    verdict.textContent = problems.length === 0 ? 'Nothing: it can start.' : problems.join('; ');
    row.prepend(heading);
  }
  table.append(body);
  output.append(table);
};
