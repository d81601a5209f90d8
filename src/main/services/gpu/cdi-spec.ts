import { parse } from 'yaml'

export interface ParsedCdiSpec {
  kind: string
  devices: string[]
  driverVersion: string | null
}

/** A CDI spec (YAML or JSON, which YAML parses too): its kind, device names and the driver its paths pin. */
export function parseCdiSpec(text: string): ParsedCdiSpec {
  const doc = parse(text) as { kind?: unknown; devices?: Array<{ name?: unknown }> } | null
  if (!doc || typeof doc.kind !== 'string') throw new Error('not a CDI spec')
  const devices = (doc.devices ?? []).map((d) => String(d.name ?? '')).filter(Boolean)
  const m = /libcuda\.so\.(\d+\.\d+(?:\.\d+)?)/.exec(text)
  return { kind: doc.kind, devices, driverVersion: m?.[1] ?? null }
}
