import { loadModel, type tf } from '@qudao/ml';

/** Loaded models by version id: a version's weights are read from disk once per process. */
export class ModelCache {
  private readonly models = new Map<string, Promise<tf.LayersModel>>();

  get(versionId: string, dir: string): Promise<tf.LayersModel> {
    let model = this.models.get(versionId);
    if (!model) {
      model = loadModel(dir);
      model.catch(() => this.models.delete(versionId));
      this.models.set(versionId, model);
    }
    return model;
  }

  async clear(): Promise<void> {
    for (const model of this.models.values()) (await model.catch(() => null))?.dispose();
    this.models.clear();
  }
}
