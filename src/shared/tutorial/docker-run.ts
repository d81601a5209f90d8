import { dockerRunOf } from '../docker/command'

interface FlagDoc {
  names: string[]
  zh: string
  en: string
}

/**
 * The seed's `docker run` option list, extended to every flag the book uses, in both languages: what each means. Which
 * flags take a value is the CLI's own table's to say (src/shared/docker/cli-table.json), not this list's.
 */
export const DOCKER_RUN_FLAGS: FlagDoc[] = [
  { names: ['--name'], zh: '容器名称', en: 'container name' },
  { names: ['-d', '--detach'], zh: '在后台运行容器', en: 'run the container in the background' },
  { names: ['--rm'], zh: '容器退出后自动删除', en: 'remove the container when it exits' },
  {
    names: ['-v', '--volume'],
    zh: '挂载数据卷或主机目录（源:容器内路径）',
    en: 'mount a volume or host directory (source:path in container)',
  },
  {
    names: ['--mount'],
    zh: '挂载数据卷或主机目录（键值形式：type=…,source=…,target=…）',
    en: 'mount a volume or host directory (key=value form: type=…,source=…,target=…)',
  },
  {
    names: ['-p', '--publish'],
    zh: '端口映射（主机端口:容器端口）',
    en: 'publish a port (host:container)',
  },
  {
    names: ['-P', '--publish-all'],
    zh: '把镜像声明的所有端口映射到主机的随机端口',
    en: 'publish every exposed port to a random host port',
  },
  {
    names: ['-e', '--env'],
    zh: '设置容器内的环境变量',
    en: 'set an environment variable in the container',
  },
  { names: ['-t', '--tty'], zh: '分配一个伪终端', en: 'allocate a pseudo-terminal' },
  { names: ['-i', '--interactive'], zh: '保持标准输入打开', en: 'keep STDIN open' },
  { names: ['-u', '--user'], zh: '以指定用户（UID[:GID]）运行', en: 'run as this user (UID[:GID])' },
  { names: ['-w', '--workdir'], zh: '容器内的工作目录', en: 'working directory inside the container' },
  { names: ['-m', '--memory'], zh: '内存上限', en: 'memory limit' },
  { names: ['--cpuset-cpus'], zh: '限定可使用的 CPU', en: 'CPUs the container may use' },
  { names: ['--add-host'], zh: '添加自定义的 主机名:IP 映射', en: 'add a custom host:IP mapping' },
  {
    names: ['--privileged'],
    zh: '赋予容器几乎全部的内核能力（危险）',
    en: 'give the container almost all kernel capabilities (dangerous)',
  },
  {
    names: ['--gpus'],
    zh: '把 GPU 交给容器（需要 NVIDIA Container Toolkit）',
    en: 'give the container GPUs (needs the NVIDIA Container Toolkit)',
  },
  { names: ['--shm-size'], zh: '/dev/shm 共享内存大小', en: 'size of /dev/shm shared memory' },
  { names: ['--ulimit'], zh: '资源限制（如 memlock、stack）', en: 'resource limits (memlock, stack, …)' },
  {
    names: ['--runtime'],
    zh: '使用的容器运行时（如 nvidia）',
    en: 'container runtime to use (nvidia, …)',
  },
  { names: ['--network', '--net'], zh: '连接的网络', en: 'network to connect to' },
  {
    names: ['--ipc'],
    zh: 'IPC 命名空间（host：与主机共享 /dev/shm 和共享内存）',
    en: 'IPC namespace (host: share /dev/shm and shared memory with the host)',
  },
  {
    names: ['--device'],
    zh: '把主机的设备交给容器（如 /dev/dri 显卡）',
    en: 'give the container a host device (/dev/dri for the GPU, …)',
  },
  { names: ['--restart'], zh: '重启策略', en: 'restart policy' },
]

export interface ExplainedFlag {
  flag: string
  value: string | null
  zh: string
  en: string
}

export interface ExplainedRun {
  flags: ExplainedFlag[]
  image: string | null
  command: string[]
}

const UNKNOWN = {
  zh: '（本书未解释的选项，见 docker run --help）',
  en: '(not explained in the book; see docker run --help)',
}

function texts(d: FlagDoc | undefined): { zh: string; en: string } {
  return d ? { zh: d.zh, en: d.en } : UNKNOWN
}

function doc(name: string): FlagDoc | undefined {
  return DOCKER_RUN_FLAGS.find((f) => f.names.includes(name))
}

/**
 * Explains each flag of a `docker run` (or `docker container run`, `nvidia-docker run`, `docker create`), read by the
 * one command reader: the flags as typed, each with its value, then the image and the command it runs.
 */
export function explainDockerRun(command: string): ExplainedRun | null {
  // The book's typographic dashes (`–u`) are read as the plain ones they stand for.
  const run = dockerRunOf(command.replace(/[–—]/g, '-'))
  if (!run) return null
  return {
    flags: run.flags.map((f) => ({ flag: f.typed, value: f.value, ...texts(doc(f.name) ?? doc(f.typed)) })),
    image: run.args[0] ?? null,
    command: run.args.slice(1),
  }
}
