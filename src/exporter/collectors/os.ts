import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { OS_RELEASE_FILES, readOsRelease } from "../host/os-release.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const OS_INFO = metricDesc(
  "node_os_info",
  "gauge",
  "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.",
  ["build_id", "id", "id_like", "image_id", "image_version", "name", "pretty_name", "variant", "variant_id", "version", "version_codename", "version_id"],
);
const OS_VERSION = metricDesc(
  "node_os_version",
  "gauge",
  "Metric containing the major.minor part of the OS version.",
  ["id", "id_like", "name"],
);
const OS_SUPPORT_END_TIMESTAMP_SECONDS = metricDesc(
  "node_os_support_end_timestamp_seconds",
  "gauge",
  "Metric containing the end-of-life date timestamp of the OS.",
);

const MAJOR_MINOR_RE = /^[0-9]+\.?[0-9]*/;
const DATE_ONLY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Go's time.Parse(time.DateOnly, s) as Unix seconds (UTC midnight). */
export function parseDateOnly(s: string): number {
  const m = DATE_ONLY_RE.exec(s);
  if (!m) throw new Error(`SUPPORT_END: cannot parse "${s}" as "2006-01-02"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (mo < 1 || mo > 12 || back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1) {
    throw new Error(`SUPPORT_END: day or month out of range in "${s}"`);
  }
  return ms / 1000;
}

export const osCollector: CollectorDefinition = {
  name: "os",
  create: ({ paths, logger }) => ({
    update(out) {
      const found = readOsRelease(paths);
      if (!found) {
        logger.debug("no os-release file found", { files: OS_RELEASE_FILES.map((f) => `/${f}`).join(",") });
        throw new NoDataError("no os-release file found");
      }
      const env = (k: string) => found.env.get(k) ?? "";
      const versionText = MAJOR_MINOR_RE.exec(env("VERSION_ID"))?.[0] ?? "";
      const version = versionText === "" ? 0 : Number(versionText);
      const supportEnd = env("SUPPORT_END");
      const supportEndSeconds = supportEnd === "" ? undefined : parseDateOnly(supportEnd);

      out.add(OS_INFO, 1, {
          build_id: env("BUILD_ID"),
          id: env("ID"),
          id_like: env("ID_LIKE"),
          image_id: env("IMAGE_ID"),
          image_version: env("IMAGE_VERSION"),
          name: env("NAME"),
          pretty_name: env("PRETTY_NAME"),
          variant: env("VARIANT"),
          variant_id: env("VARIANT_ID"),
          version: env("VERSION"),
          version_codename: env("VERSION_CODENAME"),
          version_id: env("VERSION_ID"),
        });
      if (version > 0) {
        out.add(OS_VERSION, version, {
          id: env("ID"),
          id_like: env("ID_LIKE"),
          name: env("NAME"),
        });
      }
      if (supportEndSeconds !== undefined) {
        out.add(OS_SUPPORT_END_TIMESTAMP_SECONDS, supportEndSeconds);
      }
    },
  }),
};
