import { Schema } from "effect"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

const Issue = Schema.Struct({
  /** From the body's root: `["config", "allowedHosts", 0]`, `["extra", "ho-chi-minh", "hostAddress"]`. */
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String,
})

/** No such workspace plugin, or not installed in this tenant (404). */
export class PluginNotFound extends Schema.TaggedError<PluginNotFound>()("PluginNotFound", { message: Message }) {
  static readonly of = (pluginId: string) =>
    new PluginNotFound({
      message: {
        vi: `Không có phần mở rộng "${pluginId}" trong đơn vị này.`,
        en: `There is no plugin "${pluginId}" in this tenant.`,
      },
    })
}

/**
 * Input for a plugin that its Schemas refuse: a config (install, configure, upgrade) or its form
 * fields (`extra.<pluginId>.<name>`). A 400 with the path of each wrong field.
 */
export class PluginInputInvalid extends Schema.TaggedError<PluginInputInvalid>()("PluginInputInvalid", {
  message: Message,
  issues: Schema.Array(Issue),
}) {}

/** The installation is not in a state for this (already installed, already at this version…): 409. */
export class PluginStateConflict extends Schema.TaggedError<PluginStateConflict>()("PluginStateConflict", {
  message: Message,
  rule: Schema.String,
}) {}
