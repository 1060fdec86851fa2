export { type LogLevel, loadConfig, type ServerConfig } from "./config.ts"
export { type RunningServer, startHttpServer } from "./http-server.ts"
export { makeRuntime, type PlatformServices } from "./runtime.ts"
