import { defineMessages, useMessages } from '../i18n/bundle.ts';

/** The training launch form and the deploy form. */
const MESSAGES = defineMessages(
  {
    'train.title': 'Train a model',
    'train.subtitle':
      'Choose a data set and a template; the run page shows the curves live while it trains.',
    'train.form': 'Training run',
    'train.dataset': 'Data set',
    'train.template': 'Template',
    'train.modelName': 'Model name',
    'train.modelNameHint': 'Lowercase letters, digits, dot, dash; empty: named after the data set',
    'train.epochs': 'Epochs',
    'train.batchSize': 'Batch size',
    'train.learningRate': 'Learning rate',
    'train.start': 'Start training',
    'train.noData': 'No data set yet: import one first (qudao data import).',
    'train.starting': 'Queued; opening the run…',
    'deploy.title': 'Deploy a model version',
    'deploy.name': 'Endpoint name',
    'deploy.model': 'Model',
    'deploy.version': 'Version',
    'deploy.submit': 'Deploy',
    'deploy.done': 'Endpoint {name} serves {model} v{version}.',
    'deploy.noModel': 'No model yet: train one first.',
    choose: 'Choose…',
  },
  {
    'train.title': '训练模型',
    'train.subtitle': '选择数据集和模板;训练记录页面会实时显示训练曲线。',
    'train.form': '训练任务',
    'train.dataset': '数据集',
    'train.template': '模板',
    'train.modelName': '模型名称',
    'train.modelNameHint': '小写字母、数字、点、横线;留空则以数据集命名',
    'train.epochs': '轮数',
    'train.batchSize': '批大小',
    'train.learningRate': '学习率',
    'train.start': '开始训练',
    'train.noData': '还没有数据集:请先导入一个(qudao data import)。',
    'train.starting': '已排队,正在打开训练记录…',
    'deploy.title': '部署模型版本',
    'deploy.name': '端点名称',
    'deploy.model': '模型',
    'deploy.version': '版本',
    'deploy.submit': '部署',
    'deploy.done': '端点 {name} 正在提供 {model} 第 {version} 版。',
    'deploy.noModel': '还没有模型:请先训练一个。',
    choose: '请选择…',
  },
);

export const useTrainingText = () => useMessages(MESSAGES);
