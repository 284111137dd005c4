// node_exporter's drm collector: AMD GPU load and memory from
// /sys/class/drm/card?/device.

import type { CollectorDefinition } from "../collector.ts";
import { readAmdGpuCards } from "../host/sysfs/drm.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const DRM_CARD_INFO = metricDesc(
  "node_drm_card_info",
  "gauge",
  "Card information",
  ["card", "memory_vendor", "power_performance_level", "unique_id", "vendor"],
);

export const drmCollector: CollectorDefinition = {
  name: "drm",
  create({ paths }) {
    return {
      update(out) {
        for (const s of readAmdGpuCards(paths)) {
          const card = { card: s.name };
          out.add(DRM_CARD_INFO, 1, {
            card: s.name,
            memory_vendor: s.memoryVRAMVendor,
            power_performance_level: s.powerDPMForcePerformanceLevel,
            unique_id: s.uniqueId,
            vendor: "amd",
          });
          out.gauge("node_drm_gpu_busy_percent", "How busy the GPU is as a percentage.", s.gpuBusyPercent, card);
          out.gauge("node_drm_memory_gtt_size_bytes", "The size of the graphics translation table (GTT) block in bytes.", s.memoryGTTSize, card);
          out.gauge("node_drm_memory_gtt_used_bytes", "The used amount of the graphics translation table (GTT) block in bytes.", s.memoryGTTUsed, card);
          out.gauge("node_drm_memory_vram_size_bytes", "The size of VRAM in bytes.", s.memoryVRAMSize, card);
          out.gauge("node_drm_memory_vram_used_bytes", "The used amount of VRAM in bytes.", s.memoryVRAMUsed, card);
          out.gauge("node_drm_memory_vis_vram_size_bytes", "The size of visible VRAM in bytes.", s.memoryVisibleVRAMSize, card);
          out.gauge("node_drm_memory_vis_vram_used_bytes", "The used amount of visible VRAM in bytes.", s.memoryVisibleVRAMUsed, card);
        }
      },
    };
  },
};
