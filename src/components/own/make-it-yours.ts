/** Lesson 8's page: the samples (kept in IndexedDB), the collect pad, the fine-tune, the files, My models. */
import { mountMyModels } from '../models/my-models';
import { startCollectPad } from './collect-pad';
import { startFineTunePanel } from './fine-tune-panel';
import { SampleCollection } from '../../lib/samples/sample-collection';
import { startSampleFiles } from './sample-files-panel';
import '../../styles/models.css';

export function startMakeItYours(root: HTMLElement): void {
  const collection = new SampleCollection();
  startCollectPad(root, collection);
  startFineTunePanel(root, collection);
  startSampleFiles(root, collection);
  mountMyModels(root.querySelector<HTMLElement>('[data-own-models]')!);
  const storage = root.querySelector<HTMLElement>('[data-own-storage]')!;
  void collection.load().then((problem) => (storage.textContent = problem));
}
