import type { CollectorDefinition } from "../collector.ts";
import { type FileNr, readFileNr } from "../host/procfs/file-nr.ts";

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
      out.gauge("node_filefd_allocated", "File descriptor statistics: allocated.", s.allocated);
      out.gauge("node_filefd_maximum", "File descriptor statistics: maximum.", s.maximum);
    },
  }),
};
