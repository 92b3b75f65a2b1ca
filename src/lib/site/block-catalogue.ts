/**
 * The building blocks an author can put in a lesson, each with the MDX that puts it there: the
 * one list both the live catalogue page (src/pages/authoring.astro, which renders every block
 * from the same props its snippet shows) and docs/authoring.md use. A unit test holds the doc to
 * these snippets and runs them, as one lesson, through `npm run check`'s lesson check, so a
 * renamed runner, source symbol or component breaks the test, not an author's lesson.
 */

/** The components a lesson imports, and their files (paths from the project root). */
export const COMPONENT_FILES = {
  Cell: 'src/components/Cell.astro',
  Quiz: 'src/components/notebook/Quiz.astro',
  DrawPad: 'src/components/draw/DrawPad.astro',
  CodeNotebook: 'src/components/code/CodeNotebook.astro',
  CodeCell: 'src/components/code/CodeCell.astro',
} as const;

export type ComponentName = keyof typeof COMPONENT_FILES;

/** One tag of a snippet: its component, its attributes in the order written, what it holds. */
export interface BlockElement {
  component: ComponentName;
  props: Readonly<Record<string, string>>;
  children?: readonly BlockElement[];
  /** Text inside the tag (a code cell's description). */
  text?: string;
}

export interface CatalogueBlock {
  /** Anchor on the page and key for the tests: `block-<id>`. */
  id: string;
  name: string;
  /** What it is, in a sentence. */
  summary: string;
  /** What an author should know beyond the snippet. */
  notes: string;
  /** Where it ships. */
  seenIn: string;
  elements: readonly BlockElement[];
}

const cell = (props: Record<string, string>): BlockElement => ({ component: 'Cell', props });

export const CATALOGUE: readonly CatalogueBlock[] = [
  {
    id: 'cell',
    name: 'Cell: a runnable cell that shows the code it runs',
    summary: 'A titled cell with a Run button, the real source of the src/lib code it runs (read at build time), and an output area.',
    notes:
      '`run` names `src/cells/<lesson>/<id>.ts` (it exports `run(context)`); `code` names the source shown (`file#name`, several names separated by commas; `Class.method` works); `needs` lists earlier cells it uses; `action` is the button\'s text.',
    seenIn: 'Lesson 1',
    elements: [cell({ id: 'load', title: 'Load MNIST', action: 'Load the data', run: 'meet-the-data/load', code: 'src/lib/data/loader.ts#loadMnist' })],
  },
  {
    id: 'grid',
    name: 'The data grid (digits and their pixels)',
    summary: '100 training digits, keyboard-navigable; choose one for its pixel values.',
    notes: 'It needs the cell that loads MNIST (`needs="load"`); running it runs that one first.',
    seenIn: 'Lesson 1',
    elements: [cell({ id: 'grid', title: 'A grid of 100 training digits', needs: 'load', run: 'meet-the-data/grid', code: 'src/lib/data/mnist.ts#MnistData.balancedSample' })],
  },
  {
    id: 'chart',
    name: 'Charts (Observable Plot)',
    summary: 'A chart drawn with Observable Plot, here how many images there are of each digit.',
    notes: 'Plot figures need no special policy. tfjs-vis charts (training curves, the confusion matrix, model summaries) need `tfjsVis: true` in the front matter.',
    seenIn: 'Lesson 1 (Plot), lesson 4 (tfjs-vis)',
    elements: [cell({ id: 'labels', title: 'How many images of each digit', needs: 'load', run: 'meet-the-data/labels', code: 'src/lib/data/stats.ts#labelCounts' })],
  },
  {
    id: 'builder',
    name: 'The model builder: a CNN built layer by layer',
    summary: 'Build a CNN layer by layer, with its shapes and parameter count checked as you go.',
    notes: 'What the student builds (and saves) is what lesson 4 trains: saving here saves it for lesson 4 in this browser too.',
    seenIn: 'Lesson 3',
    elements: [cell({ id: 'builder', title: 'The model builder', action: 'Open the builder', run: 'building-the-cnn/builder', code: 'src/lib/model/validate.ts#validateModelConfig' })],
  },
  {
    id: 'training',
    name: 'The training panel',
    summary: 'The training controls: options, Start, Pause, live curves, and the saved model.',
    notes:
      'Its defaults come from the chosen model\'s recipe, with `training` in `course.config.json` over it (docs/instructors.md). Needs `tfjsVis: true`. Starting a run trains for real (minutes) and saves the model in this browser, as lesson 4 does.',
    seenIn: 'Lesson 4',
    elements: [cell({ id: 'train', title: 'Train your model', action: 'Open the training controls', run: 'training/train', code: 'src/lib/train/trainer.ts#train,trainStep' })],
  },
  {
    id: 'confusion',
    name: 'The confusion matrix',
    summary: 'Which digit the model read for each true digit, drawn with tfjs-vis from a model scored on the 10,000 test images.',
    notes: 'It needs a scored model, so the snippet has the cell that scores one (which needs `load`). Needs `tfjsVis: true`.',
    seenIn: 'Lesson 5',
    elements: [
      cell({ id: 'evaluate', title: 'Score a model on the test set', needs: 'load', run: 'how-good-is-it/evaluate', code: 'src/lib/eval/score.ts#scoreImages' }),
      cell({ id: 'confusion', title: 'Confusion matrix', needs: 'evaluate', run: 'how-good-is-it/confusion', code: 'src/lib/eval/metrics.ts#confusionOf' }),
    ],
  },
  {
    id: 'draw-pad',
    name: 'The drawing pad: draw a digit, see it read',
    summary: 'Draw a digit and see the 28 × 28 input the model reads and its ten probabilities, live, with the shipped model or one of the student\'s own.',
    notes: 'One per page. It loads the shipped model by itself; no cell is needed.',
    seenIn: 'Lesson 7',
    elements: [{ component: 'DrawPad', props: {} }],
  },
  {
    id: 'code-cells',
    name: 'Code cells: the student\'s own code',
    summary: 'Editable cells the student runs and changes, kept in this browser.',
    notes:
      '`starter` names `src/components/code/starters/<lesson>/<name>.ts.txt`. The cells share one scope, top to bottom; they run as modules (no `\'unsafe-eval\'` needed). Every lesson\'s last section.',
    seenIn: 'Every lesson',
    elements: [
      {
        component: 'CodeNotebook',
        props: {},
        children: [{ component: 'CodeCell', props: { id: 'ink', title: 'Average ink per digit', starter: 'meet-the-data/ink' }, text: 'What the cell is for, in a sentence or two.' }],
      },
    ],
  },
  {
    id: 'quiz',
    name: 'A quiz question',
    summary: 'A question with instant feedback: a number, or multiple choice, always with an explanation.',
    notes:
      'Without `choices`, the question asks for a number (`tolerance="0.01"` accepts answers that close). With `choices` (separated by `|`), it is a group of radio buttons and `answer` must be one of them. Feedback comes at once, right or wrong, always with the explanation, in a live region a screen reader reads out; Enter in the box checks. `npm run check` and the build refuse a quiz without an id, question, answer or explanation, an answer that is not a choice, or a number answer that is not a number, naming the file and line.',
    seenIn: 'Lessons 1 and 5',
    elements: [
      {
        component: 'Quiz',
        props: {
          id: 'pixels',
          question: 'Each digit is 28 pixels wide and 28 pixels high. How many numbers does the network get for one digit?',
          answer: '784',
          explanation: 'One number per pixel: 28 × 28 = 784.',
        },
      },
      {
        component: 'Quiz',
        props: {
          id: 'overfitting',
          question: 'A model reads 99.9% of its training images but 95% of the test images. What does that say?',
          choices: 'The test images are harder to read|It learned its examples rather than the digits: it overfits|The test set is too small to say anything',
          answer: 'It learned its examples rather than the digits: it overfits',
          explanation: 'A gap that wide means the model fits the images it saw better than new ones: it overfits.',
        },
      },
    ],
  },
];

/** The components a block's snippet uses, in the order they first appear. */
export function componentsOf(elements: readonly BlockElement[]): ComponentName[] {
  const found: ComponentName[] = [];
  const visit = (element: BlockElement) => {
    if (!found.includes(element.component)) found.push(element.component);
    element.children?.forEach(visit);
  };
  elements.forEach(visit);
  return found;
}

/** The import line a lesson in src/lessons writes for a component. */
export function importLine(component: ComponentName): string {
  return `import ${component} from '../${COMPONENT_FILES[component].replace(/^src\//, '')}';`;
}

/** One tag as an author writes it: attributes in double quotes, children indented two spaces. */
export function elementMdx(element: BlockElement, indent = ''): string {
  const attributes = Object.entries(element.props).map(([name, value]) => {
    if (value.includes('"')) throw new Error(`<${element.component}> ${name}: a value in double quotes cannot hold a double quote.`);
    return ` ${name}="${value}"`;
  });
  const open = `${indent}<${element.component}${attributes.join('')}`;
  if (!element.children?.length && element.text === undefined) return `${open} />`;
  const inner = [...(element.text !== undefined ? [`${indent}  ${element.text}`] : []), ...(element.children ?? []).map((child) => elementMdx(child, `${indent}  `))];
  return [`${open}>`, ...inner, `${indent}</${element.component}>`].join('\n');
}

/** The snippet of a block: its imports, a blank line (MDX needs it), then its tags a blank line apart. */
export function snippetOf(block: CatalogueBlock): string {
  const imports = componentsOf(block.elements).map(importLine);
  return [imports.join('\n'), ...block.elements.map((element) => elementMdx(element))].join('\n\n');
}

/**
 * The whole catalogue as one lesson, each component imported once: what `npm run check` is asked
 * about it (the page is that lesson, so it must pass). `tfjsVis` is the flag its page carries.
 */
export function catalogueAsLesson(blocks: readonly CatalogueBlock[], tfjsVis: boolean): string {
  const elements = blocks.flatMap((block) => block.elements);
  return [
    '---',
    'number: 99',
    'title: The building blocks',
    'summary: Every block an author can put in a lesson.',
    ...(tfjsVis ? ['tfjsVis: true'] : []),
    '---',
    '',
    componentsOf(elements).map(importLine).join('\n'),
    '',
    ...elements.map((element) => `${elementMdx(element)}\n`),
  ].join('\n');
}

/** The catalogue page draws tfjs-vis charts (the training curves, the confusion matrix). */
export const CATALOGUE_TFJS_VIS = true;

/** A note's text in plain and `code` parts, so the page shows backticked names as code. */
export function textWithCode(text: string): { code: boolean; text: string }[] {
  return text
    .split('`')
    .map((part, index) => ({ code: index % 2 === 1, text: part }))
    .filter((part) => part.text !== '');
}
