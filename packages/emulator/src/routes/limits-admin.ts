import type { Router } from "../router.js";
import type { EmulatorServices } from "../services.js";

/**
 * `GET /_emulator/limits`: the plan in force, every API key's buckets and files/min window, and
 * per-category counts of answered and refused requests. `POST /_emulator/limits/reset` refills the
 * buckets, empties the windows (queued runs may start at once) and zeroes the counters.
 */
export function limitsAdminRoutes(router: Router, services: EmulatorServices): void {
  const snapshot = () =>
    services.limiter.snapshot(services.clock.now(), (quota) =>
      services.engine.countQueued((run) => run.quota === quota),
    );
  router.on("GET", "/_emulator/limits", snapshot).on("POST", "/_emulator/limits/reset", () => {
    services.limiter.reset(services.clock.now());
    services.engine.pump();
    return snapshot();
  });
}
