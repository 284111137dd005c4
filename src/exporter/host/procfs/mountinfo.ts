// /proc/<pid>/mountinfo (see proc(5)): "id parent major:minor root
// mountpoint options [optional...] - fstype source superoptions". Checked as
// procfs v0.14 does; only what mon uses is kept.

export interface MountInfo {
  /** "major:minor" of the device, as written. */
  majorMinor: string;
  mountPoint: string;
  /** Per-mount options (field 6). */
  options: Map<string, string>;
  fsType: string;
  source: string;
  superOptions: Map<string, string>;
}

function options(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const opt of text.split(",")) {
    const kv = opt.split("=");
    m.set(kv[0], kv.length < 2 ? "" : kv[1]);
  }
  return m;
}

export function parseMountInfo(text: string): MountInfo[] {
  const out: MountInfo[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i].split(" ");
    const n = f.length;
    if (n < 10) throw new Error(`line ${i + 1}: too few fields in mount string: ${lines[i]}`);
    if (f[n - 4] !== "-") throw new Error(`line ${i + 1}: couldn't find separator in expected field: ${f[n - 4]}`);
    if (!/^[+-]?\d+$/.test(f[0])) throw new Error(`line ${i + 1}: mount ID: "${f[0]}"`);
    if (!/^[+-]?\d+$/.test(f[1])) throw new Error(`line ${i + 1}: parent ID: "${f[1]}"`);
    out.push({
      majorMinor: f[2],
      mountPoint: f[4],
      options: options(f[5]),
      fsType: f[n - 3],
      source: f[n - 2],
      superOptions: options(f[n - 1]),
    });
  }
  return out;
}
