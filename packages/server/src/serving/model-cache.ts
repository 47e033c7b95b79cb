import { loadModel, loadPreprocessing, type Preprocessing, type tf } from '@qudao/ml';

/**
 * Loaded models and their preprocessing by version id: a version's files are read from disk
 * once per process (versions are immutable).
 */
export class ModelCache {
  private readonly models = new Map<string, Promise<tf.LayersModel>>();
  private readonly preprocessings = new Map<string, Promise<Preprocessing | undefined>>();

  /** The preprocessing saved beside the model, or undefined for versions saved without one. */
  preprocessing(versionId: string, dir: string): Promise<Preprocessing | undefined> {
    let found = this.preprocessings.get(versionId);
    if (!found) {
      found = loadPreprocessing<Preprocessing>(dir);
      found.catch(() => this.preprocessings.delete(versionId));
      this.preprocessings.set(versionId, found);
    }
    return found;
  }

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
    this.preprocessings.clear();
  }
}
