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
  welcome: {
    heading: 'Welcome to Whalebook',
    body: 'Read the tutorial chapter by chapter and run each command in a real terminal beside it.',
  },
  language: 'Language',
}
