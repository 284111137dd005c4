// The pci.ids database (vendors, devices, subsystems and classes by hex id)
// for --collector.pcidevice.names, parsed as node_exporter's loadPCIIds does:
// fields separated by two spaces, nesting by leading tabs, "C " for classes.

export interface PciIds {
  vendors: Map<string, string>;
  /** vendor -> device -> name */
  devices: Map<string, Map<string, string>>;
  /** "vendor:device" -> "subvendor:subdevice" -> name */
  subsystems: Map<string, Map<string, string>>;
  /** base class (2 hex digits) -> name */
  classes: Map<string, string>;
  /** base class + subclass (4 digits) -> name */
  subclasses: Map<string, string>;
  /** base class + subclass + programming interface (6 digits) -> name */
  progIfs: Map<string, string>;
}

function idAndName(line: string): [string, string] | undefined {
  const i = line.indexOf("  ");
  return i < 0 ? undefined : [line.slice(0, i).trim(), line.slice(i + 2).trim()];
}

export function parsePciIds(text: string): PciIds {
  const ids: PciIds = {
    vendors: new Map(),
    devices: new Map(),
    subsystems: new Map(),
    classes: new Map(),
    subclasses: new Map(),
    progIfs: new Map(),
  };
  let vendor = "";
  let device = "";
  let baseClass = "";
  let subclass = "";
  let inClasses = false;
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const depth = line.startsWith("\t\t") ? 2 : line.startsWith("\t") ? 1 : 0;
    if (depth === 0 && line.startsWith("C ")) {
      const f = idAndName(line);
      if (f) {
        baseClass = f[0].slice(1).trim();
        ids.classes.set(baseClass, f[1]);
        inClasses = true;
      }
      continue;
    }
    if (depth > 0 && line.startsWith("\t\t\t")) continue;
    const f = idAndName(line.slice(depth));
    if (inClasses && depth === 1) {
      if (f && baseClass !== "") {
        subclass = baseClass + f[0];
        ids.subclasses.set(subclass, f[1]);
      }
    } else if (inClasses && depth === 2) {
      if (f && subclass !== "") ids.progIfs.set(subclass + f[0], f[1]);
    } else if (depth === 0) {
      if (f) {
        vendor = f[0];
        ids.vendors.set(vendor, f[1]);
        device = "";
        inClasses = false;
      }
    } else if (depth === 1) {
      if (f && vendor !== "") {
        device = f[0];
        let m = ids.devices.get(vendor);
        if (!m) ids.devices.set(vendor, (m = new Map()));
        m.set(device, f[1]);
      }
    } else if (f && vendor !== "" && device !== "") {
      const key = `${vendor}:${device}`;
      let m = ids.subsystems.get(key);
      if (!m) ids.subsystems.set(key, (m = new Map()));
      const sub = f[0].split(/\s+/).filter((s) => s !== "");
      if (sub.length === 2) m.set(`${sub[0]}:${sub[1]}`, f[1]);
    }
  }
  return ids;
}

const bare = (id: string) => (id.startsWith("0x") ? id.slice(2) : id).toLowerCase();

/** Names for ids as the collector labels them ("0x8086"); an unknown id comes back without "0x". */
export function pciVendorName(ids: PciIds, vendor: string): string {
  return ids.vendors.get(bare(vendor)) ?? bare(vendor);
}

export function pciDeviceName(ids: PciIds, vendor: string, device: string): string {
  return ids.devices.get(bare(vendor))?.get(bare(device)) ?? bare(device);
}

export function pciSubsystemName(ids: PciIds, vendor: string, device: string, subVendor: string, subDevice: string): string {
  // Upstream does not lower-case these, unlike the other lookups.
  const strip = (id: string) => (id.startsWith("0x") ? id.slice(2) : id);
  const name = ids.subsystems.get(`${strip(vendor)}:${strip(device)}`)?.get(`${strip(subVendor)}:${strip(subDevice)}`);
  return name ?? strip(subDevice);
}

export function pciClassName(ids: PciIds, classId: string): string {
  const c = bare(classId);
  const name =
    (c.length >= 6 ? ids.progIfs.get(c.slice(0, 6)) : undefined) ??
    (c.length >= 4 ? ids.subclasses.get(c.slice(0, 4)) : undefined) ??
    (c.length >= 2 ? ids.classes.get(c.slice(0, 2)) : undefined);
  return name ?? `Unknown class (${c})`;
}
