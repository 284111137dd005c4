// Every collector mon has, in one explicit list, each with whether it is
// enabled by default (as in node_exporter 1.12.1). A collector is added here
// and nowhere else (its options, if any, in collectors/options/<name>.ts).
//
// A collector's module is imported only when the collector is enabled
// (ExporterRegistry.create, once at start-up, before serving): the bundle
// evaluates a module's top level when it is first imported, and compile.ts
// splits the binary at dynamic imports, so a disabled collector's code is
// neither loaded nor run. What the flag table needs of every collector,
// enabled or not (its name, default and option flags), is here instead; the
// options live in collectors/options/<name>.ts, which the collector imports
// too.

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

const on = (name: string, load: Load, extra: Extra = {}): RegisteredCollector => ({ name, defaultEnabled: true, load, ...extra });
const off = (name: string, load: Load, extra: Extra = {}): RegisteredCollector => ({ name, defaultEnabled: false, load, ...extra });

export const COLLECTORS: RegisteredCollector[] = [
  on("arp", async () => (await import("./collectors/arp.ts")).arpCollector, { options: ARP_OPTIONS }),
  on("bcache", async () => (await import("./collectors/bcache.ts")).bcacheCollector, { options: BCACHE_OPTIONS }),
  on("bcachefs", async () => (await import("./collectors/bcachefs.ts")).bcachefsCollector),
  on("bonding", async () => (await import("./collectors/bonding.ts")).bondingCollector),
  on("btrfs", async () => (await import("./collectors/btrfs.ts")).btrfsCollector),
  off("buddyinfo", async () => (await import("./collectors/buddyinfo.ts")).buddyinfoCollector),
  off("cgroups", async () => (await import("./collectors/cgroups.ts")).cgroupsCollector),
  on("conntrack", async () => (await import("./collectors/conntrack.ts")).conntrackCollector),
  on("cpu", async () => (await import("./collectors/cpu.ts")).cpuCollector, { options: CPU_OPTIONS }),
  on("cpufreq", async () => (await import("./collectors/cpufreq.ts")).cpufreqCollector),
  off("cpu_vulnerabilities", async () => (await import("./collectors/cpu-vulnerabilities.ts")).cpuVulnerabilitiesCollector),
  on("diskstats", async () => (await import("./collectors/diskstats.ts")).diskstatsCollector, { options: DISKSTATS_OPTIONS }),
  on("dmi", async () => (await import("./collectors/dmi.ts")).dmiCollector),
  on("dmmultipath", async () => (await import("./collectors/dmmultipath.ts")).dmmultipathCollector),
  off("drbd", async () => (await import("./collectors/drbd.ts")).drbdCollector),
  off("drm", async () => (await import("./collectors/drm.ts")).drmCollector),
  on("edac", async () => (await import("./collectors/edac.ts")).edacCollector),
  on("entropy", async () => (await import("./collectors/entropy.ts")).entropyCollector),
  off("ethtool", async () => (await import("./collectors/ethtool.ts")).ethtoolCollector, { options: ETHTOOL_OPTIONS }),
  on("fibrechannel", async () => (await import("./collectors/fibrechannel.ts")).fibrechannelCollector),
  on("filefd", async () => (await import("./collectors/filefd.ts")).filefdCollector),
  on("filesystem", async () => (await import("./collectors/filesystem.ts")).filesystemCollector, { options: FILESYSTEM_OPTIONS }),
  on("hwmon", async () => (await import("./collectors/hwmon.ts")).hwmonCollector, { options: HWMON_OPTIONS }),
  on("infiniband", async () => (await import("./collectors/infiniband.ts")).infinibandCollector, { options: INFINIBAND_OPTIONS }),
  off("interrupts", async () => (await import("./collectors/interrupts.ts")).interruptsCollector, { options: INTERRUPTS_OPTIONS }),
  on("ipvs", async () => (await import("./collectors/ipvs.ts")).ipvsCollector, { options: IPVS_OPTIONS }),
  on("kernel_hung", async () => (await import("./collectors/kernel-hung.ts")).kernelHungCollector),
  off("ksmd", async () => (await import("./collectors/ksmd.ts")).ksmdCollector),
  off("lnstat", async () => (await import("./collectors/lnstat.ts")).lnstatCollector),
  on("loadavg", async () => (await import("./collectors/loadavg.ts")).loadavgCollector),
  off("logind", async () => (await import("./collectors/logind.ts")).logindCollector),
  on("mdadm", async () => (await import("./collectors/mdadm.ts")).mdadmCollector),
  on("meminfo", async () => (await import("./collectors/meminfo.ts")).meminfoCollector),
  off("meminfo_numa", async () => (await import("./collectors/meminfo-numa.ts")).meminfoNumaCollector),
  off("mountstats", async () => (await import("./collectors/mountstats.ts")).mountstatsCollector),
  on("netclass", async () => (await import("./collectors/netclass.ts")).netclassCollector, { options: NETCLASS_OPTIONS }),
  on("netdev", async () => (await import("./collectors/netdev.ts")).netdevCollector, { options: NETDEV_OPTIONS }),
  on("netstat", async () => (await import("./collectors/netstat.ts")).netstatCollector, { options: NETSTAT_OPTIONS }),
  off("network_route", async () => (await import("./collectors/network-route.ts")).networkRouteCollector),
  on("nfs", async () => (await import("./collectors/nfs.ts")).nfsCollector),
  on("nfsd", async () => (await import("./collectors/nfsd.ts")).nfsdCollector),
  on("nvme", async () => (await import("./collectors/nvme.ts")).nvmeCollector),
  off("nvmesubsystem", async () => (await import("./collectors/nvmesubsystem.ts")).nvmesubsystemCollector),
  on("os", async () => (await import("./collectors/os.ts")).osCollector),
  off("pcidevice", async () => (await import("./collectors/pcidevice.ts")).pcideviceCollector, { options: PCIDEVICE_OPTIONS }),
  off("perf", async () => (await import("./collectors/perf.ts")).perfCollector, { options: PERF_OPTIONS }),
  on("powersupplyclass", async () => (await import("./collectors/powersupplyclass.ts")).powersupplyclassCollector, { options: POWERSUPPLYCLASS_OPTIONS }),
  on("pressure", async () => (await import("./collectors/pressure.ts")).pressureCollector),
  off("processes", async () => (await import("./collectors/processes.ts")).processesCollector),
  off("qdisc", async () => (await import("./collectors/qdisc.ts")).qdiscCollector, { options: QDISC_OPTIONS }),
  on("rapl", async () => (await import("./collectors/rapl.ts")).raplCollector, { options: RAPL_OPTIONS }),
  off("runit", async () => (await import("./collectors/runit.ts")).runitCollector, { options: RUNIT_OPTIONS }),
  on("schedstat", async () => (await import("./collectors/schedstat.ts")).schedstatCollector),
  on("selinux", async () => (await import("./collectors/selinux.ts")).selinuxCollector),
  off("slabinfo", async () => (await import("./collectors/slabinfo.ts")).slabinfoCollector, { options: SLABINFO_OPTIONS }),
  on("sockstat", async () => (await import("./collectors/sockstat.ts")).sockstatCollector),
  off("softirqs", async () => (await import("./collectors/softirqs.ts")).softirqsCollector),
  on("softnet", async () => (await import("./collectors/softnet.ts")).softnetCollector),
  on("stat", async () => (await import("./collectors/stat.ts")).statCollector, { options: STAT_OPTIONS }),
  off("supervisord", async () => (await import("./collectors/supervisord.ts")).supervisordCollector, { options: SUPERVISORD_OPTIONS }),
  off("swap", async () => (await import("./collectors/swap.ts")).swapCollector),
  off("sysctl", async () => (await import("./collectors/sysctl.ts")).sysctlCollector, { options: SYSCTL_OPTIONS }),
  off("systemd", async () => (await import("./collectors/systemd.ts")).systemdCollector, { options: SYSTEMD_OPTIONS }),
  on("tapestats", async () => (await import("./collectors/tapestats.ts")).tapestatsCollector, { options: TAPESTATS_OPTIONS }),
  off("tcpstat", async () => (await import("./collectors/tcpstat.ts")).tcpstatCollector),
  on("textfile", async () => (await import("./collectors/textfile.ts")).textfileCollector, { options: TEXTFILE_OPTIONS, externalSeries: true }),
  on("thermal_zone", async () => (await import("./collectors/thermal-zone.ts")).thermalZoneCollector),
  on("time", async () => (await import("./collectors/time.ts")).timeCollector),
  on("timex", async () => (await import("./collectors/timex.ts")).timexCollector),
  on("udp_queues", async () => (await import("./collectors/udp-queues.ts")).udpQueuesCollector),
  on("uname", async () => (await import("./collectors/uname.ts")).unameCollector),
  on("vmstat", async () => (await import("./collectors/vmstat.ts")).vmstatCollector, { options: VMSTAT_OPTIONS }),
  on("watchdog", async () => (await import("./collectors/watchdog.ts")).watchdogCollector),
  off("wifi", async () => (await import("./collectors/wifi.ts")).wifiCollector, { options: WIFI_OPTIONS }),
  off("xfrm", async () => (await import("./collectors/xfrm.ts")).xfrmCollector),
  on("xfs", async () => (await import("./collectors/xfs.ts")).xfsCollector),
  on("zfs", async () => (await import("./collectors/zfs.ts")).zfsCollector),
  off("zoneinfo", async () => (await import("./collectors/zoneinfo.ts")).zoneinfoCollector),
];
