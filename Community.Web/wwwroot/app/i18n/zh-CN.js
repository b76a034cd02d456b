// 简体中文（默认语言）：外壳（页头、首页、错误、地区、通知）的文字。各功能区的文字在 areas/*/strings.js。键与 en.js 一一对应。
export default {
  'app.name': '一网社区',
  'app.skip': '跳到主要内容',
  'app.loading': '加载中…',
  'app.footer': '一网社区 · 省、市、县三级融媒体一张网',

  'lang.switch': 'EN',
  'lang.switchLabel': 'EN · 切换为英文（Switch to English）',

  'nav.home': '返回首页',
  'nav.signOut': '退出',

  'header.client': '{client} · {tier}',

  'live.connecting': '连接中',
  'live.connected': '实时已连接',
  'live.reconnecting': '重新连接中',
  'live.offline': '离线',

  'tier.province': '省级',
  'tier.city': '市级',
  'tier.county': '县级',

  'client.mediaCenter': '{region}融媒体中心',
  'client.countyGroup': '县级 · {city}',

  'region.choose': '请选择所在地区',
  'region.loading': '正在加载地区…',
  'region.cityGroup': '{city}',
  'region.wholeCity': '{city}（市级）',
  'region.other': '其他',

  'validation.required': '请填写此项。',

  'error.0': '网络连接失败，请检查网络后重试。',
  'error.400': '提交的内容有误。',
  'error.401': '请先登录。',
  'error.403': '没有权限执行此操作。',
  'error.404': '请求的内容不存在。',
  'error.409': '操作与当前状态冲突。',
  'error.413': '提交的内容过大。',
  'error.429': '操作过于频繁，请稍后再试。',
  'error.5xx': '服务暂时出错，请稍后再试。',
  'error.generic': '操作失败。',
  'error.fields': '请检查标出的内容。',

  'action.retry': '重试',

  'kind.profileUpdated': '资料已更新',
  'kind.roleGranted': '获得角色',

  'notification.displayName': '昵称：{name}',
  'notification.region': '地区：{region}',
  'notification.separator': '；',
  'notification.role': '角色：{role}',

  'notifications.title': '实时通知',
  'notifications.empty': '暂无通知。资料变更、角色授予等消息会实时出现在这里。',

  'home.title': '我的社区',
  'home.lead': '兴趣圈、潮鸣号创作者、问政和管理后台，一个账号连接省、市、县三级。',
  'home.areas': '功能区',

  'error.retryAfter': '请在 {seconds} 秒后再试。',

  'area.deniedHint': '如需开通，请联系管理员。获得角色后会收到通知，重新登录即可使用。',
  'area.signInAgain': '已获得所需角色，重新登录后即可使用。',

  'notFound.title': '页面不存在',
  'notFound.text': '你访问的地址没有对应的页面。',
};
