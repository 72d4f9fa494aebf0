// The driver for each channel type.
import type { ChannelType } from '../../settings/alerts-schema.js';
import { dingtalkDriver } from './dingtalk.js';
import { discordDriver } from './discord.js';
import { feishuDriver } from './feishu.js';
import { slackDriver } from './slack.js';
import { telegramDriver } from './telegram.js';
import type { ChannelDriver } from './channel-driver.js';
import { webhookDriver } from './webhook.js';
import { wecomDriver } from './wecom.js';

export function driverFor(type: ChannelType): ChannelDriver {
  switch (type) {
    case 'feishu':
      return feishuDriver('Feishu');
    case 'lark':
      return feishuDriver('Lark');
    case 'dingtalk':
      return dingtalkDriver();
    case 'wecom':
      return wecomDriver();
    case 'discord':
      return discordDriver();
    case 'telegram':
      return telegramDriver();
    case 'slack':
      return slackDriver();
    case 'webhook':
      return webhookDriver();
  }
}

export type { ChannelDriver } from './channel-driver.js';
