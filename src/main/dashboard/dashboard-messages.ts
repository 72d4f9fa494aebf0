// What the dashboard's commands say, in English and Chinese (the `language` setting picks, as in the CLI).
import type { Lang } from '../engine/alerts/alert-strings.js';

export interface DashboardStrings {
  serving(url: string): string;
  tunnel(port: number): string;
  notRunning(dataDir: string): string;
  portBusy(port: number): string;
  metricsAt(url: string, tokenFile: string): string;
}

const en: DashboardStrings = {
  serving: (url) => `clawdoc: dashboard at ${url} (this machine only; the address is the key, keep it private)`,
  tunnel: (port) => `clawdoc: from another computer: ssh -L ${port}:127.0.0.1:${port} <this host>, then open the same address there`,
  notRunning: (dir) => `no dashboard is running for data dir ${dir}; start one with \`clawdoc watch --dashboard\``,
  portBusy: (port) => `port ${port} is taken; choose another with --dashboard-port N (0: any free port)`,
  metricsAt: (url, file) => `clawdoc: Prometheus metrics at ${url} (bearer token in ${file})`,
};

const zh: DashboardStrings = {
  serving: (url) => `clawdoc：控制台地址 ${url}（仅限本机访问；此地址即钥匙，请勿外传）`,
  tunnel: (port) => `clawdoc：从其他电脑访问：ssh -L ${port}:127.0.0.1:${port} <本机>，然后在那台电脑上打开同一地址`,
  notRunning: (dir) => `数据目录 ${dir} 没有正在运行的控制台；请用 \`clawdoc watch --dashboard\` 启动`,
  portBusy: (port) => `端口 ${port} 已被占用；请用 --dashboard-port N 换一个（0 表示任意空闲端口）`,
  metricsAt: (url, file) => `clawdoc：Prometheus 指标地址 ${url}（Bearer 令牌见 ${file}）`,
};

export function dashboardStrings(lang: Lang): DashboardStrings {
  return lang === 'zh' ? zh : en;
}
