// Strings of the help-tickets area — Help tickets: the ask-the-government queue of a department. Merged into the shell's dictionaries by i18n.js (zh-CN is the default;
// en falls back to it key by key).
export default {
  'zh-CN': {
    'area.help-tickets.name': '问政',
    'area.help-tickets.summary': '部门处理群众的求助、投诉和建议。',
    'area.help-tickets.requires': '需要“部门工作人员”角色。',
    'area.help-tickets.description': '政府部门的工作人员在这里处理本部门收到的求助、投诉和建议：回复、办结、转办，并查看本部门的受理量、办结率和首次回复时长。',
    'area.help-tickets.next': '部门工单队列即将在这里上线。',
  },
  'en': {
    'area.help-tickets.name': 'Ask the government',
    'area.help-tickets.summary': 'Departments answer citizens’ requests for help, complaints and suggestions.',
    'area.help-tickets.requires': 'Needs the department staff role.',
    'area.help-tickets.description': 'Government department staff work their queue of citizens’ requests for help, complaints and suggestions here: reply, resolve, transfer, and see their department’s figures — received, completion rate and time to first reply.',
    'area.help-tickets.next': 'The department’s ticket queue will appear here next.',
  },
};
