// node_exporter's drm collector: AMD GPU load and memory from
// /sys/class/drm/card?/device.

import type { CollectorDefinition } from "../collector.ts";
import { readAmdGpuCards } from "../host/sysfs/drm.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const DRM_GPU_BUSY_PERCENT = metricDesc(
  "node_drm_gpu_busy_percent",
  "gauge",
  "How busy the GPU is as a percentage.",
  ["card"],
);
const DRM_MEMORY_GTT_SIZE_BYTES = metricDesc(
  "node_drm_memory_gtt_size_bytes",
  "gauge",
  "The size of the graphics translation table (GTT) block in bytes.",
  ["card"],
);
const DRM_MEMORY_GTT_USED_BYTES = metricDesc(
  "node_drm_memory_gtt_used_bytes",
  "gauge",
  "The used amount of the graphics translation table (GTT) block in bytes.",
  ["card"],
);
const DRM_MEMORY_VRAM_SIZE_BYTES = metricDesc(
  "node_drm_memory_vram_size_bytes",
  "gauge",
  "The size of VRAM in bytes.",
  ["card"],
);
const DRM_MEMORY_VRAM_USED_BYTES = metricDesc(
  "node_drm_memory_vram_used_bytes",
  "gauge",
  "The used amount of VRAM in bytes.",
  ["card"],
);
const DRM_MEMORY_VIS_VRAM_SIZE_BYTES = metricDesc(
  "node_drm_memory_vis_vram_size_bytes",
  "gauge",
  "The size of visible VRAM in bytes.",
  ["card"],
);
const DRM_MEMORY_VIS_VRAM_USED_BYTES = metricDesc(
  "node_drm_memory_vis_vram_used_bytes",
  "gauge",
  "The used amount of visible VRAM in bytes.",
  ["card"],
);

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
          out.add(DRM_GPU_BUSY_PERCENT, s.gpuBusyPercent, card);
          out.add(DRM_MEMORY_GTT_SIZE_BYTES, s.memoryGTTSize, card);
          out.add(DRM_MEMORY_GTT_USED_BYTES, s.memoryGTTUsed, card);
          out.add(DRM_MEMORY_VRAM_SIZE_BYTES, s.memoryVRAMSize, card);
          out.add(DRM_MEMORY_VRAM_USED_BYTES, s.memoryVRAMUsed, card);
          out.add(DRM_MEMORY_VIS_VRAM_SIZE_BYTES, s.memoryVisibleVRAMSize, card);
          out.add(DRM_MEMORY_VIS_VRAM_USED_BYTES, s.memoryVisibleVRAMUsed, card);
        }
      },
    };
  },
};
