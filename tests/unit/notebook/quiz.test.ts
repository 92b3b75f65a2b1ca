import { describe, expect, it } from 'vitest';
import { checkLesson } from '../../../src/lib/notebook/lesson-check';
import { checkQuizAnswer, parseQuiz } from '../../../src/lib/notebook/quiz';

const number = { id: 'pixels', question: 'How many?', answer: '784', explanation: '28 × 28.' };
const choice = { id: 'split', question: 'Which?', choices: 'Training|Test', answer: 'Test', explanation: 'New images.' };

function quiz(props: Parameters<typeof parseQuiz>[0]) {
  const parsed = parseQuiz(props);
  if (!parsed.ok) throw new Error(parsed.problems.join(' '));
  return parsed.quiz;
}

describe('a quiz question', () => {
  it('says right or not quite, always with the explanation, and says what to do with an empty or wrong box', () => {
    expect(checkQuizAnswer(quiz(number), ' 784 ')).toEqual({ state: 'right', message: 'Right. 28 × 28.' });
    expect(checkQuizAnswer(quiz(number), '780')).toEqual({ state: 'wrong', message: 'Not quite: 780 is not it. 28 × 28.' });
    expect(checkQuizAnswer(quiz(number), 'lots').state).toBe('invalid');
    expect(checkQuizAnswer(quiz(number), '')).toEqual({ state: 'empty', message: 'Type a number first.' });
    expect(checkQuizAnswer(quiz({ ...number, answer: '0.99', tolerance: '0.005' }), '0.994').state).toBe('right');
    expect(checkQuizAnswer(quiz(choice), 'Test').state).toBe('right');
    expect(checkQuizAnswer(quiz(choice), 'Training')).toEqual({ state: 'wrong', message: 'Not quite: the answer is “Test”. New images.' });
    expect(checkQuizAnswer(quiz(choice), '')).toEqual({ state: 'empty', message: 'Choose an answer first.' });
  });

  it('refuses broken props with a sentence each', () => {
    const problems = (props: Parameters<typeof parseQuiz>[0]) => {
      const parsed = parseQuiz(props);
      return parsed.ok ? [] : parsed.problems;
    };
    expect(problems({ ...choice, answer: 'Validation' })).toEqual(['answer="Validation" is not one of the choices (Training, Test).']);
    expect(problems({ ...choice, choices: 'Test' })).toEqual(['choices="A|B|C" needs at least two choices, separated by |.']);
    expect(problems({ ...number, answer: 'seven' })).toEqual(['answer="seven" is not a number (a question without choices asks for a number).']);
    expect(problems({ ...number, explanation: undefined })).toEqual(['has no explanation="…" (said after every answer, right or wrong).']);
    expect(problems({ ...number, id: 'Bad Id' })).toEqual(['needs an id of lowercase letters, digits and dashes, like id="pixels".']);
  });

  it('npm run check names the lesson file, the line and what is wrong with a quiz', () => {
    const text = `---\nnumber: 1\ntitle: T\nsummary: S.\n---\nimport Quiz from '../components/notebook/Quiz.astro';\n\n<Quiz id="split" question="Which?" choices="Training|Test" answer="Validation" explanation="New." />\n`;
    expect(checkLesson('01-x.mdx', text, { read: () => undefined })).toEqual([
      { file: '01-x.mdx', message: 'line 8: <Quiz id="split"> answer="Validation" is not one of the choices (Training, Test).' },
    ]);
    const unimported = text.replace(/^import Quiz.*\n/m, '');
    expect(checkLesson('01-x.mdx', unimported.replace('Validation', 'Test'), { read: () => undefined }).map((p) => p.message)).toEqual([
      "uses <Quiz> without importing it: add import Quiz from '../components/notebook/Quiz.astro';",
    ]);
  });
});
