import type { DockerFailure, MirrorCheck } from '../contract/failure'
import { errorMessage } from '../errors'
import { sameMirrorHost } from '../mirror-address'
import { argumentRoles, dockerCommands, nearestDockerCommand } from './command'
import { dockerHostMissingText } from './docker-host-text'
import { FAILURE_KINDS, MIRROR_OUTCOMES, type FailureKind, type MirrorOutcome } from './failure-kinds'

/**
 * The one classifier of docker failures: what the engine, the CLI or a registry said, read into one kind, the names it
 * gave (a container, a port, an image), the registry host a failed request went to and whether that was a mirror, the
 * engine's own words, and what it means and what to do in both of the app's languages. The Pull button, a terminal's
 * failed command, the GPU test, the engine status and the panels all explain through it. The patterns follow the
 * engine's, the CLI's and the distribution client's own wording (Engine 20–28); the text is program output, so it is
 * only matched, never trusted beyond the captured names (200 characters at most each).
 */

export { FAILURE_KINDS, MIRROR_OUTCOMES, type FailureKind, type MirrorOutcome }

export type FailureLang = 'zh-CN' | 'en'

export interface FailureText {
  what: string
  fix: string
}

export type { DockerFailure }

/** Where the words come from: a pull's stream, a terminal command's output, the GPU test, an engine API answer. */
export type FailureSource = 'pull' | 'command' | 'gpu' | 'api'

type Texts = Record<FailureLang, FailureText>
const t = (zhWhat: string, zhFix: string, enWhat: string, enFix: string): Texts => ({
  'zh-CN': { what: zhWhat, fix: zhFix },
  en: { what: enWhat, fix: enFix },
})

/** Each kind in both languages: `{name}`-style slots take the values the message gave. */
export const FAILURE_TEXT: Record<FailureKind, Texts> = {
  'engine-not-installed': t(
    '本机没有安装 Docker。',
    '教程仍可阅读；按第 1.1 节安装 Docker 后即可运行其中的命令。',
    'Docker is not installed on this machine.',
    'The book still reads; install Docker (chapter 1.1) to run its commands.',
  ),
  'engine-not-running': t(
    'Docker 引擎没有运行，或者不在 docker 命令查找的位置[[（{address}）]]。',
    '启动它（sudo systemctl start docker，或打开 Docker Desktop），然后点击“重试”。引擎的位置由 DOCKER_HOST（或 docker context）决定；状态栏显示应用使用的是哪个引擎。',
    'The Docker engine is not running, or not where the docker CLI looks for it[[ ({address})]].',
    'Start it (sudo systemctl start docker, or open Docker Desktop) and press Retry. DOCKER_HOST (or the docker context) says where the engine is; the status bar shows the one the app uses.',
  ),
  'engine-permission': t(
    '当前用户没有权限使用 Docker 引擎的套接字。',
    '把自己加入 docker 组（sudo usermod -aG docker $USER），然后注销再登录；或者使用 sudo。',
    'Your user may not use the Docker engine’s socket.',
    'Add yourself to the docker group (sudo usermod -aG docker $USER), then log out and in again, or use sudo.',
  ),
  'engine-unreachable': t(
    '无法连接 Docker 主机。',
    '请检查 DOCKER_HOST 和网络。',
    'The Docker host cannot be reached.',
    'Check DOCKER_HOST and the network.',
  ),
  'engine-tls': t(
    '与 Docker 主机的 TLS 连接失败。',
    '请检查 DOCKER_CERT_PATH 和 DOCKER_TLS_VERIFY。',
    'TLS failed talking to the Docker host.',
    'Check DOCKER_CERT_PATH and DOCKER_TLS_VERIFY.',
  ),
  'engine-api-version': t(
    'Docker 引擎的 API 版本不受本应用支持。',
    '请升级 Docker 引擎（或本应用）。',
    'The Docker engine speaks an API version this app does not support.',
    'Update the Docker engine (or this app).',
  ),
  dns: t(
    '无法解析仓库的域名（DNS）',
    '没有网络，或所在地无法访问 Docker Hub。请配置镜像加速器（“仓库”标签页），或从同学、老师导出的 .tar 文件导入镜像。',
    'The registry’s name could not be resolved (DNS)',
    'No network, or Docker Hub is blocked where you are. Configure a registry mirror (Registry tab), or load the images from a .tar file a classmate or teacher exported.',
  ),
  refused: t(
    '仓库拒绝了连接',
    '该地址和端口上没有服务：请检查地址，或镜像加速器/仓库是否在运行。',
    'The registry refused the connection',
    'Nothing answers at that address and port: check the address, or whether the mirror/registry is running.',
  ),
  timeout: t(
    '仓库没有及时响应',
    '网络缓慢或被过滤。使用离你近的镜像加速器通常会好转；否则请稍后再试。',
    'The registry did not answer in time',
    'A slow or filtered network. A registry mirror close to you usually helps; otherwise try again later.',
  ),
  tls: t(
    '仓库的证书不被信任',
    '常见于会检查 HTTPS 的公司代理。请为 Docker 安装其 CA 证书（/etc/docker/certs.d/<仓库>/ca.crt），或联系网络管理员。',
    'The registry’s certificate was not trusted',
    'Often a company proxy that inspects HTTPS. Install its CA certificate for Docker (/etc/docker/certs.d/<registry>/ca.crt) or ask your network administrator.',
  ),
  'insecure-registry': t(
    '仓库使用明文 HTTP，而引擎期望 HTTPS',
    '仅限你信任的仓库：把它加入引擎设置中的 "insecure-registries"（“仓库”标签页会显示设置位置）。',
    'The registry speaks plain HTTP, the engine expected HTTPS',
    'Only for a registry you trust: add it to "insecure-registries" in the engine’s settings (Registry tab shows where).',
  ),
  proxy: t(
    '引擎的代理出错',
    '引擎使用自己的代理设置（docker 服务的 HTTP_PROXY，或 Docker Desktop 的 Settings → Resources → Proxies），而不是你终端里的设置。请检查它们。',
    'The engine’s proxy failed',
    'The engine uses its own proxy settings (HTTP_PROXY of the docker service, or Docker Desktop’s Settings → Resources → Proxies), not your shell’s. Check them.',
  ),
  unauthorized: t(
    '仓库要求登录',
    '用有权读取该镜像的账号执行 docker login <仓库>。',
    'The registry wants a login',
    'Run docker login <registry> with an account that may read this image.',
  ),
  'not-found-or-private': t(
    '仓库不存在，或是私有仓库',
    '检查镜像名是否拼错。若是私有仓库，请先 docker login。',
    'No such repository, or a private one',
    'Check the image name for typos. If it is private, docker login first.',
  ),
  'rate-limited': t(
    '达到了 Docker Hub 的拉取频率限制（429）',
    '匿名拉取按 IP 限流（一个教室共用一个出口）。请 docker login 登录，或使用镜像加速器。',
    'Docker Hub’s pull rate limit was reached (429)',
    'Anonymous pulls are limited per address (a classroom shares one). Log in with docker login, or use a registry mirror.',
  ),
  'not-found': t(
    '镜像或标签不存在',
    '检查名称和标签（拼写错误，或标签已被删除）。docker search 或仓库网页可列出现有的镜像。',
    'The image or tag does not exist',
    'Check the name and tag (a typo, or a tag that was removed). docker search or the registry’s web page lists what exists.',
  ),
  'v1-schema': t(
    '旧的 v1 格式镜像，新版 Docker 已不再拉取',
    '该镜像（例如本书中的 training/webapp）从未重新发布。请改用当前的镜像，例如 nginx 或 python。',
    'An image in the old v1 format, which current Docker no longer pulls',
    'The image (training/webapp in this book, for one) was never republished. Use a current image instead, such as nginx or python.',
  ),
  platform: t(
    '这个镜像没有适用于本机处理器的版本',
    '使用适合本机的镜像版本（很多镜像同时提供 arm64 和 amd64），或在配置好模拟后使用 --platform linux/amd64。',
    'The image is not built for this machine’s kind of processor',
    'Use a variant of the image for this machine (many have arm64 and amd64), or --platform linux/amd64 with emulation set up.',
  ),
  'no-space': t(
    'Docker 写入的磁盘已满。',
    '查看空间被什么占用（“磁盘”标签页、docker system df），清理不再需要的内容。',
    'The disk Docker writes to is full.',
    'See what takes the space (Disk tab, docker system df) and prune what you no longer need.',
  ),
  'name-in-use': t(
    '名为 {name} 的容器已经存在（{id}）。',
    '先删除它（docker rm -f {name}），或换一个 --name。',
    'A container named {name} already exists ({id}).',
    'Remove it first (docker rm -f {name}) or pick another --name.',
  ),
  'port-allocated': t(
    '本机的 {port} 端口已被占用（被另一个容器或程序）。',
    '换一个主机端口发布（例如 -p 8081:80），或停止占用 {port} 的容器（docker ps 可以看到）。',
    'Port {port} on this machine is already taken (by another container or program).',
    'Publish on another host port (for example -p 8081:80), or stop what uses {port} (docker ps shows it).',
  ),
  'in-use': t(
    '{name} 正在被使用，引擎拒绝删除。',
    '先停止或删除使用它的容器（docker ps -a），或在确定时加 -f 强制删除。',
    '{name} is in use, so the engine refused to remove it.',
    'Stop or remove the containers that use it first (docker ps -a), or add -f to force it when you are sure.',
  ),
  'no-such-container': t(
    '没有名为 {name} 的容器。',
    'docker ps -a 会列出所有容器及其名称。',
    'There is no container {name}.',
    'docker ps -a lists them all, with their names.',
  ),
  'no-such-image': t(
    '本机没有镜像 {image}。',
    'docker image ls 会列出本机的镜像；需要时先 docker pull。',
    'There is no image {image} on this machine.',
    'docker image ls lists the images here; docker pull it first if you need it.',
  ),
  'no-such-volume': t(
    '没有名为 {name} 的数据卷。',
    'docker volume ls 会列出本机的数据卷；docker run -v {name}:/路径 会在第一次使用时创建它。',
    'There is no volume {name}.',
    'docker volume ls lists the volumes here; docker run -v {name}:/path creates it when first used.',
  ),
  'no-such-network': t(
    '没有名为 {name} 的网络。',
    'docker network ls 会列出本机的网络；需要时先 docker network create {name}。',
    'There is no network {name}.',
    'docker network ls lists the networks here; docker network create {name} first if you need it.',
  ),
  'invalid-port': t(
    '端口映射 {value} 写得不对（docker 说它的 {side} 无效）。',
    '写成 -p 主机端口:容器端口，两边都是 1 到 65535 之间的数字（例如 -p 8080:80）；范围两边要一样长（-p 8000-8001:80-81）。',
    'The port mapping {value} is not one docker can read (it says its {side} is invalid).',
    'Write it as -p hostPort:containerPort, each a number from 1 to 65535 (for example -p 8080:80); ranges must be as long on both sides (-p 8000-8001:80-81).',
  ),
  'container-not-running': t(
    '容器 {name} 没有在运行。',
    '先启动它（docker start {name}）；docker exec、attach 等只能用于正在运行的容器。',
    'The container {name} is not running.',
    'Start it first (docker start {name}): docker exec, attach and the like need a running container.',
  ),
  'unknown-command': t(
    'docker 没有 {command} 这个命令。',
    '[[你是想输入 docker {suggestion} 吗？]]docker --help 会列出所有命令。',
    'docker has no command {command}.',
    '[[Did you mean docker {suggestion}? ]]docker --help lists them all.',
  ),
  'missing-argument': t(
    'docker {command} 的参数个数不对[[（至少需要 {least} 个）]][[（需要正好 {exactly} 个）]][[（需要 {from} 到 {to} 个）]]。',
    '按用法补全参数[[：{usage}]]（书中省略的名称，用 docker ps -a 或 docker image ls 查看本机的）。命令里的 $(…) 会换成它列出的名称：什么也没列出（例如本机没有这样的镜像或容器），或在只要一个的地方列出了好几个，个数都会不对。',
    'docker {command} got the wrong number of arguments[[ (it needs at least {least})]][[ (it needs exactly {exactly})]][[ (it needs {from} to {to})]].',
    'Give them as its usage says[[: {usage}]] (for names the book leaves out, docker ps -a or docker image ls lists yours). A $(…) in the command becomes the names it lists: none (no such image or container here), or several where one is wanted, and the count is wrong.',
  ),
  'missing-flag-value': t(
    '选项 {flag} 后面缺少它的值。',
    '在 {flag} 后面写上值[[（docker {command} --help 会说明每个选项要什么）]]；值里有空格时，用引号把它括起来。',
    'The option {flag} is missing its value.',
    'Write the value after {flag}[[ (docker {command} --help says what each option takes)]]; quote a value that has spaces.',
  ),
  'import-url': t(
    '引擎无法下载 {url}：docker import 自己从该地址下载归档文件，不经过镜像仓库或加速器。',
    '检查地址是否正确、引擎所在的机器能否访问它（书中的地址只是示例）；或者先下载文件，再 docker import 文件名。',
    'The engine could not download {url}: docker import fetches the archive from that address itself, not through a registry or mirror.',
    'Check that the address is right and reachable from the engine’s machine (the book’s addresses are examples); or download the file and docker import it from disk.',
  ),
  'oci-executable': t(
    '镜像里没有程序 {executable}。',
    '运行镜像里有的程序：精简镜像通常有 sh 而没有 bash。',
    'The image has no program {executable}.',
    'Run a program the image has: small images often have sh but not bash.',
  ),
  'oci-permission': t(
    '容器无法启动：权限被拒绝（程序没有可执行权限，或挂载的目录不允许访问）。',
    '检查文件权限（chmod +x）或挂载目录的权限。',
    'The container could not start: permission denied (a program that is not executable, or a mount it may not use).',
    'Check the file’s mode (chmod +x) or the mounted folder’s permissions.',
  ),
  'oci-mount': t(
    '-v/--mount 挂载失败：该是目录的地方是文件，或者路径不存在。',
    '检查挂载的两端：主机路径要存在，且与容器内的类型（文件或目录）一致。',
    'A -v/--mount could not be set up: a file where a folder is expected, or a path that does not exist.',
    'Check both sides of the mount: an existing host path, of the same kind (file or folder) as in the container.',
  ),
  'unknown-flag': t(
    'docker 命令不认识选项 {flag}。',
    '检查拼写（docker <命令> --help）；选项以键盘输入的 - 或 -- 开头。',
    'The docker CLI does not know the option {flag}.',
    'Check its spelling (docker <command> --help); options start with - or -- typed on the keyboard.',
  ),
  'typographic-dash': t(
    '命令里有排版用的长破折号（— 或 –），本该是普通的“-”：这是书的排版问题，不是你的错。',
    '运行步骤下方给出的修正后的命令。',
    'The command has a typographic dash (— or –) where a plain "-" is meant: the book’s typesetting, not yours.',
    'Run the corrected command shown under the step.',
  ),
  'invalid-reference': t(
    '镜像名称无效：名称只能是小写，不能有空格或排版字符。',
    '检查镜像名称和标签（仓库名:标签，小写）。',
    'An image name is not valid: names are lower case, without spaces or typographic characters.',
    'Check the image name and tag (repository:tag, lower case).',
  ),
  'broken-continuation': t(
    '多行命令被截断了：某个“\\”不在行尾，于是下一行被当成了单独的命令。',
    '运行步骤下方给出的修正后的命令，或把命令写在一行里。',
    'A multi-line command was cut: a "\\" did not end its line, so the next line ran as a command of its own.',
    'Run the corrected command shown under the step, or put the command on one line.',
  ),
  'gpu-no-toolkit': t(
    'Docker 引擎无法选择 GPU 设备驱动。',
    '请安装 NVIDIA Container Toolkit 并重启 Docker（GPU 面板的清单给出命令）。',
    'The engine could not select a GPU device driver.',
    'Install the NVIDIA Container Toolkit and restart Docker (the GPU panel’s checklist has the commands).',
  ),
  'gpu-no-runtime': t(
    'Docker 引擎没有 nvidia 运行时。',
    '运行 sudo nvidia-ctk runtime configure --runtime=docker 并重启 Docker。',
    'The engine has no nvidia runtime.',
    'Run sudo nvidia-ctk runtime configure --runtime=docker and restart Docker.',
  ),
  'gpu-driver': t(
    '已安装 Toolkit，但 NVIDIA 驱动不可用。',
    '按 GPU 面板的清单检查驱动（nvidia-smi）；驱动升级后通常需要重启。',
    'The toolkit is there but the NVIDIA driver is not usable.',
    'Check the driver as the GPU panel’s checklist says (nvidia-smi); after a driver upgrade a reboot is usually needed.',
  ),
  other: t('命令失败了', '请阅读下面引擎给出的信息。', 'It failed', 'Read what the engine said, below.'),
}

/** A mirror's check in both languages: `{url}`, `{status}`, `{image}`, `{seconds}`, `{detail}` are filled in. */
export const MIRROR_TEXT: Record<MirrorOutcome, Record<FailureLang, string>> = {
  'has-image': {
    'zh-CN': '{url} 正常，并且有 {image}：失败发生在别处（见下文引擎的原话）。',
    en: '{url} works and has {image}: the failure was elsewhere (see the engine’s words below).',
  },
  answers: { 'zh-CN': '{url} 正常，是一个镜像仓库。', en: '{url} works: it answers as a registry.' },
  missing: {
    'zh-CN':
      '{url} 正常，但没有 {image}（HTTP {status}）：它不是“拉取时缓存”（pull-through cache）的加速器，或者它自己也访问不了 Docker Hub。',
    en: '{url} works but does not have {image} (HTTP {status}): it is not a pull-through cache, or it cannot reach Docker Hub itself.',
  },
  refused: {
    'zh-CN': '{url} 拒绝了连接：那里没有服务在监听（加速器已停止，或地址、端口写错了）。',
    en: '{url} refused the connection: nothing listens there (the mirror is down, or the address or port is wrong).',
  },
  dns: {
    'zh-CN': '{url} 的域名无法解析（DNS）：地址拼错了，或者当前网络没有 DNS。',
    en: '{url}: its name could not be resolved (DNS): a typo in the address, or no DNS on this network.',
  },
  timeout: {
    'zh-CN': '{url} 在 {seconds} 秒内没有响应：已停止、过载或被防火墙过滤。',
    en: '{url} did not answer within {seconds} s: down, overloaded or filtered.',
  },
  tls: {
    'zh-CN': '{url} 的 HTTPS 连接失败（{detail}）：证书不被信任，或者该地址其实是明文 HTTP。',
    en: '{url}: HTTPS failed ({detail}): a certificate that is not trusted, or a plain HTTP server at an https:// address.',
  },
  unauthorized: {
    'zh-CN': '{url} 要求登录（HTTP {status}）：公共加速器不应如此，请检查地址，或先 docker login。',
    en: '{url} wants a login (HTTP {status}): a public mirror should not; check the address, or docker login first.',
  },
  'rate-limited': {
    'zh-CN': '{url} 限制了拉取频率（HTTP 429）：稍后再试，或换一个加速器。',
    en: '{url} is limiting pulls (HTTP 429): try again later, or use another mirror.',
  },
  'not-registry': {
    'zh-CN': '{url} 有响应，但不是镜像仓库（/v2/ 返回 {status}）：那是一个普通网站，请检查加速器地址。',
    en: '{url} answers, but not as a registry (/v2/ gave {status}): a web server, not a registry mirror; check the address.',
  },
  'server-error': {
    'zh-CN': '{url} 出错了（HTTP {status}）：加速器本身有故障，请稍后再试或换一个。',
    en: '{url} is failing (HTTP {status}): the mirror itself is broken; try later or use another.',
  },
  unreachable: {
    'zh-CN': '无法连接 {url}（{detail}）。',
    en: '{url} could not be reached ({detail}).',
  },
}

/** A mirror's check, its sentence filled in in both languages. */
export function mirrorCheck(check: Omit<MirrorCheck, 'text'>, image: string | null, timeoutMs: number): MirrorCheck {
  const values: Record<string, string> = {
    url: check.url,
    status: check.status === null ? '—' : String(check.status),
    image: image ?? '',
    seconds: String(Math.round(timeoutMs / 100) / 10),
    detail: check.detail.slice(0, 200),
  }
  const text = MIRROR_TEXT[check.outcome]
  return { ...check, text: { 'zh-CN': fill(text['zh-CN'], values), en: fill(text.en, values) } }
}

/** How a request to a mirror failed without an answer, from node's error code and message. */
export function mirrorOutcomeOfError(code: string, message: string): MirrorOutcome {
  if (code === 'ECONNREFUSED') return 'refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns'
  if (code === 'ETIMEDOUT' || /timed? ?out|no answer within/i.test(message)) return 'timeout'
  if (code.startsWith('HPE_')) return 'not-registry'
  if (
    /^(?:EPROTO|ERR_SSL|ERR_TLS|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code) ||
    /SSL|TLS|certificate/i.test(message)
  )
    return 'tls'
  return 'unreachable'
}

interface Rule {
  kind: FailureKind
  pattern: RegExp
  values?: (m: RegExpExecArray) => Record<string, string | undefined>
}

/** A registry request that failed, as dockerd, BuildKit and the distribution client word it. */
const REGISTRY_RULES: Rule[] = [
  { kind: 'no-space', pattern: /no space left on device/i },
  { kind: 'rate-limited', pattern: /toomanyrequests|too many requests|pull rate limit|\b429\b/i },
  { kind: 'proxy', pattern: /proxyconnect|proxy authentication required|\b407\b/i },
  { kind: 'insecure-registry', pattern: /server gave HTTP response to HTTPS client/i },
  {
    kind: 'tls',
    pattern: /x509:|tls: |certificate (?:signed by unknown authority|is (?:not )?valid|has expired)|remote error: tls/i,
  },
  {
    kind: 'dns',
    pattern: /no such host|server misbehaving|temporary failure in name resolution|name or service not known/i,
  },
  {
    kind: 'refused',
    pattern: /connection refused|connect: no route to host|network is unreachable|connection reset by peer/i,
  },
  {
    kind: 'timeout',
    pattern:
      /i\/o timeout|Client\.Timeout exceeded|TLS handshake timeout|context deadline exceeded|request canceled while waiting/i,
  },
  {
    kind: 'v1-schema',
    pattern:
      /manifest version 2, schema 1|schema ?1 support|application\/vnd\.docker\.distribution\.manifest\.v1|Image Format v1/i,
  },
  { kind: 'platform', pattern: /no matching manifest for|does not match the specified platform/i },
  {
    kind: 'not-found-or-private',
    pattern: /pull access denied for ([^\s,]{1,200})|repository does not exist or may require/i,
    values: (m) => ({ image: m[1] }),
  },
  {
    kind: 'unauthorized',
    pattern:
      /unauthorized|authentication required|no basic auth credentials|denied: requested access|\b401\b|\b403\b|forbidden/i,
  },
  {
    kind: 'not-found',
    pattern: /manifest for (\S{1,200}) not found|manifest unknown|not found: manifest|name unknown|\b404\b/i,
    values: (m) => ({ image: m[1] }),
  },
]

/** What the CLI, the engine and the runtime say about everything else. */
const COMMAND_RULES: Rule[] = [
  { kind: 'engine-permission', pattern: /permission denied while trying to connect to the Docker daemon socket/ },
  {
    kind: 'engine-not-running',
    pattern:
      /Cannot connect to the Docker daemon at (\S{1,200}?)\.? Is the docker daemon running\?|Is the docker daemon running\?/,
    values: (m) => ({ address: m[1] }),
  },
  {
    kind: 'gpu-no-toolkit',
    pattern: /could not select device driver .* with capabilities: \[\[gpu\]\]/,
  },
  { kind: 'gpu-no-runtime', pattern: /unknown or invalid runtime name: nvidia/ },
  { kind: 'gpu-driver', pattern: /libnvidia-ml\.so|nvidia-container-cli: initialization error|driver not loaded/i },
  {
    kind: 'name-in-use',
    pattern: /The container name "\/?([^"]{1,200})" is already in use by container "([0-9a-f]{12,64})"/,
    values: (m) => ({ name: m[1], id: m[2]?.slice(0, 12) }),
  },
  {
    kind: 'port-allocated',
    pattern:
      /Bind for [^\s]*?:(\d{1,5}) failed: port is already allocated|listen tcp[46]? [^\s]*?:(\d{1,5}): bind: address already in use/,
    values: (m) => ({ port: m[1] ?? m[2] }),
  },
  { kind: 'no-space', pattern: /no space left on device/ },
  {
    kind: 'platform',
    pattern:
      /image's platform \(([^)]{1,60})\) does not match the detected host platform \(([^)]{1,60})\)|exec format error/,
    values: (m) => ({ platform: m[1], hostPlatform: m[2] }),
  },
  {
    kind: 'oci-executable',
    pattern: /exec: "([^"]{1,200})": (?:executable file not found in \$PATH|stat [^:]+: no such file or directory)/,
    values: (m) => ({ executable: m[1] }),
  },
  {
    kind: 'oci-mount',
    pattern: /OCI runtime create failed[\s\S]*?(?:error mounting|not a directory|mount through procfd)/,
  },
  { kind: 'oci-permission', pattern: /OCI runtime create failed[\s\S]*?permission denied/ },
  {
    kind: 'in-use',
    pattern:
      /unable to (?:remove|delete) (?:repository reference "?([^"\s]{1,200})"?|([0-9a-f]{12,64}))[^\n]*(?:being used|is using)|volume is in use[^\n]*?\[?([^\s\]]{1,200})?|You cannot remove a (?:running|paused) container ([0-9a-f]{12,64})|network ([^\s]{1,200}) (?:id [0-9a-f]+ )?has active endpoints/,
    values: (m) => ({ name: m[1] ?? m[2] ?? m[4] ?? m[5] ?? m[3] }),
  },
  {
    kind: 'container-not-running',
    pattern: /[Cc]ontainer ([\w.-]{1,200}) is not running/,
    values: (m) => ({ name: m[1] }),
  },
  {
    kind: 'unknown-command',
    pattern:
      /docker: unknown command: docker ((?:[a-z-]{1,40} )?)(\S{1,200})|docker: '(\S{1,200})' is not a docker command/,
    values: (m) => {
      const group = m[1]?.trim() || undefined
      const typed = m[2] ?? m[3] ?? ''
      return { command: group ? `${group} ${typed}` : typed, suggestion: suggestion(typed, group) }
    },
  },
  {
    kind: 'missing-argument',
    pattern:
      /['"]docker ([a-z -]{1,60})['"] requires (at least \d+ arguments?|exactly \d+ arguments?|at least \d+ and at most \d+ arguments|\d+ arguments?)/,
    values: (m) => {
      const [least, most] = [...(m[2] ?? '').matchAll(/\d+/g)].map((n) => n[0])
      if (!m[2]?.startsWith('at least')) return { command: m[1], exactly: least }
      return most ? { command: m[1], from: least, to: most } : { command: m[1], least }
    },
  },
  {
    kind: 'missing-flag-value',
    pattern: /flag needs an argument: (?:'(\w)' in -\w|(--?[\w-]{1,60}))/,
    values: (m) => ({ flag: m[1] ? `-${m[1]}` : m[2] }),
  },
  { kind: 'no-such-container', pattern: /No such container: ([^\s]{1,200})/, values: (m) => ({ name: m[1] }) },
  {
    kind: 'no-such-volume',
    pattern: /get ([^\s:]{1,200}): no such volume|No such volume: ([^\s]{1,200})/,
    values: (m) => ({ name: m[1] ?? m[2] }),
  },
  {
    kind: 'no-such-network',
    pattern: /network ([^\s]{1,200}) not found|No such network: ([^\s]{1,200})/,
    values: (m) => ({ name: m[1] ?? m[2] }),
  },
  {
    kind: 'invalid-port',
    pattern:
      /invalid (hostPort|containerPort): ([^\s]{1,200})|invalid ranges specified for container and host Ports: ([^\s]{1,100}) and ([^\s]{1,100})/,
    values: (m) => (m[1] ? { side: m[1], value: m[2] } : { side: 'port ranges', value: `${m[4] ?? ''}:${m[3] ?? ''}` }),
  },
  { kind: 'no-such-image', pattern: /No such image: ([^\s]{1,200})/, values: (m) => ({ image: m[1] }) },
  {
    kind: 'unknown-flag',
    pattern: /unknown shorthand flag: '(.)' in (\S{1,200})|unknown flag: (\S{1,200})/,
    values: (m) => ({ flag: m[2] ?? m[3] }),
  },
  { kind: 'invalid-reference', pattern: /invalid reference format/ },
]

/** The book's typographic dashes, which a shell takes as part of a word: `—name`, `–d`. */
const TYPOGRAPHIC_DASH = /(?:^|\s)[\u2010-\u2015\u2212]{1,2}[A-Za-z]/
/** A broken line continuation: a backslash followed by spaces, so the next line ran as a command of its own. */
const BROKEN_CONTINUATION = /\\[ \t]+\n|(?:^|\n)\s*-[A-Za-z-]+[^\n]*: command not found/
/**
 * Words that report a failed pull: dockerd's answer to `pull` and `run`, BuildKit's for `build`, dockerode's for the
 * app's own pulls. Registry patterns (a 404, `unauthorized`) are read only in such lines, never in a program's output.
 */
const PULL_LINE =
  /Error response from daemon|failed to (?:resolve|solve|do request|fetch|copy)|error pulling|toomanyrequests|pull access denied|Unable to find image|Get "https?:\/\/|manifest (?:for|unknown)|repository does not exist/i
/** Kinds that are read after a registry failure: often only its consequence (`No such image` after a failed pull). */
const AFTER_REGISTRY = new Set<FailureKind>(['no-such-container', 'no-such-image', 'unknown-flag', 'invalid-reference'])

/** Whether the docker reader finds an option with no value in the line, as the CLI does before it refuses it. */
function lineLacksFlagValue(commandLine: string): boolean {
  return dockerCommands(commandLine).some((c) => c.problems.some((p) => p.startsWith('flag needs an argument')))
}

/** Docker's own rule for a container's name. */
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,199}$/

/**
 * The engine names a container by its 64-character id: the learner knows it by what they typed. The one container the
 * command line names is that; with none or several, the id's first 12 characters (docker's own short form) do.
 */
function containerAsTyped(name: string, commandLine: string): string {
  if (!/^[0-9a-f]{13,64}$/.test(name)) return name
  const typed = new Set(
    dockerCommands(commandLine).flatMap((cmd) => {
      const roles = argumentRoles(cmd)
      // Only what docker accepts as a name (or an id's prefix): a `$(…)` was no name of the learner's.
      return cmd.args.filter((a, i) => roles[i] === 'container' && CONTAINER_NAME.test(a))
    }),
  )
  const [only] = typed
  return typed.size === 1 && only ? only : name.slice(0, 12)
}

function suggestion(typed: string, group: string | undefined): string | undefined {
  const near = nearestDockerCommand(typed, group)
  return near && (group ? `${group} ${near}` : near)
}

/**
 * `docker import <url>`: the engine downloads the archive itself, with a plain GET, so its network failures read like
 * a registry's (`Get "http://…": … no such host`) but no registry or mirror is involved.
 */
function urlImportFailure(text: string, commandLine: string): DockerFailure | undefined {
  const url = dockerCommands(commandLine)
    .filter((c) => c.verb === 'import')
    .map((c) => c.args[0] ?? '')
    .find((a) => /^https?:\/\//i.test(a))
  if (!url || !/Error response from daemon|Get "https?:/i.test(text)) return undefined
  let host: string | null = null
  try {
    host = new URL(url).host
  } catch {
    // a malformed address: the engine's words say so
  }
  return dockerFailure('import-url', text, { url: url.slice(0, 200) }, { host })
}

/** A failed request's host, from `Get "https://host/v2/…"`, `lookup host`, or `dial tcp host:port`. */
function hostOf(message: string): string | null {
  const url = /"(https?:\/\/[^"/\s]+)[^"]*"/.exec(message)
  if (url?.[1]) {
    try {
      return new URL(url[1]).host
    } catch {
      // fall through to the other forms
    }
  }
  const lookup = /lookup ([\w.-]+)(?: on |:|$)/.exec(message)
  if (lookup?.[1]) return lookup[1]
  const dial = /dial tcp ([\w.-]+|\[[0-9a-f:]+\]):(\d+)/i.exec(message)
  return dial ? `${dial[1]}:${dial[2]}` : null
}

/** Fills `{slot}`s; a `[[…]]` part is kept only when every slot in it has a value. */
function fill(text: string, values: Record<string, string>): string {
  const slots = (part: string): string => part.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m)
  return slots(
    text.replace(/\[\[(.*?)\]\]/g, (_, part: string) =>
      [...part.matchAll(/\{(\w+)\}/g)].every((m) => m[1] !== undefined && values[m[1]] !== undefined) ? part : '',
    ),
  )
}

/** The failure of this kind, its texts filled with what the message named. */
export function dockerFailure(
  kind: FailureKind,
  message: string,
  found: Record<string, string | undefined> = {},
  where: { host?: string | null; via?: DockerFailure['via'] } = {},
): DockerFailure {
  const values = Object.fromEntries(
    Object.entries(found)
      .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
      .map(([k, v]) => [k, v.slice(0, 200)]),
  )
  const texts = FAILURE_TEXT[kind]
  const text = Object.fromEntries(
    (Object.keys(texts) as FailureLang[]).map((lang) => [
      lang,
      { what: fill(texts[lang].what, values), fix: fill(texts[lang].fix, values) },
    ]),
  ) as Record<FailureLang, FailureText>
  return { kind, values, host: where.host ?? null, via: where.via ?? null, message: message.trim().slice(-4000), text }
}

/**
 * A failure as told while DOCKER_HOST names a socket that is not there (`url`): an engine not running gets
 * DOCKER_HOST's fix in place of starting the usual one, and keeps it in its record; any other failure is as it was.
 */
export function withDockerHostMissing(failure: DockerFailure, url: string): DockerFailure {
  // Another engine named (`docker -H unix:///other.sock ps`) is that engine's failure, not DOCKER_HOST's.
  if (failure.kind !== 'engine-not-running' || (failure.values.address && failure.values.address !== url))
    return failure
  const text = Object.fromEntries(
    (Object.keys(failure.text) as FailureLang[]).map((lang) => [
      lang,
      { what: failure.text[lang].what, fix: dockerHostMissingText(lang, url) },
    ]),
  ) as Record<FailureLang, FailureText>
  return { ...failure, values: { ...failure.values, dockerHost: url.slice(0, 200) }, text }
}

/** What this machine already has, said before why the download failed: what the learner does next depends on it. */
const LOCAL_IMAGE_TEXT: Record<'here' | 'nearest', Record<FailureLang, string>> = {
  here: {
    'zh-CN': '{here} 已经在本机上，不必再拉取，直接使用即可。',
    en: '{here} is already on this machine: there is no need to pull it; use it as it is.',
  },
  nearest: {
    'zh-CN': '本机没有 {image}，Docker 便去仓库下载它；本机有 {nearest}，你是想输入 {nearest} 吗？',
    en: '{image} is not on this machine, so Docker went to download it; {nearest} is here: did you mean {nearest}?',
  },
}
/** Two sentences run on: Chinese punctuation closes its own, English wants a space. */
const JOIN: Record<FailureLang, string> = { 'zh-CN': '', en: ' ' }

/**
 * A registry's failure for an image the engine already has, or has under a name a typo away (`localImageMatch`): that
 * comes first in what it says, then why the download failed. The names go into `values` too.
 */
export function withLocalImage(
  failure: DockerFailure,
  asked: string,
  match: { here?: string; nearest?: string },
): DockerFailure {
  const key = match.here ? 'here' : match.nearest ? 'nearest' : undefined
  if (!key) return failure
  const values: Record<string, string> = { ...failure.values, image: (failure.values.image ?? asked).slice(0, 200) }
  if (match.here) values.here = match.here.slice(0, 200)
  if (match.nearest) values.nearest = match.nearest.slice(0, 200)
  const text = Object.fromEntries(
    (Object.keys(failure.text) as FailureLang[]).map((lang) => [
      lang,
      {
        ...failure.text[lang],
        what: `${fill(LOCAL_IMAGE_TEXT[key][lang], values)}${JOIN[lang]}${failure.text[lang].what}`,
      },
    ]),
  ) as Record<FailureLang, FailureText>
  return { ...failure, values, text }
}

function firstRule(rules: Rule[], text: string): { rule: Rule; m: RegExpExecArray } | undefined {
  for (const rule of rules) {
    const m = rule.pattern.exec(text)
    if (m) return { rule, m }
  }
  return undefined
}

/** A registry failure in `text`, with the host it names and whether that host is one of `mirrors`. */
function registryFailure(text: string, mirrors: readonly string[], extra: Record<string, string | undefined>) {
  const hit = firstRule(REGISTRY_RULES, text)
  if (!hit) return undefined
  const host = hostOf(text)
  const via = mirrors.length && host ? (mirrors.some((m) => sameMirrorHost(m, host)) ? 'mirror' : 'upstream') : null
  return dockerFailure(hit.rule.kind, text, { ...extra, ...hit.rule.values?.(hit.m) }, { host, via })
}

export interface FailureInput {
  /** The words: a pull's error, a command's output (its end), the GPU test's output, an API error's message. */
  message: string
  /** The command line that printed it (a terminal's command): the book's typesetting traps show in it. */
  commandLine?: string
  /** The engine's mirrors, to tell a mirror's failure from the upstream's. */
  mirrors?: readonly string[]
}

/**
 * Why it failed, from what the engine, the CLI or the registry said: the most specific reading of the words, or null
 * when they match nothing known (for a pull, whose failure is always explained, `other`).
 */
export function explainFailure(source: FailureSource, input: FailureInput): DockerFailure | null {
  const text = input.message.slice(-8000)
  const mirrors = input.mirrors ?? []
  if (source === 'pull') return registryFailure(text, mirrors, {}) ?? dockerFailure('other', text)
  const commandLine = input.commandLine ?? ''
  if (TYPOGRAPHIC_DASH.test(commandLine)) return dockerFailure('typographic-dash', text)
  if (BROKEN_CONTINUATION.test(`${commandLine}\n${text}`)) return dockerFailure('broken-continuation', text)
  // A program in a container may print cobra's words of its own: docker's, only when the line reads so too.
  const flagValueMissing = lineLacksFlagValue(commandLine)
  const hit = firstRule(
    COMMAND_RULES.filter((r) => r.kind !== 'missing-flag-value' || flagValueMissing),
    text,
  )
  if (hit && !AFTER_REGISTRY.has(hit.rule.kind)) {
    const values = hit.rule.values?.(hit.m)
    if (hit.rule.kind === 'container-not-running' && values?.name)
      values.name = containerAsTyped(values.name, commandLine)
    if (hit.rule.kind === 'missing-flag-value' && values)
      values.command = /(?:Run|See) 'docker ([a-z -]{1,60}) --help'/.exec(text)?.[1]
    if (hit.rule.kind === 'missing-argument' && values) values.usage = /Usage:\s+(docker [^\n]{1,200})/.exec(text)?.[1]
    return dockerFailure(hit.rule.kind, text, values)
  }
  const download = urlImportFailure(text, commandLine)
  if (download) return download
  const pullLines = text
    .split(/\r?\n/)
    .filter((line) => PULL_LINE.test(line))
    .join('\n')
  const image = /Unable to find image '([^']{1,200})' locally/.exec(text)?.[1]
  const registry = pullLines ? registryFailure(pullLines, mirrors, { image }) : undefined
  if (registry) return { ...registry, message: text.trim().slice(-4000) }
  if (hit) return dockerFailure(hit.rule.kind, text, hit.rule.values?.(hit.m))
  return source === 'gpu' ? dockerFailure('other', text) : null
}

interface ErrorLike {
  code?: unknown
  statusCode?: unknown
  message?: unknown
  json?: unknown
}

const UNREACHABLE = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'])

/** What dockerode, docker-modem or node:net threw when the engine was asked something, as a failure. */
export function explainEngineError(
  error: unknown,
  opts: { socketKind: 'unix' | 'npipe' | 'tcp' | 'ssh'; dockerInstalled: boolean },
): DockerFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike
  const code = typeof e.code === 'string' ? e.code : ''
  const json = (typeof e.json === 'object' && e.json !== null ? e.json : {}) as { message?: unknown }
  const message = typeof json.message === 'string' ? json.message : errorMessage(error)
  const remote = opts.socketKind === 'tcp' || opts.socketKind === 'ssh'
  if (code === 'EACCES' || code === 'EPERM') return dockerFailure('engine-permission', message)
  if (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    /CERT|SELF_SIGNED|certificate|SSL|TLS/i.test(`${code} ${message}`)
  ) {
    return dockerFailure('engine-tls', message)
  }
  if (
    e.statusCode === 400 &&
    /client version .* is too (old|new)|API version|minimum supported API version/i.test(message)
  )
    return dockerFailure('engine-api-version', message)
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    if (remote) return dockerFailure('engine-unreachable', message)
    return dockerFailure(opts.dockerInstalled ? 'engine-not-running' : 'engine-not-installed', message)
  }
  if (UNREACHABLE.has(code) || /timed? ?out/i.test(message)) return dockerFailure('engine-unreachable', message)
  return explainFailure('api', { message }) ?? dockerFailure('other', message)
}
