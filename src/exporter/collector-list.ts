// Every collector mon has, in one explicit list, each with whether it is
// enabled by default (as in node_exporter 1.12.1). A collector is added here
// and nowhere else.

import type { AnyCollectorDefinition } from "./collector.ts";
import { arpCollector } from "./collectors/arp.ts";
import { bcacheCollector } from "./collectors/bcache.ts";
import { bcachefsCollector } from "./collectors/bcachefs.ts";
import { bondingCollector } from "./collectors/bonding.ts";
import { btrfsCollector } from "./collectors/btrfs.ts";
import { buddyinfoCollector } from "./collectors/buddyinfo.ts";
import { cgroupsCollector } from "./collectors/cgroups.ts";
import { conntrackCollector } from "./collectors/conntrack.ts";
import { cpuCollector } from "./collectors/cpu.ts";
import { cpuVulnerabilitiesCollector } from "./collectors/cpu-vulnerabilities.ts";
import { cpufreqCollector } from "./collectors/cpufreq.ts";
import { diskstatsCollector } from "./collectors/diskstats.ts";
import { dmmultipathCollector } from "./collectors/dmmultipath.ts";
import { dmiCollector } from "./collectors/dmi.ts";
import { drbdCollector } from "./collectors/drbd.ts";
import { drmCollector } from "./collectors/drm.ts";
import { edacCollector } from "./collectors/edac.ts";
import { entropyCollector } from "./collectors/entropy.ts";
import { ethtoolCollector } from "./collectors/ethtool.ts";
import { fibrechannelCollector } from "./collectors/fibrechannel.ts";
import { filefdCollector } from "./collectors/filefd.ts";
import { filesystemCollector } from "./collectors/filesystem.ts";
import { hwmonCollector } from "./collectors/hwmon.ts";
import { infinibandCollector } from "./collectors/infiniband.ts";
import { interruptsCollector } from "./collectors/interrupts.ts";
import { ipvsCollector } from "./collectors/ipvs.ts";
import { kernelHungCollector } from "./collectors/kernel-hung.ts";
import { ksmdCollector } from "./collectors/ksmd.ts";
import { lnstatCollector } from "./collectors/lnstat.ts";
import { loadavgCollector } from "./collectors/loadavg.ts";
import { logindCollector } from "./collectors/logind.ts";
import { mdadmCollector } from "./collectors/mdadm.ts";
import { meminfoCollector } from "./collectors/meminfo.ts";
import { meminfoNumaCollector } from "./collectors/meminfo-numa.ts";
import { mountstatsCollector } from "./collectors/mountstats.ts";
import { netclassCollector } from "./collectors/netclass.ts";
import { netdevCollector } from "./collectors/netdev.ts";
import { netstatCollector } from "./collectors/netstat.ts";
import { networkRouteCollector } from "./collectors/network-route.ts";
import { nfsCollector } from "./collectors/nfs.ts";
import { nfsdCollector } from "./collectors/nfsd.ts";
import { nvmeCollector } from "./collectors/nvme.ts";
import { nvmesubsystemCollector } from "./collectors/nvmesubsystem.ts";
import { osCollector } from "./collectors/os.ts";
import { pcideviceCollector } from "./collectors/pcidevice.ts";
import { perfCollector } from "./collectors/perf.ts";
import { powersupplyclassCollector } from "./collectors/powersupplyclass.ts";
import { pressureCollector } from "./collectors/pressure.ts";
import { processesCollector } from "./collectors/processes.ts";
import { qdiscCollector } from "./collectors/qdisc.ts";
import { raplCollector } from "./collectors/rapl.ts";
import { runitCollector } from "./collectors/runit.ts";
import { schedstatCollector } from "./collectors/schedstat.ts";
import { selinuxCollector } from "./collectors/selinux.ts";
import { slabinfoCollector } from "./collectors/slabinfo.ts";
import { sockstatCollector } from "./collectors/sockstat.ts";
import { softirqsCollector } from "./collectors/softirqs.ts";
import { softnetCollector } from "./collectors/softnet.ts";
import { statCollector } from "./collectors/stat.ts";
import { supervisordCollector } from "./collectors/supervisord.ts";
import { swapCollector } from "./collectors/swap.ts";
import { sysctlCollector } from "./collectors/sysctl.ts";
import { systemdCollector } from "./collectors/systemd.ts";
import { tapestatsCollector } from "./collectors/tapestats.ts";
import { tcpstatCollector } from "./collectors/tcpstat.ts";
import { textfileCollector } from "./collectors/textfile.ts";
import { thermalZoneCollector } from "./collectors/thermal-zone.ts";
import { timeCollector } from "./collectors/time.ts";
import { timexCollector } from "./collectors/timex.ts";
import { udpQueuesCollector } from "./collectors/udp-queues.ts";
import { unameCollector } from "./collectors/uname.ts";
import { vmstatCollector } from "./collectors/vmstat.ts";
import { watchdogCollector } from "./collectors/watchdog.ts";
import { wifiCollector } from "./collectors/wifi.ts";
import { xfrmCollector } from "./collectors/xfrm.ts";
import { xfsCollector } from "./collectors/xfs.ts";
import { zfsCollector } from "./collectors/zfs.ts";
import { zoneinfoCollector } from "./collectors/zoneinfo.ts";

export interface RegisteredCollector {
  definition: AnyCollectorDefinition;
  defaultEnabled: boolean;
}

const on = (definition: AnyCollectorDefinition): RegisteredCollector => ({ definition, defaultEnabled: true });
const off = (definition: AnyCollectorDefinition): RegisteredCollector => ({ definition, defaultEnabled: false });

export const COLLECTORS: RegisteredCollector[] = [
  on(arpCollector),
  on(bcacheCollector),
  on(bcachefsCollector),
  on(bondingCollector),
  on(btrfsCollector),
  off(buddyinfoCollector),
  off(cgroupsCollector),
  on(conntrackCollector),
  on(cpuCollector),
  on(cpufreqCollector),
  off(cpuVulnerabilitiesCollector),
  on(diskstatsCollector),
  on(dmiCollector),
  on(dmmultipathCollector),
  off(drbdCollector),
  off(drmCollector),
  on(edacCollector),
  on(entropyCollector),
  off(ethtoolCollector),
  on(fibrechannelCollector),
  on(filefdCollector),
  on(filesystemCollector),
  on(hwmonCollector),
  on(infinibandCollector),
  off(interruptsCollector),
  on(ipvsCollector),
  on(kernelHungCollector),
  off(ksmdCollector),
  off(lnstatCollector),
  on(loadavgCollector),
  off(logindCollector),
  on(mdadmCollector),
  on(meminfoCollector),
  off(meminfoNumaCollector),
  off(mountstatsCollector),
  on(netclassCollector),
  on(netdevCollector),
  on(netstatCollector),
  off(networkRouteCollector),
  on(nfsCollector),
  on(nfsdCollector),
  on(nvmeCollector),
  off(nvmesubsystemCollector),
  on(osCollector),
  off(pcideviceCollector),
  off(perfCollector),
  on(powersupplyclassCollector),
  on(pressureCollector),
  off(processesCollector),
  off(qdiscCollector),
  on(raplCollector),
  off(runitCollector),
  on(schedstatCollector),
  on(selinuxCollector),
  off(slabinfoCollector),
  on(sockstatCollector),
  off(softirqsCollector),
  on(softnetCollector),
  on(statCollector),
  off(supervisordCollector),
  off(swapCollector),
  off(sysctlCollector),
  off(systemdCollector),
  on(tapestatsCollector),
  off(tcpstatCollector),
  on(textfileCollector),
  on(thermalZoneCollector),
  on(timeCollector),
  on(timexCollector),
  on(udpQueuesCollector),
  on(unameCollector),
  on(vmstatCollector),
  on(watchdogCollector),
  off(wifiCollector),
  off(xfrmCollector),
  on(xfsCollector),
  on(zfsCollector),
  off(zoneinfoCollector),
];
