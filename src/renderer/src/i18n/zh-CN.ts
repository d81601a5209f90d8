import type en from './en'

const zhCN: typeof en = {
  app: { title: 'Whalebook', tagline: '可以动手运行的 Docker 教程' },
  status: {
    checking: '正在检查 Docker 引擎…',
    connected: 'Docker {version}',
    api: 'API {version}',
    rootless: 'rootless',
    retry: '重试',
    unavailable: '没有可用的 Docker 引擎',
    problem: {
      'not-installed': '本机没有安装 Docker。教程仍可阅读；按第 1.1 节安装 Docker 后即可运行其中的命令。',
      'not-running': 'Docker 引擎没有运行。请启动它（sudo systemctl start docker），然后点击“重试”。',
      'permission-denied':
        '没有权限访问 Docker socket。请把当前用户加入 docker 组（sudo usermod -aG docker $USER），然后注销并重新登录。',
      unreachable: '无法连接 Docker 主机。请检查 DOCKER_HOST 和网络。',
      tls: '与 Docker 主机的 TLS 连接失败。请检查 DOCKER_CERT_PATH 和 DOCKER_TLS_VERIFY。',
      'api-version': 'Docker 引擎的 API 版本不受本应用支持。',
      unknown: 'Docker 引擎没有响应。',
    },
  },
  terminal: {
    tab: '终端 {n}',
    new: '新建终端',
    close: '关闭终端',
    restart: '重新启动',
    exited: 'Shell 已退出，退出码 {code}。',
    noIntegration: '{shell} 没有 shell 集成：命令可以运行，但不会记录退出码。',
    prevCommand: '上一条命令（Ctrl+Shift+↑）',
    nextCommand: '下一条命令（Ctrl+Shift+↓）',
    search: '在终端中查找',
    scrollback: '回滚行数',
  },
  welcome: {
    heading: '欢迎使用 Whalebook',
    body: '逐章阅读教程，并在旁边真实的终端里运行每一条命令。',
  },
  language: '语言',
}
export default zhCN
