/**
 * The catalogue page's Copy buttons: the snippet goes to the clipboard; where the clipboard is
 * refused (an insecure origin, a denied permission), the snippet is selected instead and the
 * button's status says to press Ctrl+C, so the author always gets it.
 */
export function startCopyButtons(root: ParentNode): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-copy-snippet]')) {
    const block = button.closest<HTMLElement>('[data-block]');
    const code = block?.querySelector<HTMLElement>('[data-snippet]');
    const status = block?.querySelector<HTMLElement>('[data-copy-status]');
    if (!code || !status) continue;
    button.disabled = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(code.textContent ?? '');
        status.textContent = 'Copied.';
      } catch {
        const range = document.createRange();
        range.selectNodeContents(code);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        status.textContent = 'Selected: press Ctrl+C (⌘+C) to copy.';
      }
    });
  }
}
