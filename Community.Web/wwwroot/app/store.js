// A value with subscribers: the profile, the live status and the notifications are shared by the header and pages.
export function createStore(initial) {
  let value = initial;
  const listeners = new Set();
  return {
    get: () => value,
    set(next) {
      value = next;
      for (const listener of [...listeners]) listener(value);
    },
    update(fn) {
      this.set(fn(value));
    },
    /** Calls fn now and on every change until signal aborts; returns an unsubscribe function. */
    subscribe(fn, signal) {
      listeners.add(fn);
      const off = () => listeners.delete(fn);
      signal?.addEventListener('abort', off, { once: true });
      fn(value);
      return off;
    },
  };
}
