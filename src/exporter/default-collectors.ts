// The collectors enabled by default, imported as one module when any of them
// is enabled (collector-list.ts). compile.ts splits the bundle at dynamic
// imports, and each module loaded from its own chunk costs private memory of
// its own (module record, environment, bindings of what it imports): 49
// default collectors imported one by one made `mon exporter` load 85 chunks
// and hold ~0.3-0.5 MiB more Pss_Anon than with them in one (31 chunks).
// Every default run needs them all, so nothing is lost by loading them
// together; the other collectors stay one module each, loaded when enabled.

export { arpCollector } from "./collectors/arp.ts";
export { bcacheCollector } from "./collectors/bcache.ts";
export { bcachefsCollector } from "./collectors/bcachefs.ts";
export { bondingCollector } from "./collectors/bonding.ts";
export { btrfsCollector } from "./collectors/btrfs.ts";
export { conntrackCollector } from "./collectors/conntrack.ts";
export { cpuCollector } from "./collectors/cpu.ts";
export { cpufreqCollector } from "./collectors/cpufreq.ts";
export { diskstatsCollector } from "./collectors/diskstats.ts";
export { dmiCollector } from "./collectors/dmi.ts";
export { dmmultipathCollector } from "./collectors/dmmultipath.ts";
export { edacCollector } from "./collectors/edac.ts";
export { entropyCollector } from "./collectors/entropy.ts";
export { fibrechannelCollector } from "./collectors/fibrechannel.ts";
export { filefdCollector } from "./collectors/filefd.ts";
export { filesystemCollector } from "./collectors/filesystem.ts";
export { hwmonCollector } from "./collectors/hwmon.ts";
export { infinibandCollector } from "./collectors/infiniband.ts";
export { ipvsCollector } from "./collectors/ipvs.ts";
export { kernelHungCollector } from "./collectors/kernel-hung.ts";
export { loadavgCollector } from "./collectors/loadavg.ts";
export { mdadmCollector } from "./collectors/mdadm.ts";
export { meminfoCollector } from "./collectors/meminfo.ts";
export { netclassCollector } from "./collectors/netclass.ts";
export { netdevCollector } from "./collectors/netdev.ts";
export { netstatCollector } from "./collectors/netstat.ts";
export { nfsCollector } from "./collectors/nfs.ts";
export { nfsdCollector } from "./collectors/nfsd.ts";
export { nvmeCollector } from "./collectors/nvme.ts";
export { osCollector } from "./collectors/os.ts";
export { powersupplyclassCollector } from "./collectors/powersupplyclass.ts";
export { pressureCollector } from "./collectors/pressure.ts";
export { raplCollector } from "./collectors/rapl.ts";
export { schedstatCollector } from "./collectors/schedstat.ts";
export { selinuxCollector } from "./collectors/selinux.ts";
export { sockstatCollector } from "./collectors/sockstat.ts";
export { softnetCollector } from "./collectors/softnet.ts";
export { statCollector } from "./collectors/stat.ts";
export { tapestatsCollector } from "./collectors/tapestats.ts";
export { textfileCollector } from "./collectors/textfile.ts";
export { thermalZoneCollector } from "./collectors/thermal-zone.ts";
export { timeCollector } from "./collectors/time.ts";
export { timexCollector } from "./collectors/timex.ts";
export { udpQueuesCollector } from "./collectors/udp-queues.ts";
export { unameCollector } from "./collectors/uname.ts";
export { vmstatCollector } from "./collectors/vmstat.ts";
export { watchdogCollector } from "./collectors/watchdog.ts";
export { xfsCollector } from "./collectors/xfs.ts";
export { zfsCollector } from "./collectors/zfs.ts";
