// Strings of the creators area — Creators (Chaominghao). Merged into the shell's dictionaries by i18n.js (zh-CN is the default;
// en falls back to it key by key).
export default {
  'zh-CN': {
    'area.creators.name': '潮鸣号创作者',
    'area.creators.summary': '发布作品、转载联盟作品、完成任务获得流量激励。',
    'area.creators.requires': '需要“创作者”角色。',
    'area.creators.description': '县级融媒体中心、机构和个人创作者在这里发布面向省、市、县频道的作品，转载联盟成员的作品，查看粉丝、阅读、点赞、分享数据，完成运营任务赢取积分与流量扶持。',
    'area.creators.next': '作品管理与数据看板即将在这里上线。',
  },
  'en': {
    'area.creators.name': 'Creator dashboard',
    'area.creators.summary': 'Publish works, reprint alliance works, complete tasks for traffic incentives.',
    'area.creators.requires': 'Needs the creator role.',
    'area.creators.description': 'County media centers, institutions and individual Chaominghao creators publish works for province, city and county channels, reprint alliance members’ works, follow their followers, views, likes and shares, and complete tasks for points and traffic boosts.',
    'area.creators.next': 'Works and the statistics dashboard will appear here next.',
  },
};
