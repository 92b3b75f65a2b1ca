/**
 * The end of a run on the page: the test score, then what is kept. A run that learned
 * something is saved and, if it reads better than the pad's model (or the pad had only the
 * shipped one), becomes the pad's model; a run that learned nothing is kept only when the
 * student asks. The panel says which model the pad uses, either way.
 */
import type { io } from '@tensorflow/tfjs';
import { textElement } from '../dom/elements';
import { safeLocalStorage } from '../dom/storage';
import { downloadLinks, saveTrainedModel } from './save-trained-model';
import { BUILT_IN_MODELS } from '../../lib/draw/built-in-models';
import { REMEMBERED_MODEL_KEY } from '../../lib/draw/model-choice';
import { padChoiceAfterTraining, padModelNow } from '../../lib/store/active-model';
import { openModelStore, type ModelDetails } from '../../lib/store/model-store';
import { keepDecision, runName } from '../../lib/train/run-outcome';
import type { RunSummary } from '../../lib/train/protocol';
import { formatCount, formatDuration } from '../../lib/site/format';
import { mnistPlusPen as shippedRun } from '../../../public/models/default/training-record.json';

export interface RunFacts {
  network: string;
  edited: boolean;
  batchSize: number;
  epochs: number;
}

export async function showRunResult(result: HTMLElement, facts: RunFacts, summary: RunSummary, artifacts: io.ModelArtifacts | undefined): Promise<void> {
  const accuracy = summary.testAccuracy ?? Number.NaN;
  const images = summary.steps * facts.batchSize;
  const score = document.createElement('p');
  score.className = 'train-score';
  score.dataset.testid = 'test-accuracy';
  score.dataset.accuracy = String(accuracy);
  const strong = textElement('strong', `${(accuracy * 100).toFixed(2)}%`);
  score.append(
    strong,
    ` of the 10,000 test images read correctly, after ${formatCount(summary.steps)} steps (${formatCount(images)} training images) in ` +
      `${formatDuration(summary.trainSeconds * 1000)} on ${summary.backend}, validation passes included.`,
  );
  result.append(score);
  if (!artifacts) {
    result.append(textElement('p', 'The worker sent no model back, so there is nothing to save.', 'cell-error'));
    return;
  }
  const name = runName(facts.network, accuracy, new Date(), facts.edited);
  const details: ModelDetails = {
    recipe: facts.network,
    testAccuracy: accuracy,
    trainingSeconds: summary.trainSeconds,
    epochs: facts.epochs,
    images,
    backend: summary.backend,
  };
  const note = document.createElement('div');
  note.className = 'train-saved';
  note.dataset.testid = 'save-outcome';
  result.append(note);
  const decision = keepDecision(summary);
  if (decision.keep) {
    await save(note, name, artifacts, details);
    return;
  }
  note.dataset.savedId = '';
  note.dataset.kept = 'asked';
  const keep = textElement('button', 'Keep it anyway');
  keep.type = 'button';
  keep.dataset.action = 'keep-anyway';
  keep.addEventListener('click', async () => {
    note.replaceChildren();
    await save(note, name, artifacts, details, { asked: true });
  });
  note.append(textElement('p', `Not saved: ${decision.reason}. The drawing pad keeps the model it had.`, 'load-warning'), keep);
}

async function save(note: HTMLElement, name: string, artifacts: io.ModelArtifacts, details: ModelDetails, { asked = false } = {}): Promise<void> {
  const saved = await saveTrainedModel(name, artifacts, details);
  if (!saved.saved) {
    note.dataset.savedId = '';
    note.append(
      textElement('p', `This browser would not keep the model: ${saved.problem}. Download its two files instead, so it is not lost:`, 'load-warning'),
      downloadLinks(name, artifacts),
    );
    return;
  }
  note.dataset.savedId = saved.saved.id;
  note.append(textElement('p', `Saved in this browser as “${saved.saved.name}”.`));
  if (asked) {
    note.append(textElement('p', 'It is in My models below; the drawing pad keeps the model it had unless you choose this one there.'));
    return;
  }
  note.append(await padNote(saved.saved.id, name, details.testAccuracy ?? 0));
}

/** Decides (and remembers) the pad's model after a save; says which one it is. */
async function padNote(id: string, name: string, testAccuracy: number): Promise<HTMLElement> {
  const storage = safeLocalStorage();
  const paragraph = document.createElement('p');
  paragraph.dataset.testid = 'pad-model';
  try {
    const stored = (await (await openModelStore()).list()).filter((model) => model.id !== id);
    const builtInNames = Object.fromEntries(BUILT_IN_MODELS.map((model) => [model.id, model.name]));
    const current = padModelNow(stored, storage?.getItem(REMEMBERED_MODEL_KEY) ?? null, builtInNames);
    // The shipped model's score on the same 10,000 images, from its training record.
    if (current.id === 'default' && current.testAccuracy === undefined) current.testAccuracy = SHIPPED_TEST_ACCURACY;
    const decision = padChoiceAfterTraining(current, { id, name, testAccuracy });
    storage?.setItem(REMEMBERED_MODEL_KEY, decision.use);
    paragraph.dataset.padModel = decision.use;
    paragraph.dataset.switched = String(decision.switched);
    paragraph.textContent = decision.message;
  } catch (error) {
    paragraph.textContent = `Could not tell which model the drawing pad uses (${error instanceof Error ? error.message : String(error)}).`;
  }
  return paragraph;
}

/** public/models/default/training-record.json: the shipped model on the 10,000 MNIST test images. */
const SHIPPED_TEST_ACCURACY = shippedRun.mnistTestAccuracy;
