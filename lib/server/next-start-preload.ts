// Preloaded by `npm start` (`node --import=./lib/server/next-start-preload.ts node_modules/next/dist/bin/next start`).
import { raiseListenBacklog } from "./listen-backlog.ts";

raiseListenBacklog();
