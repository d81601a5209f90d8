import type Docker from 'dockerode'
import type {
  ContainerSummary,
  ImageSummary,
  NetworkSummary,
  ResourceKind,
  Resources,
  VolumeSummary,
} from '@shared/contract'

/** Lists one kind of resource from the engine, in the panels' shapes. */
export async function listKind(docker: Docker, kind: ResourceKind): Promise<Partial<Resources>> {
  switch (kind) {
    case 'containers':
      return { containers: await listContainers(docker) }
    case 'images':
      return { images: await listImages(docker) }
    case 'volumes':
      return { volumes: await listVolumes(docker) }
    case 'networks':
      return { networks: await listNetworks(docker) }
  }
}

export async function listContainers(docker: Docker): Promise<ContainerSummary[]> {
  const list = await docker.listContainers({ all: true })
  return list.map((c) => ({
    id: c.Id,
    name: (c.Names[0] ?? '').replace(/^\//, ''),
    image: c.Image,
    state: c.State,
    status: c.Status,
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

export async function listVolumes(docker: Docker): Promise<VolumeSummary[]> {
  const [{ Volumes }, containers] = await Promise.all([docker.listVolumes(), docker.listContainers({ all: true })])
  return (Volumes ?? []).map((v) => ({
    name: v.Name,
    driver: v.Driver,
    mountpoint: v.Mountpoint,
    usedBy: containers
      .filter((c) => (c.Mounts ?? []).some((m) => m.Type === 'volume' && m.Name === v.Name))
      .map((c) => (c.Names[0] ?? '').replace(/^\//, '')),
  }))
}

export async function listNetworks(docker: Docker): Promise<NetworkSummary[]> {
  const list = await docker.listNetworks()
  return list.map((n) => ({ id: n.Id, name: n.Name, driver: n.Driver, scope: n.Scope }))
}

export async function listAll(docker: Docker): Promise<Omit<Resources, 'syncedAt'>> {
  const [containers, images, volumes, networks] = await Promise.all([
    listContainers(docker),
    listImages(docker),
    listVolumes(docker),
    listNetworks(docker),
  ])
  return { containers, images, volumes, networks }
}
