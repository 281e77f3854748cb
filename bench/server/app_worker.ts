/**
 * One serving worker of `app_server.ts`: the bench app (`bench_app.ts`) on the pool's port.
 *
 * @module
 */
import { serveWorker } from "../../lib/app/worker_pool.ts";
import { type BenchAppInit, startBenchApp } from "./bench_app.ts";

/** What `app_server.ts` hands each worker. */
export type AppWorkerInit = BenchAppInit;

serveWorker((init, port) => startBenchApp(init as AppWorkerInit, port));
