import { readDockerCommand } from './docker/command'
import { commandList } from './docker/shell'

/**
 * Fix commands for each missing piece, per distribution family, after NVIDIA's Container Toolkit
 * install guide. Shown as copyable steps in the GPU panel; never run by the app itself.
 */
export const GPU_FIXES = {
  driver: {
    debian: ['sudo ubuntu-drivers install    # Ubuntu; on Debian: sudo apt-get install nvidia-driver', 'sudo reboot'],
    rhel: ['sudo dnf install -y nvidia-driver    # from NVIDIA’s CUDA repository or RPM Fusion', 'sudo reboot'],
  },
  driverProblem: {
    debian: [
      'sudo reboot    # after a driver upgrade the loaded module and the library disagree until a reboot',
      'lsmod | grep nvidia',
      'dmesg | grep -i nvidia',
    ],
    rhel: ['sudo reboot', 'lsmod | grep nvidia', 'dmesg | grep -i nvidia'],
  },
  toolkit: {
    debian: [
      'curl -fsSL https://nvidia.github.io/libnvidia-container/gpgkey | sudo gpg --dearmor -o /usr/share/keyrings/nvidia-container-toolkit-keyring.gpg',
      "curl -s -L https://nvidia.github.io/libnvidia-container/stable/deb/nvidia-container-toolkit.list | sed 's#deb https://#deb [signed-by=/usr/share/keyrings/nvidia-container-toolkit-keyring.gpg] https://#g' | sudo tee /etc/apt/sources.list.d/nvidia-container-toolkit.list",
      'sudo apt-get update',
      'sudo apt-get install -y nvidia-container-toolkit',
      'sudo nvidia-ctk runtime configure --runtime=docker',
      'sudo systemctl restart docker',
    ],
    rhel: [
      'curl -s -L https://nvidia.github.io/libnvidia-container/stable/rpm/nvidia-container-toolkit.repo | sudo tee /etc/yum.repos.d/nvidia-container-toolkit.repo',
      'sudo dnf install -y nvidia-container-toolkit',
      'sudo nvidia-ctk runtime configure --runtime=docker',
      'sudo systemctl restart docker',
    ],
  },
  runtime: {
    debian: ['sudo nvidia-ctk runtime configure --runtime=docker', 'sudo systemctl restart docker'],
    rhel: ['sudo nvidia-ctk runtime configure --runtime=docker', 'sudo systemctl restart docker'],
  },
  cdiRefresh: {
    debian: ['sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml', 'nvidia-ctk cdi list'],
    rhel: ['sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml', 'nvidia-ctk cdi list'],
  },
  legacy: {
    debian: [
      'sudo apt-get purge -y nvidia-docker nvidia-docker2',
      'sudo apt-get install -y nvidia-container-toolkit',
      'sudo nvidia-ctk runtime configure --runtime=docker',
      'sudo systemctl restart docker',
    ],
    rhel: [
      'sudo dnf remove -y nvidia-docker nvidia-docker2',
      'sudo dnf install -y nvidia-container-toolkit',
      'sudo nvidia-ctk runtime configure --runtime=docker',
      'sudo systemctl restart docker',
    ],
  },
  dockerDesktop: {
    windows: [
      'wsl --update',
      'docker run --rm -it --gpus=all nvcr.io/nvidia/k8s/cuda-sample:nbody nbody -gpu -benchmark',
    ],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>

/**
 * The book's legacy nvidia-docker commands, rewritten for today's Docker (19.03+ `--gpus`):
 * `nvidia-docker run` → `docker run --gpus all`, `NV_GPU=1,3 nvidia-docker run` → `docker run --gpus '"device=1,3"'`.
 */
export function modernizeGpuCommand(command: string): string | null {
  const first = commandList(command).commands[0]
  const docker = first ? readDockerCommand(first.words) : undefined
  if (!first || docker?.program !== 'nvidia-docker' || (docker.verb !== 'run' && docker.verb !== 'create')) return null
  const at = first.words.findIndex((w) => w.value === 'nvidia-docker')
  const verb = first.words.slice(at + 1).find((w) => w.value === docker.spelling.split(' ').at(-1))
  const devices = first.words
    .slice(0, at)
    .find((w) => w.value.startsWith('NV_GPU='))
    ?.value.slice('NV_GPU='.length)
  const gpus = devices ? `--gpus '"device=${devices}"'` : '--gpus all'
  return `docker ${docker.spelling} ${gpus}${command.slice(verb?.end ?? command.length)}`
}
