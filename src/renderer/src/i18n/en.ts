export default {
  app: { title: 'Whalebook', tagline: 'A Docker tutorial you can run' },
  status: {
    checking: 'Checking the Docker engine…',
    connected: 'Docker {version}',
    api: 'API {version}',
    rootless: 'rootless',
    retry: 'Retry',
    unavailable: 'No Docker engine',
    problem: {
      'not-installed':
        'Docker is not installed on this machine. The book still reads; install Docker (chapter 1.1) to run its commands.',
      'not-running': 'The Docker engine is not running. Start it (sudo systemctl start docker) and press Retry.',
      'permission-denied':
        'Permission denied on the Docker socket. Add yourself to the docker group (sudo usermod -aG docker $USER), then log out and in again.',
      unreachable: 'The Docker host cannot be reached. Check DOCKER_HOST and the network.',
      tls: 'TLS failed talking to the Docker host. Check DOCKER_CERT_PATH and DOCKER_TLS_VERIFY.',
      'api-version': 'The Docker engine speaks an API version this app does not support.',
      unknown: 'The Docker engine did not answer.',
    },
  },
  terminal: {
    tab: 'Terminal {n}',
    new: 'New terminal',
    close: 'Close terminal',
    restart: 'Restart',
    exited: 'The shell exited with code {code}.',
    noIntegration: '{shell} runs without shell integration: commands work, but their exit codes are not tracked.',
    prevCommand: 'Previous command (Ctrl+Shift+↑)',
    nextCommand: 'Next command (Ctrl+Shift+↓)',
    search: 'Find in terminal',
    scrollback: 'Scrollback lines',
  },
  common: { copy: 'Copy' },
  gpu: {
    checking: 'Checking for NVIDIA GPUs…',
    driver: 'Driver {driver} · CUDA ≤ {cuda}',
    refresh: 'Refresh',
    verdict: {
      ready: 'Ready for GPU containers',
      'needs-toolkit': 'GPU found, but Docker cannot use it yet',
      'needs-engine': 'GPU found, but no Docker engine answers',
      'driver-problem': 'The NVIDIA driver is not working',
      'no-gpu': 'No NVIDIA GPU detected',
      'unsupported-os': 'GPU containers are not supported on macOS',
    },
    smi: {
      timeout: 'nvidia-smi did not answer in time (a hung driver?).',
      'driver-not-loaded': 'nvidia-smi cannot talk to the NVIDIA driver: it is not installed or not loaded.',
      'version-mismatch': 'The loaded driver and its library differ, usually after a driver upgrade: reboot.',
      'nvml-missing': 'The NVML library could not be loaded.',
      'no-permission': 'nvidia-smi lacks permission.',
      'gpu-lost': 'A GPU has fallen off the bus.',
      unparsable: 'nvidia-smi printed something unexpected.',
      other: 'nvidia-smi failed.',
    },
    proc: { container: 'Container', process: 'Process', memory: 'GPU memory', host: '(host)' },
    checklist: 'Checklist',
    check: {
      os: {
        missing:
          'macOS has no NVIDIA CUDA (CUDA 10.2 was the last), and Docker Desktop supports GPUs only on Windows with WSL 2.',
      },
      desktop: {
        info: 'Windows: GPU containers run through Docker Desktop with the WSL 2 backend and a current NVIDIA Windows driver.',
      },
      driver: {
        ok: 'NVIDIA driver {driver} (CUDA up to {cuda}).',
        missing: 'No NVIDIA driver tools (nvidia-smi) found: install the NVIDIA driver first.',
        failed: 'The NVIDIA driver is not working: {message}',
      },
      gpu: { ok: '{count} GPU: {names}', missing: 'nvidia-smi works but lists no GPU.' },
      toolkit: {
        ok: 'NVIDIA Container Toolkit found.',
        missing: 'NVIDIA Container Toolkit is not installed: docker run --gpus cannot work without it.',
        info: 'GPU support comes from {provider}.',
      },
      engine: { missing: 'No Docker engine answers; GPU containers need one (see the status bar).' },
      runtime: {
        ok: 'The engine can run GPU containers (runtimes: {runtimes}).',
        missing: 'The engine has neither an nvidia runtime nor NVIDIA CDI devices (runtimes: {runtimes}).',
        warning:
          'Docker Desktop lists an nvidia runtime even without an NVIDIA GPU: it proves nothing about the hardware.',
      },
      cdi: {
        warning: 'CDI spec {path} was generated for driver {specDriver}, but {driver} is running: regenerate it.',
      },
      legacy: { warning: 'Legacy nvidia-docker is installed; it is deprecated: move to the NVIDIA Container Toolkit.' },
    },
    openChapter: 'Chapter 3: Nvidia-Docker',
    legacyTitle: 'The book’s nvidia-docker commands, today',
    testTitle: 'Test GPU in a container',
    testImage: 'Image',
    testRun: 'Run test',
    diagnosis: {
      ok: 'The container sees the GPU.',
      'no-toolkit':
        'The engine could not select a GPU device driver: install the NVIDIA Container Toolkit and restart Docker.',
      'no-runtime':
        'The engine has no nvidia runtime: run sudo nvidia-ctk runtime configure --runtime=docker and restart Docker.',
      'driver-missing': 'The toolkit is there but the NVIDIA driver is not usable.',
      'image-unavailable': 'The image is not here and could not be pulled (offline?). Pick an image you have.',
      'engine-unavailable': 'No Docker engine answered.',
      other: 'The test failed; see the output.',
    },
  },
  panels: { gpu: 'GPU' },
  welcome: {
    heading: 'Welcome to Whalebook',
    body: 'Read the tutorial chapter by chapter and run each command in a real terminal beside it.',
  },
  language: 'Language',
}
