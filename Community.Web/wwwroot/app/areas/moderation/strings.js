// Strings of the moderation area — Moderation: the console of moderators and admins. Merged into the shell's dictionaries by i18n.js (zh-CN is the default;
// en falls back to it key by key).
export default {
  'zh-CN': {
    'area.moderation.name': '管理后台',
    'area.moderation.summary': '审核举报与问政、维护词表、设置任务、查看审计日志。',
    'area.moderation.requires': '需要“审核员”或“管理员”角色。',
    'area.moderation.description': '审核员和运营人员在这里审核举报和新提交的问政，删除内容、封禁账号，维护屏蔽词和待审词，为创作者设置任务，并查看谁在何时因何做了什么。',
    'area.moderation.next': '审核队列、词表和审计日志即将在这里上线。',
  },
  'en': {
    'area.moderation.name': 'Admin console',
    'area.moderation.summary': 'Review reports and tickets, keep word lists, set tasks, read the audit log.',
    'area.moderation.requires': 'Needs the moderator or admin role.',
    'area.moderation.description': 'Moderators and operators review reports and incoming tickets, remove content, ban accounts, keep the blocked and review word lists, define creator tasks, and read who did what, when and why.',
    'area.moderation.next': 'The moderation queue, word lists and audit log will appear here next.',
  },
};
