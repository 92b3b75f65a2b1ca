/**
 * What the lesson 3 builder is working on, kept apart from the model lesson 4 trains. The
 * student's edits are a draft per preset: switching presets (one stray click, or the arrow
 * keys passing over the radio buttons) parks the edited model under its own preset and brings
 * it back when that preset is chosen again. Only "Save for lesson 4" replaces the saved
 * model choice (model-choice.ts), so a half-finished edit that happens to be valid never does.
 */
import type { KeyValueStorage } from '../notebook/progress';
import type { ModelConfig } from './config';
import { presetChoice, type ModelChoice } from './model-choice';
import { MODEL_PRESETS, type PresetName } from './presets';

export const BUILDER_DRAFTS_KEY = 'digit-lab:builder-drafts:v1';

export interface BuilderDrafts {
  /** The preset whose draft the builder shows. */
  preset: PresetName;
  /** The model as typed, per preset; it need not validate. A preset without one starts as the preset. */
  drafts: Partial<Record<PresetName, ModelConfig>>;
}

/** The drafts kept in the browser; without any, the saved choice is the draft of its preset. */
export function readBuilderDrafts(storage: KeyValueStorage | undefined, saved: ModelChoice): BuilderDrafts {
  const fresh: BuilderDrafts = { preset: saved.preset, drafts: { [saved.preset]: structuredClone(saved.config) } };
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(BUILDER_DRAFTS_KEY) ?? 'null');
    if (!isRecord(parsed) || !isPresetName(parsed.preset) || !isRecord(parsed.drafts)) return fresh;
    const drafts: Partial<Record<PresetName, ModelConfig>> = {};
    for (const [name, config] of Object.entries(parsed.drafts)) {
      if (isPresetName(name) && looksLikeConfig(config)) drafts[name] = config;
    }
    return { preset: parsed.preset, drafts };
  } catch {
    return fresh; // unreadable JSON or a blocked storage: start from what lesson 4 trains
  }
}

/** Keeps the drafts; false when the browser refuses (the edits then last until the page closes). */
export function writeBuilderDrafts(storage: KeyValueStorage | undefined, drafts: BuilderDrafts): boolean {
  if (!storage) return false;
  try {
    storage.setItem(BUILDER_DRAFTS_KEY, JSON.stringify(drafts));
    return true;
  } catch {
    return false;
  }
}

/** The draft of `preset`: the student's edits when there are any, else the preset itself. */
export function draftOf(drafts: BuilderDrafts, preset: PresetName): ModelConfig {
  return structuredClone(drafts.drafts[preset] ?? presetChoice(preset).config);
}

/** The drafts with `config` as `preset`'s draft, shown now. */
export function withDraft(drafts: BuilderDrafts, preset: PresetName, config: ModelConfig): BuilderDrafts {
  return { preset, drafts: { ...drafts.drafts, [preset]: structuredClone(config) } };
}

/** True when the draft differs from its preset's layers (so switching away parks real work). */
export function draftIsEdited(preset: PresetName, config: ModelConfig): boolean {
  return JSON.stringify(config.layers) !== JSON.stringify(MODEL_PRESETS[preset].layers);
}

/** True when `config` is exactly what lesson 4 will train. */
export function isSavedChoice(saved: ModelChoice, preset: PresetName, config: ModelConfig): boolean {
  return saved.preset === preset && JSON.stringify(saved.config) === JSON.stringify(config);
}

function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && Object.hasOwn(MODEL_PRESETS, value);
}

function looksLikeConfig(value: unknown): value is ModelConfig {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    Array.isArray(value.layers) &&
    value.layers.every((layer) => isRecord(layer) && typeof layer.type === 'string')
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
