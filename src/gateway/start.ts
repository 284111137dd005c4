// Placeholder until the gateway lands: keeps the command tree building.
export async function startGateway(_argv: string[]): Promise<void> {
  process.stderr.write("mon gateway: not built yet\n");
  process.exit(1);
}
