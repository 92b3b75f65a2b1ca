/**
 * A turn of the event loop for a long-running loop (training, fine-tuning) that must let a
 * "stop" message in between its steps.
 *
 * Awaiting a tensor's data on 'cpu' or 'wasm' resolves at once, as a microtask, so a loop
 * that only awaits those would never let a message in. setTimeout(0) does, but browsers clamp
 * it to 4 ms once timeouts nest five deep (HTML's timer nesting rule), and a training loop's
 * turns always nest: each one is scheduled from the task that ran the last. Measured in a
 * Chromium worker here: 0–0.5 ms for the first five, then 4.0–4.4 ms each, against
 * 0.1–0.8 ms for a MessageChannel message. At one turn every ten steps of the tutorial CNN
 * (about 80 ms), the clamp alone cost 5% of its speed. A message on a channel is a task that
 * no browser clamps; where there is no MessageChannel, setTimeout(0) still works, only slower.
 */
export function nextMacrotask(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      // Closed, or Node would keep a started port (and so the process) alive.
      channel.port1.close();
      channel.port2.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
