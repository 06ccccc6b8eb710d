// Polls until `fn` returns something truthy (the value is returned), or fails after `ms` naming
// what it waited for. Tests wait on workers, queues and servers this way instead of sleeping.
export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, what: string, ms = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
