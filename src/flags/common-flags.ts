// Flags several commands share: exporter-toolkit's web flags (both servers)
// and the log flags.

import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel, type Logger, createLogger } from "../telemetry/logger.ts";
import { type FlagValues, type TypedFlagValues, defineFlags } from "./flag-table.ts";

/**
 * exporter-toolkit's kingpinflag.AddFlags, in its order, with the examples
 * on the mode's own port (upstream's help shows :9100 to the Pushgateway
 * too) and without upstream's vsock example, which mon does not serve.
 */
export function webFlags(defaultPort: number) {
  return defineFlags({
    systemdSocket: {
      name: "web.systemd-socket",
      kind: "bool",
      help: "Use systemd socket activation listeners instead of port listeners (Linux only).",
    },
    listenAddress: {
      name: "web.listen-address",
      kind: "strings",
      default: `:${defaultPort}`,
      help: `Addresses on which to expose metrics and web interface. Repeatable for multiple addresses. Examples: \`:${defaultPort}\` or \`[::1]:${defaultPort}\` for http`,
    },
    configFile: {
      name: "web.config.file",
      kind: "string",
      default: "",
      help: "Path to configuration file that can enable TLS or authentication. See: https://github.com/prometheus/exporter-toolkit/blob/master/docs/web-configuration.md",
    },
  });
}

/** The web flags as the exporter's and the gateway's launchers take them. */
export function webListenConfig(v: TypedFlagValues<ReturnType<typeof webFlags>>): {
  listenAddresses: string[];
  systemdSocket: boolean;
  webConfigFile: string;
} {
  return { listenAddresses: v.listenAddress, systemdSocket: v.systemdSocket, webConfigFile: v.configFile };
}

export const LOG_FLAGS = defineFlags({
  logLevel: {
    name: "log.level",
    kind: "string",
    default: "info",
    choices: LOG_LEVELS,
    help: "Only log messages with the given severity or above. One of: [debug, info, warn, error]",
  },
  logFormat: {
    name: "log.format",
    kind: "string",
    default: "logfmt",
    choices: LOG_FORMATS,
    help: "Output format of log messages. One of: [logfmt, json]",
  },
});

/** The logger --log.level and --log.format ask for; `write` replaces stderr (tests). */
export function loggerFromFlags(flags: FlagValues, write?: (line: string) => void): Logger {
  const { logLevel, logFormat } = flags.read(LOG_FLAGS);
  return createLogger({ level: logLevel as LogLevel, format: logFormat as LogFormat, write });
}
