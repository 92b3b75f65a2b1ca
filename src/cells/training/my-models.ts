import { mountMyModels } from '../../components/models/my-models';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/models.css';

/** Lesson 4's "My models": every model kept in this browser, and what can be done with it. */
export const run: CellRunner = async ({ output }) => {
  await mountMyModels(output).refresh();
};
