import type Docker from 'dockerode'
import type {
  ContainerSummary,
  ImageSummary,
  NetworkSummary,
  ResourceKind,
  Resources,
  VolumeSummary,
} from '@shared/contract'
import type { ContainerTimesCache } from './container-times'

/**
 * Lists the kinds an event touched (or all of them), in the panels' shapes. Containers are listed once even when
 * volumes need them too (a volume's "used by" comes from the containers' mounts); `users` are the containers to read
 * that from instead of listing them all (the mirror's own, once the events' containers are merged in).
 */
export async function listKinds(
  docker: Docker,
  kinds: readonly ResourceKind[],
  times?: ContainerTimesCache,
  users?: Promise<ContainerSummary[]>,
): Promise<Partial<Resources>> {
  const containers = kinds.includes('containers') ? listContainers(docker, times) : undefined
  const owners = kinds.includes('volumes') ? (containers ?? users ?? listContainers(docker, times)) : undefined
  const [c, images, volumes, networks] = await Promise.all([
    containers,
    kinds.includes('images') ? listImages(docker) : undefined,
    owners ? listVolumes(docker, owners) : undefined,
    kinds.includes('networks') ? listNetworks(docker) : undefined,
  ])
  return {
    ...(c ? { containers: c } : {}),
    ...(images ? { images } : {}),
    ...(volumes ? { volumes } : {}),
    ...(networks ? { networks } : {}),
  }
}

export const ALL_KINDS: readonly ResourceKind[] = ['containers', 'images', 'volumes', 'networks']

/**
 * The containers (only those of these ids, when given: the engine filters, and the answer costs what they do, not what
 * all the others would), with when each started and ended where `times` can say (else null).
 */
export async function listContainers(
  docker: Docker,
  times?: ContainerTimesCache,
  ids?: readonly string[],
): Promise<ContainerSummary[]> {
  const list = await docker.listContainers({ all: true, ...(ids ? { filters: { id: [...ids] } } : {}) })
  const known = times
    ? await times.of(
        docker,
        list.map((c) => ({ id: c.Id, state: c.State })),
        ids !== undefined,
      )
    : undefined
  return list.map((c) => ({
    id: c.Id,
    name: (c.Names[0] ?? '').replace(/^\//, ''),
    image: c.Image,
    imageId: c.ImageID,
    state: c.State,
    status: c.Status,
    startedAt: known?.get(c.Id)?.startedAt ?? null,
    finishedAt: known?.get(c.Id)?.finishedAt ?? null,
    exitCode: known?.get(c.Id)?.exitCode ?? null,
    ports: (c.Ports ?? []).map((p) => ({
      privatePort: p.PrivatePort,
      publicPort: p.PublicPort ?? null,
      ip: p.IP ?? null,
      type: p.Type,
    })),
    mounts: (c.Mounts ?? []).map((m) => ({
      type: m.Type,
      name: m.Name ?? null,
      source: m.Source,
      destination: m.Destination,
    })),
    created: c.Created * 1000,
  }))
}

export async function listImages(docker: Docker): Promise<ImageSummary[]> {
  const list = await docker.listImages({ all: false })
  return list.map((i) => ({
    id: i.Id,
    tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
    size: i.Size,
    created: i.Created * 1000,
  }))
}

export async function listVolumes(docker: Docker, containers: Promise<ContainerSummary[]>): Promise<VolumeSummary[]> {
  const [{ Volumes }, users] = await Promise.all([docker.listVolumes(), containers])
  return (Volumes ?? []).map((v) => ({
    name: v.Name,
    driver: v.Driver,
    mountpoint: v.Mountpoint,
    usedBy: users.filter((c) => c.mounts.some((m) => m.type === 'volume' && m.name === v.Name)).map((c) => c.name),
  }))
}

export async function listNetworks(docker: Docker): Promise<NetworkSummary[]> {
  const list = await docker.listNetworks()
  return list.map((n) => ({ id: n.Id, name: n.Name, driver: n.Driver, scope: n.Scope }))
}
