/**
 * Sentences for the error codes the ML pages meet (data sets, endpoints, runs, the GPT
 * playground), in English and Chinese; `errors.ts` reads them with its own table.
 */
export const ML_ERRORS: Record<string, readonly [en: string, zh: string]> = {
  'request.too_large': [
    'The file is larger than the server accepts (QUDAO_MAX_UPLOAD_BYTES); import it from a server folder with the CLI.',
    '文件超过服务器允许的大小(QUDAO_MAX_UPLOAD_BYTES),请用命令行从服务器目录导入。',
  ],
  'data.version_not_found': ['This data set has no such version.', '该数据集没有这个版本。'],
  'data.unknown_builtin': [
    'There is no built-in data set of that name.',
    '没有该名称的内置数据集。',
  ],
  'data.missing_file': ['Choose a file to upload first.', '请先选择要上传的文件。'],
  'data.bad_format': [
    'The file is not in the format it claims; check it is CSV, TSV, JSONL or a ZIP.',
    '文件格式不符,请确认是 CSV、TSV、JSONL 或 ZIP。',
  ],
  'data.unknown_format': [
    'The file type is not known; upload CSV, TSV, JSONL, .gz or .zip.',
    '无法识别文件类型,请上传 CSV、TSV、JSONL、.gz 或 .zip。',
  ],
  'data.bad_encoding': [
    'The file is not UTF-8 text; save it as UTF-8.',
    '文件不是 UTF-8 文本,请另存为 UTF-8。',
  ],
  'data.bad_json': ['A line of the file is not valid JSON.', '文件中有一行不是有效的 JSON。'],
  'data.ragged_row': [
    'A row has a different number of fields than the header.',
    '有一行的字段数与表头不一致。',
  ],
  'data.bad_mapping': [
    'A column named in the options is not in the file.',
    '选项中指定的列在文件中不存在。',
  ],
  'data.empty': [
    'Nothing was left to import after cleaning; check the file and its label column.',
    '清洗后没有可导入的数据,请检查文件及其标签列。',
  ],
  'data.too_large': ['The file is past a size limit.', '文件超过大小限制。'],
  'data.truncated': ['The gzip file is cut short; copy it again.', 'gzip 文件不完整,请重新复制。'],
  'data.bad_archive': [
    'The ZIP cannot be read; pack it again as a plain ZIP of folders and files.',
    '无法读取该 ZIP,请重新打包为普通的文件夹 ZIP。',
  ],
  'data.bad_image': ['An image in the archive cannot be read.', '压缩包中有图片无法读取。'],
  'data.too_many_classes': ['The label column has too many classes.', '标签列的类别过多。'],
  'data.version_corrupt': [
    'The stored files of this version are damaged; import it again.',
    '该版本的存储文件已损坏,请重新导入。',
  ],
  'serving.endpoint_stopped': ['The endpoint is stopped; start it first.', '端点已停止,请先启动。'],
  'serving.alias_missing': [
    'The alias points at no version; set it in the registry first.',
    '该别名未指向任何版本,请先在模型库中设置。',
  ],
  'serving.model_load_failed': [
    'That version could not be loaded; the endpoint keeps what it served.',
    '该版本无法加载,端点保持原来的版本。',
  ],
  'serving.version_missing': [
    'The version this endpoint served is gone; deploy a version to it.',
    '该端点所服务的版本已不存在,请重新部署一个版本。',
  ],
  'serving.no_canary': [
    'There is no canary to promote; start one first.',
    '没有可提升的金丝雀版本,请先启动一个。',
  ],
  'serving.nothing_to_roll_back': [
    'There is no canary and no promotion to undo.',
    '没有金丝雀版本,也没有可撤销的提升。',
  ],
  'serving.bad_traffic': [
    'That traffic change is not possible; check the version and the percentage.',
    '无法进行该流量调整,请检查版本和百分比。',
  ],
  'serving.not_a_language_model': [
    'This endpoint does not serve a language model.',
    '该端点提供的不是语言模型。',
  ],
  'serving.overloaded': ['The endpoint is busy; try again in a moment.', '端点繁忙,请稍后重试。'],
  'registry.alias_not_found': ['The model has no such alias.', '该模型没有这个别名。'],
  'registry.model_not_found': ['No model has this name.', '没有这个名称的模型。'],
  'registry.tag_not_found': ['The version has no such tag.', '该版本没有这个标签。'],
  'registry.no_tfjs_files': [
    'This version was imported from ONNX: it has no TensorFlow.js files, so the browser cannot load it. Its endpoint still serves it.',
    '此版本从 ONNX 导入,没有浏览器可加载的模型文件,因此无法在浏览器中运行;部署它的端点仍可正常预测。',
  ],
  'training.bad_search': [
    'The search space cannot be tried; check the values to try.',
    '无法按该搜索空间进行搜索,请检查要尝试的值。',
  ],
  'training.job_not_found': ['No such training job.', '没有该训练任务。'],
  'monitoring.no_reference': [
    'This version has no training reference to compare with.',
    '该版本没有可对比的训练参考数据。',
  ],
  'training.run_not_found': ['No such training run.', '没有该训练记录。'],
  'gateway.context_exceeded': [
    'The prompt is as long as the model’s context; shorten it.',
    '提示词已达到模型上下文长度,请缩短。',
  ],
  'gateway.empty_prompt': ['Write a prompt first.', '请先输入提示词。'],
  'gateway.generation_failed': [
    'The model failed while generating; try again.',
    '模型生成时出错,请重试。',
  ],
  'gateway.stream_cut': [
    'The stream ended before the answer was complete; try again.',
    '回答未完成,数据流就已中断,请重试。',
  ],
  'metering.budget_exhausted': ['The key’s budget is spent.', '该密钥的预算已用完。'],
};
