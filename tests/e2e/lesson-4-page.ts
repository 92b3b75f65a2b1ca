import { expect, type Page } from '@playwright/test';
import { TUTORIAL_CNN } from '../../src/lib/model/presets';

/** Lesson 4 trains what lesson 3 saved; the tutorial CNN keeps these runs short. */
export async function openTraining(page: Page, preset: 'tutorial' | 'default' = 'tutorial'): Promise<void> {
  await page.addInitScript((choice) => {
    if (!localStorage.getItem('digit-lab:model-choice:v1')) localStorage.setItem('digit-lab:model-choice:v1', choice);
  }, JSON.stringify({ preset, config: preset === 'tutorial' ? TUTORIAL_CNN : undefined }));
  await page.goto('/lessons/training/');
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
  await page.locator('[data-cell="train"] .cell-run').click();
  await expect(page.getByTestId('training-panel')).toBeVisible();
}

export async function fillForm(page: Page, values: Record<string, string>): Promise<void> {
  const panel = page.getByTestId('training-panel');
  for (const [name, value] of Object.entries(values)) {
    if (['backend', 'optimizer', 'schedule', 'trainingShare'].includes(name)) await panel.locator(`select[name="${name}"]`).selectOption(value);
    else await panel.locator(`input[name="${name}"]`).fill(value);
  }
}

