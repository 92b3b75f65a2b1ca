/**
 * Work that would be one long main-thread task, cut into turns: each step runs in its own task,
 * and the page (input, painting, other timers) gets the thread between two steps. Lessons 5 and
 * 6 redraw every view when the model or the digit changes; drawn in one go that was a 55–106 ms
 * task here, drawn a view a turn each stays short.
 */

/** Lets the browser run whatever waits (input, painting) before the next step. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs `steps` one a turn. A newer call on the same queue drops the steps an older one has not
 * run yet (they would draw what is no longer asked for); its promise settles when its own steps
 * are done or dropped.
 */
export function turnQueue(): (steps: (() => void)[]) => Promise<void> {
  let generation = 0;
  return async (steps) => {
    const mine = ++generation;
    for (const step of steps) {
      await nextTurn();
      if (mine !== generation) return;
      step();
    }
  };
}
