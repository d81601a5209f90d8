/**
 * Notes the app adds beside outdated commands and passages of the book; the book's own text is
 * never changed. `match` is tested against a step's command or, for prose, the chapter's text.
 */
export interface OutdatedNote {
  id: string
  match: RegExp
  zh: string
  en: string
  /** A modern command to use instead, when there is one. */
  modern?: string
  /**
   * Images the book uses that no registry serves any more, or that no current driver or engine runs: each with the
   * modern image to use instead, which the note's text names (null where there is none). A chapter's image list marks
   * them obsolete and leaves them out of "Get them all".
   */
  obsoleteImages?: Array<{ match: RegExp; modern: string | null }>
}

export const OUTDATED_NOTES: OutdatedNote[] = [
  {
    id: 'docker-ce-pin',
    match: /docker-ce=17\.12\.0-ce-0-ubuntu/,
    zh: '17.12 早已停止维护，Ubuntu 的软件源也不再提供这个版本号格式。请按官方文档添加 Docker 的 apt 源后安装当前版本；需要固定版本时，先用 `apt-cache madison docker-ce` 查看可用版本。',
    en: 'Docker 17.12 is long out of support, and the apt repository no longer has versions in this format. Add Docker’s apt repository as the official guide shows and install the current release; to pin a version, list them with `apt-cache madison docker-ce` first.',
    modern: 'sudo apt-get install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin',
  },
  {
    id: 'nvidia-docker',
    match: /\bnvidia-docker(?!-plugin)\b(?!\/)/,
    zh: 'nvidia-docker 已于 2024 年归档，被 NVIDIA Container Toolkit 取代。Docker 19.03 起直接用 `docker run --gpus all …`。',
    en: 'nvidia-docker was archived in 2024, superseded by the NVIDIA Container Toolkit. Since Docker 19.03, use `docker run --gpus all …`.',
    modern: 'docker run --gpus all --rm nvidia/cuda:12.4.1-base-ubuntu22.04 nvidia-smi',
  },
  {
    id: 'nv-gpu',
    match: /\bNV_GPU=/,
    zh: '`NV_GPU` 只被旧的 nvidia-docker 包装脚本读取。如今用 `--gpus \'"device=1,3"\'` 选择 GPU（在 nvidia 运行时下也可用 `-e NVIDIA_VISIBLE_DEVICES=1,3`）。',
    en: '`NV_GPU` was read only by the old nvidia-docker wrapper. Today select GPUs with `--gpus \'"device=1,3"\'` (or `-e NVIDIA_VISIBLE_DEVICES=1,3` with the nvidia runtime).',
    modern: 'docker run --rm --gpus \'"device=1,3"\' nvidia/cuda:12.4.1-base-ubuntu22.04 nvidia-smi',
  },
  {
    id: 'ubuntu-eol',
    match: /\bubuntu:(?:14\.04|16\.04|18\.04)\b/,
    zh: 'Ubuntu 14.04/16.04/18.04 的标准支持都已结束，镜像不再更新安全补丁。练习时可改用 `ubuntu:24.04`（或 `ubuntu:22.04`）。',
    en: 'Ubuntu 14.04, 16.04 and 18.04 are past their standard support; their images get no security updates. Use `ubuntu:24.04` (or `ubuntu:22.04`) instead.',
  },
  {
    id: 'debian-stretch',
    match: /\bdebian:stretch\b/,
    zh: 'Debian 9 (stretch) 已停止支持，其软件源已移至 archive.debian.org，`apt-get update` 会失败。请改用 `debian:bookworm`。',
    en: 'Debian 9 (stretch) is end-of-life and its repositories moved to archive.debian.org, so `apt-get update` fails. Use `debian:bookworm`.',
  },
  {
    id: 'docker-toolbox',
    match: /Docker Toolbox/,
    zh: 'Docker Toolbox 已于 2020 年停止维护，被 Docker Desktop 取代（Windows 上使用 WSL 2 后端）。',
    en: 'Docker Toolbox was discontinued in 2020 and replaced by Docker Desktop (with the WSL 2 backend on Windows).',
  },
  {
    id: 'cuda-8',
    match: /cuda:8\.0-cudnn6-devel-ubuntu16\.04/,
    zh: 'CUDA 8 的镜像标签早已从 Docker Hub 删除。请选用当前标签，例如 `nvidia/cuda:12.4.1-base-ubuntu22.04`。',
    en: 'The CUDA 8 image tags were removed from Docker Hub long ago. Pick a current tag such as `nvidia/cuda:12.4.1-base-ubuntu22.04`.',
    obsoleteImages: [{ match: /^(?:nvcr\.io\/)?nvidia\/cuda:8\.0/, modern: 'nvidia/cuda:12.4.1-base-ubuntu22.04' }],
  },
  {
    id: 'ngc-17-06',
    match: /nvcr\.io\/nvidia\/(?:caffe|tensorflow|digits):17\.06/,
    zh: 'NGC 的 17.06 版容器（2017 年，CUDA 8）早已停止支持，需要多年前的驱动；NVIDIA 也不再发布 Caffe 和 DIGITS 容器。请改用当前的 NGC 容器，例如 `nvcr.io/nvidia/tensorflow:24.05-tf2-py3` 或 `nvcr.io/nvidia/pytorch:24.05-py3`。',
    en: 'NGC’s 17.06 containers (2017, CUDA 8) are long out of support and need drivers years old; NVIDIA no longer publishes Caffe or DIGITS containers at all. Use a current NGC container such as `nvcr.io/nvidia/tensorflow:24.05-tf2-py3` or `nvcr.io/nvidia/pytorch:24.05-py3`.',
    obsoleteImages: [
      { match: /^nvcr\.io\/nvidia\/tensorflow:17\.06$/, modern: 'nvcr.io/nvidia/tensorflow:24.05-tf2-py3' },
      { match: /^nvcr\.io\/nvidia\/(?:caffe|digits):17\.06$/, modern: 'nvcr.io/nvidia/pytorch:24.05-py3' },
    ],
  },
  {
    id: 'jupyter-quay',
    match: /jupyter\/datascience-notebook/,
    zh: 'Jupyter Docker Stacks 的新镜像自 2023 年起只发布到 quay.io：`quay.io/jupyter/datascience-notebook`。',
    en: 'Since 2023 new Jupyter Docker Stacks images are published only on quay.io: `quay.io/jupyter/datascience-notebook`.',
  },
  {
    id: 'training-webapp',
    match: /training\/webapp/,
    zh: '`training/webapp` 是多年未更新的示例镜像（Python 2）。练习数据卷时任何镜像都可以，例如 `nginx`。',
    en: '`training/webapp` is a sample image not updated for years (Python 2). Any image works for practising volumes, `nginx` for example.',
    obsoleteImages: [{ match: /^training\/webapp(?::|$)/, modern: 'nginx' }],
  },
  {
    id: 'automated-builds',
    match: /自动创建（Automated Builds）|Automated Builds/,
    zh: 'Docker Hub 的自动构建现在只对付费订阅开放；很多项目改用 GitHub Actions 构建并推送镜像。',
    en: 'Docker Hub’s automated builds are now available only on paid subscriptions; many projects build and push with GitHub Actions instead.',
  },
  {
    id: 'registry-mirror',
    match: /默认地址是 Docker Hub|the default is Docker Hub/,
    zh: '在 Docker Hub 被封锁或很慢的地方，可以给引擎配置镜像加速器（registry mirror，即 daemon.json 里的 `registry-mirrors`）；右侧的“仓库”面板可以测试镜像加速器的地址，并给出配置它的命令。没有网络时，也可以从同学或老师导出的 `.tar` 文件载入镜像。',
    en: 'Where Docker Hub is blocked or slow, give the engine a registry mirror (`registry-mirrors` in daemon.json): the Registry panel tests a mirror’s address and gives the commands that set it up. With no network at all, images load from a `.tar` file a classmate or teacher exported.',
  },
  {
    id: 'gitbooks-moved',
    match: /yeasy\.gitbooks\.io/,
    zh: '《Docker — 从入门到实践》已迁到 https://yeasy.gitbook.io/docker_practice （源码：github.com/yeasy/docker_practice）。',
    en: '“Docker — From Entry to Practice” moved to https://yeasy.gitbook.io/docker_practice (source: github.com/yeasy/docker_practice).',
  },
]

/** The note that declares an image obsolete, and the modern image it names instead; null for a current image. */
export function obsoleteImage(image: string): { note: string; modern: string | null } | null {
  for (const note of OUTDATED_NOTES) {
    const hit = note.obsoleteImages?.find((o) => o.match.test(image))
    if (hit) return { note: note.id, modern: hit.modern }
  }
  return null
}
