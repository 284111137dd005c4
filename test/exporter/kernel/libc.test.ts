import { expect, test } from "bun:test";
import { errnoName } from "../../../src/exporter/kernel/libc.ts";

// The names node:fs gives in `code`; where Linux gives two names one number,
// the one perf's and the sysfs readers' checks expect.
test.each([
  [1, "EPERM"],
  [2, "ENOENT"],
  [11, "EAGAIN"],
  [13, "EACCES"],
  [22, "EINVAL"],
  [38, "ENOSYS"],
  [95, "EOPNOTSUPP"],
  [99999, "errno 99999"],
])("errnoName(%p) is %p", (errno, name) => {
  expect(errnoName(errno)).toBe(name);
});
