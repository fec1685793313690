// Extra health checks a runtime registers beside the table check: locally the stream poller, whose
// liveness only the local runtime knows. In Lambda none are registered (the event source mapping is AWS's).

type Check = () => boolean | Promise<boolean>;
const checks = new Map<string, Check>();

export function registerHealthCheck(name: string, check: Check): void {
  checks.set(name, check);
}

export async function runHealthChecks(): Promise<Record<string, boolean>> {
  const results: Record<string, boolean> = {};
  for (const [name, check] of checks) results[name] = await Promise.resolve(check()).catch(() => false);
  return results;
}
