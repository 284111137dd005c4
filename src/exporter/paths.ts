// The one place that knows where the host's pseudo-filesystems live. Every
// collector builds its file paths through these functions, so --path.procfs,
// --path.sysfs, --path.rootfs and --path.udev.data move all of them.

import { join } from "node:path";

export interface HostPaths {
  procfs: string;
  sysfs: string;
  rootfs: string;
  udevData: string;
}

export const DEFAULT_PATHS: HostPaths = {
  procfs: "/proc",
  sysfs: "/sys",
  rootfs: "/",
  udevData: "/run/udev/data",
};

export class Paths {
  constructor(readonly config: HostPaths) {}

  proc(...parts: string[]): string {
    return join(this.config.procfs, ...parts);
  }
  sys(...parts: string[]): string {
    return join(this.config.sysfs, ...parts);
  }
  rootfs(...parts: string[]): string {
    return join(this.config.rootfs, ...parts);
  }
  udev(...parts: string[]): string {
    return join(this.config.udevData, ...parts);
  }
  /**
   * node_exporter's rootfsStripPrefix: a mount point as seen from inside the
   * rootfs, e.g. /host/var -> /var when --path.rootfs=/host.
   */
  stripRootfs(path: string): string {
    const root = this.config.rootfs;
    if (root === "/") return path;
    const stripped = path.startsWith(root) ? path.slice(root.length) : path;
    return stripped === "" ? "/" : stripped;
  }
}

/** Where pci.ids is looked for when --collector.pcidevice.idsfile is not given (upstream's list, not under rootfs). */
export const PCI_IDS_DEFAULT_FILES = ["/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids"];
