import type { Json, PluginForm, PluginManifest } from "../manifest.ts"

/**
 * The messages between the host (main thread) and one plugin worker. Everything is structured-clone
 * data: the worker holds the plugin's code, the host holds the data and the network.
 */

/** What the worker is started with (`workerData`). */
export interface WorkerBoot {
  readonly entry: string
  readonly pluginDirectory: string
  /** Folders whose modules a plugin may import besides its own: the dependencies' store, the SDK. */
  readonly importable: ReadonlyArray<string>
  /** The tenant's stored config; absent for a worker that only describes or validates. */
  readonly config?: Json
  readonly tenant?: { readonly code: string; readonly name: string }
}

/** One hook call. */
export type HookCall =
  | { readonly kind: "describe" }
  | { readonly kind: "validateConfig"; readonly config: Json }
  | {
      readonly kind: "decodeFields"
      readonly form: PluginForm
      readonly values: Json
      readonly purpose?: string
      /** On a partial update, only the fields sent are checked for presence. */
      readonly partial?: boolean
    }
  | { readonly kind: "rule"; readonly hook: string; readonly input: Json }
  | { readonly kind: "event"; readonly event: Json }
  | { readonly kind: "job"; readonly jobId: string }
  | { readonly kind: "route"; readonly method: string; readonly path: string; readonly request: Json }
  | { readonly kind: "report"; readonly reportId: string; readonly params: Json }

export type HostToWorker =
  | { readonly type: "call"; readonly callId: number; readonly call: HookCall; readonly nowMs: number }
  | {
      readonly type: "context-answer"
      readonly requestId: number
      readonly ok: boolean
      readonly value?: unknown
      readonly error?: ContextError
    }

/** Why a context call was refused, as the plugin's code sees it (thrown as a `PluginError`). */
export interface ContextError {
  readonly code: string
  readonly text: { readonly vi: string; readonly en: string }
}

/** How a hook failed inside the worker. */
export interface HookError {
  readonly kind: "throw" | "capability" | "invalid"
  readonly message: string
  /** The plugin's own message for the user, when it threw a `PluginError`. */
  readonly text?: { readonly vi: string; readonly en: string }
  readonly code?: string
}

export type WorkerToHost =
  | { readonly type: "ready" }
  | { readonly type: "load-failed"; readonly error: HookError }
  | {
      readonly type: "result"
      readonly callId: number
      readonly ok: boolean
      readonly value?: unknown
      readonly error?: HookError
    }
  | {
      readonly type: "context"
      readonly callId: number
      readonly requestId: number
      readonly op: string
      readonly args: ReadonlyArray<unknown>
    }
  | {
      readonly type: "log"
      readonly level: "info" | "warn" | "error"
      readonly message: string
      readonly data?: unknown
    }

export type { PluginManifest }
