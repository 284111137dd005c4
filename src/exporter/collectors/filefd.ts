import type { CollectorDefinition } from "../collector.ts";
import { type FileNr, readFileNr } from "../host/procfs/file-nr.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const FILEFD_ALLOCATED = metricDesc("node_filefd_allocated", "gauge", "File descriptor statistics: allocated.");
const FILEFD_MAXIMUM = metricDesc("node_filefd_maximum", "gauge", "File descriptor statistics: maximum.");

export const filefdCollector: CollectorDefinition = {
  name: "filefd",
  create: ({ paths }) => ({
    update(out) {
      let s: FileNr;
      try {
        s = readFileNr(paths);
      } catch (err) {
        throw new Error(`couldn't get file-nr: ${(err as Error).message}`, { cause: err });
      }
      out.add(FILEFD_ALLOCATED, s.allocated);
      out.add(FILEFD_MAXIMUM, s.maximum);
    },
  }),
};
