/**
 * A quiz question in a lesson (<Quiz> in MDX, src/components/notebook/Quiz.astro): multiple
 * choice or a number, answered on the page with instant feedback and an explanation. The props
 * are plain strings so `npm run check` can read them from the MDX (src/lib/notebook/lesson-check.ts)
 * and the build refuses a broken question with the same sentences.
 *
 *   <Quiz id="pixels" question="How many pixels has an MNIST image?" answer="784"
 *         explanation="28 rows of 28 pixels: 28 × 28 = 784." />
 *   <Quiz id="split" question="Which images does the test score use?" choices="Training|Validation|Test"
 *         answer="Test" explanation="…" />
 */
import { parseTypedNumber } from '../model/edit';

export interface QuizSpec {
  id: string;
  question: string;
  kind: 'choice' | 'number';
  choices: string[];
  answer: string;
  /** For a number: how far from the answer still counts as right. */
  tolerance: number;
  explanation: string;
}

export type QuizProps = Partial<Record<'id' | 'question' | 'choices' | 'answer' | 'tolerance' | 'explanation', string>>;

export function parseQuiz(props: QuizProps): { ok: true; quiz: QuizSpec } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const id = props.id?.trim() ?? '';
  const question = props.question?.trim() ?? '';
  const explanation = props.explanation?.trim() ?? '';
  const answer = props.answer?.trim() ?? '';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) problems.push('needs an id of lowercase letters, digits and dashes, like id="pixels".');
  if (!question) problems.push('has no question="…".');
  if (!explanation) problems.push('has no explanation="…" (said after every answer, right or wrong).');
  if (!answer) problems.push('has no answer="…".');
  const choices = (props.choices ?? '').split('|').map((choice) => choice.trim()).filter(Boolean);
  const kind = props.choices === undefined ? 'number' : 'choice';
  let tolerance = 0;
  if (kind === 'choice') {
    if (choices.length < 2) problems.push('choices="A|B|C" needs at least two choices, separated by |.');
    if (new Set(choices).size !== choices.length) problems.push('lists a choice twice.');
    if (answer && !choices.includes(answer)) problems.push(`answer="${answer}" is not one of the choices (${choices.join(', ')}).`);
    if (props.tolerance !== undefined) problems.push('tolerance is for number questions only.');
  } else {
    if (answer && !Number.isFinite(parseTypedNumber(answer))) problems.push(`answer="${answer}" is not a number (a question without choices asks for a number).`);
    if (props.tolerance !== undefined) {
      tolerance = parseTypedNumber(props.tolerance);
      if (!(tolerance >= 0)) problems.push(`tolerance="${props.tolerance}" should be a number of 0 or more.`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, quiz: { id, question, kind, choices, answer, tolerance, explanation } };
}

export type QuizFeedback = { state: 'empty' | 'invalid' | 'right' | 'wrong'; message: string };

/** What the student is told for `given` (a choice's text, or what they typed). */
export function checkQuizAnswer(quiz: QuizSpec, given: string): QuizFeedback {
  const typed = given.trim();
  if (!typed) return { state: 'empty', message: quiz.kind === 'choice' ? 'Choose an answer first.' : 'Type a number first.' };
  if (quiz.kind === 'number') {
    const value = parseTypedNumber(typed);
    if (!Number.isFinite(value)) return { state: 'invalid', message: `“${typed}” is not a number; type digits, like 42 or 0.5.` };
    const right = Math.abs(value - parseTypedNumber(quiz.answer)) <= quiz.tolerance;
    return right ? { state: 'right', message: `Right. ${quiz.explanation}` } : { state: 'wrong', message: `Not quite: ${typed} is not it. ${quiz.explanation}` };
  }
  return typed === quiz.answer
    ? { state: 'right', message: `Right. ${quiz.explanation}` }
    : { state: 'wrong', message: `Not quite: the answer is “${quiz.answer}”. ${quiz.explanation}` };
}
