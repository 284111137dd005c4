// Every collector mon has, in one explicit list, each with whether it is
// enabled by default (as in node_exporter 1.12.1). A collector is added here
// (a default one also in default-collectors.ts) and nowhere else (its
// options, if any, in collectors/options/<name>.ts).
//
// A collector's module is imported only when the collector is enabled
// (ExporterRegistry.create, once at start-up, before serving): the bundle
// evaluates a module's top level when it is first imported, and compile.ts
// splits the binary at dynamic imports, so a disabled collector's code is
// neither loaded nor run. The default collectors are imported together, as
// one module (default-collectors.ts says why); each other collector alone.
// What the flag table needs of every collector, enabled or not (its name,
// default and option flags), is here instead; the options live in
// collectors/options/<name>.ts, which the collector imports too.

import type { FlagTable } from "../flags/flag-table.ts";
import type { AnyCollectorDefinition } from "./collector.ts";
import { ARP_OPTIONS } from "./collectors/options/arp.ts";
import { BCACHE_OPTIONS } from "./collectors/options/bcache.ts";
import { CPU_OPTIONS } from "./collectors/options/cpu.ts";
import { DISKSTATS_OPTIONS } from "./collectors/options/diskstats.ts";
import { ETHTOOL_OPTIONS } from "./collectors/options/ethtool.ts";
import { FILESYSTEM_OPTIONS } from "./collectors/options/filesystem.ts";
import { HWMON_OPTIONS } from "./collectors/options/hwmon.ts";
import { INFINIBAND_OPTIONS } from "./collectors/options/infiniband.ts";
import { INTERRUPTS_OPTIONS } from "./collectors/options/interrupts.ts";
import { IPVS_OPTIONS } from "./collectors/options/ipvs.ts";
import { NETCLASS_OPTIONS } from "./collectors/options/netclass.ts";
import { NETDEV_OPTIONS } from "./collectors/options/netdev.ts";
import { NETSTAT_OPTIONS } from "./collectors/options/netstat.ts";
import { PCIDEVICE_OPTIONS } from "./collectors/options/pcidevice.ts";
import { PERF_OPTIONS } from "./collectors/options/perf.ts";
import { POWERSUPPLYCLASS_OPTIONS } from "./collectors/options/powersupplyclass.ts";
import { QDISC_OPTIONS } from "./collectors/options/qdisc.ts";
import { RAPL_OPTIONS } from "./collectors/options/rapl.ts";
import { RUNIT_OPTIONS } from "./collectors/options/runit.ts";
import { SLABINFO_OPTIONS } from "./collectors/options/slabinfo.ts";
import { STAT_OPTIONS } from "./collectors/options/stat.ts";
import { SUPERVISORD_OPTIONS } from "./collectors/options/supervisord.ts";
import { SYSCTL_OPTIONS } from "./collectors/options/sysctl.ts";
import { SYSTEMD_OPTIONS } from "./collectors/options/systemd.ts";
import { TAPESTATS_OPTIONS } from "./collectors/options/tapestats.ts";
import { TEXTFILE_OPTIONS } from "./collectors/options/textfile.ts";
import { VMSTAT_OPTIONS } from "./collectors/options/vmstat.ts";
import { WIFI_OPTIONS } from "./collectors/options/wifi.ts";

export interface RegisteredCollector {
  /** As the collector's definition names it (a test checks that they agree). */
  name: string;
  defaultEnabled: boolean;
  /** The collector's option flags: the very table its definition declares. */
  options?: FlagTable;
  /** As CollectorDefinition.externalSeries. */
  externalSeries?: boolean;
  /** Imports the collector's module; called only for an enabled collector. */
  load(): Promise<AnyCollectorDefinition>;
}

type Load = RegisteredCollector["load"];
type Extra = Pick<RegisteredCollector, "options" | "externalSeries">;

type DefaultCollectors = typeof import("./default-collectors.ts");

// A default collector can only be picked from default-collectors.ts, so it
// loads with the others (collector-list.test.ts checks that the module holds
// the default collectors and no other).
const on = (name: string, pick: (d: DefaultCollectors) => AnyCollectorDefinition, extra: Extra = {}): RegisteredCollector => ({
  name,
  defaultEnabled: true,
  load: async () => pick(await import("./default-collectors.ts")),
  ...extra,
});
const off = (name: string, load: Load, extra: Extra = {}): RegisteredCollector => ({ name, defaultEnabled: false, load, ...extra });

export const COLLECTORS: RegisteredCollector[] = [
  on("arp", (d) => d.arpCollector, { options: ARP_OPTIONS }),
  on("bcache", (d) => d.bcacheCollector, { options: BCACHE_OPTIONS }),
  on("bcachefs", (d) => d.bcachefsCollector),
  on("bonding", (d) => d.bondingCollector),
  on("btrfs", (d) => d.btrfsCollector),
  off("buddyinfo", async () => (await import("./collectors/buddyinfo.ts")).buddyinfoCollector),
  off("cgroups", async () => (await import("./collectors/cgroups.ts")).cgroupsCollector),
  on("conntrack", (d) => d.conntrackCollector),
  on("cpu", (d) => d.cpuCollector, { options: CPU_OPTIONS }),
  on("cpufreq", (d) => d.cpufreqCollector),
  off("cpu_vulnerabilities", async () => (await import("./collectors/cpu-vulnerabilities.ts")).cpuVulnerabilitiesCollector),
  on("diskstats", (d) => d.diskstatsCollector, { options: DISKSTATS_OPTIONS }),
  on("dmi", (d) => d.dmiCollector),
  on("dmmultipath", (d) => d.dmmultipathCollector),
  off("drbd", async () => (await import("./collectors/drbd.ts")).drbdCollector),
  off("drm", async () => (await import("./collectors/drm.ts")).drmCollector),
  on("edac", (d) => d.edacCollector),
  on("entropy", (d) => d.entropyCollector),
  off("ethtool", async () => (await import("./collectors/ethtool.ts")).ethtoolCollector, { options: ETHTOOL_OPTIONS }),
  on("fibrechannel", (d) => d.fibrechannelCollector),
  on("filefd", (d) => d.filefdCollector),
  on("filesystem", (d) => d.filesystemCollector, { options: FILESYSTEM_OPTIONS }),
  on("hwmon", (d) => d.hwmonCollector, { options: HWMON_OPTIONS }),
  on("infiniband", (d) => d.infinibandCollector, { options: INFINIBAND_OPTIONS }),
  off("interrupts", async () => (await import("./collectors/interrupts.ts")).interruptsCollector, { options: INTERRUPTS_OPTIONS }),
  on("ipvs", (d) => d.ipvsCollector, { options: IPVS_OPTIONS }),
  on("kernel_hung", (d) => d.kernelHungCollector),
  off("ksmd", async () => (await import("./collectors/ksmd.ts")).ksmdCollector),
  off("lnstat", async () => (await import("./collectors/lnstat.ts")).lnstatCollector),
  on("loadavg", (d) => d.loadavgCollector),
  off("logind", async () => (await import("./collectors/logind.ts")).logindCollector),
  on("mdadm", (d) => d.mdadmCollector),
  on("meminfo", (d) => d.meminfoCollector),
  off("meminfo_numa", async () => (await import("./collectors/meminfo-numa.ts")).meminfoNumaCollector),
  off("mountstats", async () => (await import("./collectors/mountstats.ts")).mountstatsCollector),
  on("netclass", (d) => d.netclassCollector, { options: NETCLASS_OPTIONS }),
  on("netdev", (d) => d.netdevCollector, { options: NETDEV_OPTIONS }),
  on("netstat", (d) => d.netstatCollector, { options: NETSTAT_OPTIONS }),
  off("network_route", async () => (await import("./collectors/network-route.ts")).networkRouteCollector),
  on("nfs", (d) => d.nfsCollector),
  on("nfsd", (d) => d.nfsdCollector),
  on("nvme", (d) => d.nvmeCollector),
  off("nvmesubsystem", async () => (await import("./collectors/nvmesubsystem.ts")).nvmesubsystemCollector),
  on("os", (d) => d.osCollector),
  off("pcidevice", async () => (await import("./collectors/pcidevice.ts")).pcideviceCollector, { options: PCIDEVICE_OPTIONS }),
  off("perf", async () => (await import("./collectors/perf.ts")).perfCollector, { options: PERF_OPTIONS }),
  on("powersupplyclass", (d) => d.powersupplyclassCollector, { options: POWERSUPPLYCLASS_OPTIONS }),
  on("pressure", (d) => d.pressureCollector),
  off("processes", async () => (await import("./collectors/processes.ts")).processesCollector),
  off("qdisc", async () => (await import("./collectors/qdisc.ts")).qdiscCollector, { options: QDISC_OPTIONS }),
  on("rapl", (d) => d.raplCollector, { options: RAPL_OPTIONS }),
  off("runit", async () => (await import("./collectors/runit.ts")).runitCollector, { options: RUNIT_OPTIONS }),
  on("schedstat", (d) => d.schedstatCollector),
  on("selinux", (d) => d.selinuxCollector),
  off("slabinfo", async () => (await import("./collectors/slabinfo.ts")).slabinfoCollector, { options: SLABINFO_OPTIONS }),
  on("sockstat", (d) => d.sockstatCollector),
  off("softirqs", async () => (await import("./collectors/softirqs.ts")).softirqsCollector),
  on("softnet", (d) => d.softnetCollector),
  on("stat", (d) => d.statCollector, { options: STAT_OPTIONS }),
  off("supervisord", async () => (await import("./collectors/supervisord.ts")).supervisordCollector, { options: SUPERVISORD_OPTIONS }),
  off("swap", async () => (await import("./collectors/swap.ts")).swapCollector),
  off("sysctl", async () => (await import("./collectors/sysctl.ts")).sysctlCollector, { options: SYSCTL_OPTIONS }),
  off("systemd", async () => (await import("./collectors/systemd.ts")).systemdCollector, { options: SYSTEMD_OPTIONS }),
  on("tapestats", (d) => d.tapestatsCollector, { options: TAPESTATS_OPTIONS }),
  off("tcpstat", async () => (await import("./collectors/tcpstat.ts")).tcpstatCollector),
  on("textfile", (d) => d.textfileCollector, { options: TEXTFILE_OPTIONS, externalSeries: true }),
  on("thermal_zone", (d) => d.thermalZoneCollector),
  on("time", (d) => d.timeCollector),
  on("timex", (d) => d.timexCollector),
  on("udp_queues", (d) => d.udpQueuesCollector),
  on("uname", (d) => d.unameCollector),
  on("vmstat", (d) => d.vmstatCollector, { options: VMSTAT_OPTIONS }),
  on("watchdog", (d) => d.watchdogCollector),
  off("wifi", async () => (await import("./collectors/wifi.ts")).wifiCollector, { options: WIFI_OPTIONS }),
  off("xfrm", async () => (await import("./collectors/xfrm.ts")).xfrmCollector),
  on("xfs", (d) => d.xfsCollector),
  on("zfs", (d) => d.zfsCollector),
  off("zoneinfo", async () => (await import("./collectors/zoneinfo.ts")).zoneinfoCollector),
];
