/**
 * Lesson 8's fine-tune controls as data: the form's values → options (checked by
 * checkFineTune), the before/after as rows a page shows, and the record a fine-tuned model is
 * kept with in My models.
 */
import type { FineTuneRecord } from '../store/model-records';
import { DEFAULT_FINE_TUNE, type FineTuneOptions } from './fine-tune-plan';
import type { FineTuneReport } from './fine-tune-session';

export interface FineTuneFormValues {
  layers: string;
  /** The MNIST share as the student typed it, in percent. */
  replayPercent: string;
  steps: string;
}

/** The options the form asks for, on top of the defaults; checkFineTune says what is wrong with them. */
export function fineTuneOptionsFrom(values: FineTuneFormValues): FineTuneOptions {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  return {
    ...DEFAULT_FINE_TUNE,
    layers: values.layers as FineTuneOptions['layers'],
    replayShare: number(values.replayPercent) / 100,
    steps: number(values.steps),
  };
}

export interface BaseModel {
  id: string;
  name: string;
}

export function fineTuneRecord(report: FineTuneReport, base: BaseModel): FineTuneRecord {
  return {
    baseModel: base.id,
    baseName: base.name,
    ownSamples: report.ownSamples,
    heldBack: report.heldBack.length,
    replayShare: report.options.replayShare,
    layers: report.options.layers,
    mnistSlice: report.mnistSlice,
    before: { ...report.before },
    after: { ...report.after },
  };
}

/** "Fine-tuned on my 50 digits, 1 Dec 23:40": short enough for the store's 80 characters. */
export function fineTunedName(ownSamples: number, when: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const time = `${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`;
  return `Fine-tuned on my ${ownSamples} digits, ${when.getDate()} ${months[when.getMonth()]} ${time}`;
}

export interface ScoreRow {
  what: string;
  before: string;
  after: string;
}

export function scoreRows(report: Pick<FineTuneReport, 'heldBack' | 'mnistSlice' | 'before' | 'after'>): ScoreRow[] {
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  const slice = report.mnistSlice.toLocaleString('en-US');
  return [
    { what: `Your ${report.heldBack.length} held-back samples (never trained on)`, before: percent(report.before.own), after: percent(report.after.own) },
    { what: `MNIST test images 1–${slice} (a fixed slice of the 10,000)`, before: percent(report.before.mnist), after: percent(report.after.mnist) },
  ];
}

/** What happened, in a sentence: kept and in use, or not kept and why. */
export function verdictText(report: Pick<FineTuneReport, 'verdict' | 'before' | 'after'>, saved: boolean): string {
  const points = (share: number) => `${(share * 100).toFixed(1)} points`;
  if (report.verdict === 'forgot') {
    return `Not kept: it lost ${points(report.before.mnist - report.after.mnist)} on MNIST, so it forgot more than it learned. The pad keeps the model it had; try a larger MNIST share or fewer steps.`;
  }
  const gain = report.after.own - report.before.own;
  const own = gain > 0 ? `reads ${points(gain)} more of your held-back digits` : gain < 0 ? `reads ${points(-gain)} fewer of your held-back digits` : 'reads your held-back digits as well as before';
  return saved ? `The new model ${own} and is now the drawing pad's model; it is kept in My models below.` : `The new model ${own}.`;
}
