// node_exporter's deviceFilter: a device is ignored when it matches the
// exclude pattern or does not match the include pattern. Patterns are
// unanchored, as Go's MatchString is.

import { compileGoRegexp } from "../go/regexp.ts";

export class DeviceFilter {
  private readonly exclude?: RegExp;
  private readonly include?: RegExp;

  constructor(excludePattern: string, includePattern: string, what = "device filter") {
    if (excludePattern !== "") this.exclude = compileGoRegexp(excludePattern, `${what} exclude`);
    if (includePattern !== "") this.include = compileGoRegexp(includePattern, `${what} include`);
  }

  ignored(name: string): boolean {
    return (this.exclude !== undefined && this.exclude.test(name)) || (this.include !== undefined && !this.include.test(name));
  }
}
